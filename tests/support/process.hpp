// Runs a program (usually the schemactl binary) and captures what it printed.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace schemactl::test {

struct ProcessResult {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

struct ProcessOptions {
  std::string cwd{};                           // empty: current directory
  std::map<std::string, std::string> env{};    // added to (or replacing) the inherited environment
  std::vector<std::string> unset_env{};        // removed from the inherited environment
  std::string stdin_data{};
};

ProcessResult run_process(const std::vector<std::string>& argv, const ProcessOptions& options = {});

// Runs the schemactl binary built with the tests. DATABASE_URL and DBMATE_* are removed from the
// inherited environment so that tests only see what they pass.
// The path of a PostgreSQL 15 program (psql, pg_dump): the server's own, else the one on /usr/bin.
std::string pg_bin(const std::string& name);

ProcessResult run_schemactl(const std::vector<std::string>& args, ProcessOptions options = {});

}  // namespace schemactl::test
