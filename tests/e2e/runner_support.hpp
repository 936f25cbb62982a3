// Helpers shared by the runner's end-to-end tests (tests/e2e/runner_*.cpp): a temporary project
// directory with migration files, and shortcuts for running schemactl against a database.
#pragma once

#include <doctest/doctest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "tests/support/process.hpp"
#include "tests/support/test_db.hpp"

namespace schemactl::test {

// A fresh directory under the system temp dir, removed at scope exit. Migrations go in
// <dir>/migrations unless a test says otherwise.
class ProjectDir {
 public:
  ProjectDir() {
    static std::atomic<int> counter{0};
    path_ = std::filesystem::temp_directory_path() /
            ("schemactl_runner_" + std::to_string(getpid()) + "_" + std::to_string(counter++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_ / "migrations");
  }
  ~ProjectDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  ProjectDir(const ProjectDir&) = delete;
  ProjectDir& operator=(const ProjectDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::string migrations() const { return (path_ / "migrations").string(); }

  // Writes <dir>/<relative> (creating directories) and returns its full path.
  std::string write(const std::string& relative, const std::string& text) const {
    auto file = path_ / relative;
    std::filesystem::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << text;
    return file.string();
  }
  // Writes migrations/<filename>.
  std::string migration(const std::string& filename, const std::string& text) const {
    return write("migrations/" + filename, text);
  }

 private:
  std::filesystem::path path_;
};

// schemactl --url <url> -d <project>/migrations <args...>, run inside the project directory.
inline ProcessResult run_in(const ProjectDir& project, const std::string& url, std::vector<std::string> args,
                            ProcessOptions options = {}) {
  std::vector<std::string> full{"--url", url, "-d", project.migrations()};
  full.insert(full.end(), args.begin(), args.end());
  if (options.cwd.empty()) options.cwd = project.path().string();
  return run_schemactl(full, options);
}

// The output of a run, for failure messages.
inline std::string describe(const ProcessResult& r) {
  return "exit " + std::to_string(r.exit_code) + "\n--- stdout\n" + r.out + "--- stderr\n" + r.err;
}

inline bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace schemactl::test
