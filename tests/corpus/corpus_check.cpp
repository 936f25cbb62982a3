// The corpus check (ctest label `corpus`): the four-phase check on every case of the external
// corpus, on two workers, against the server in SCHEMACTL_TEST_URL. Prints the pass rate per
// source and one line per failure, and compares the failures with known_failures.txt: a new
// failure, or a listed case that now passes, fails the run.
//
//   corpus_check                      every case
//   corpus_check FILTER               only cases whose "source/case" contains FILTER (no list check)
//   corpus_check --write-known-failures   rewrite known_failures.txt from this run
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include <fmt/format.h>

#include "compiler/quote.hpp"
#include "tests/corpus/corpus_case.hpp"
#include "tests/support/test_db.hpp"

namespace fs = std::filesystem;
using namespace schemactl;

namespace {

constexpr int kSkip = 77;
constexpr int kWorkers = 2;

fs::path corpus_cases() {
  if (const char* env = std::getenv("SCHEMACTL_CORPUS"); env && *env) return fs::path(env) / "cases";
  return fs::path(SCHEMACTL_SOURCE_DIR) / ".." / "shared" / "corpus" / "cases";
}

fs::path known_failures_file() { return fs::path(SCHEMACTL_SOURCE_DIR) / "tests" / "corpus" / "known_failures.txt"; }

// "source/case  reason" per line; '#' starts a comment line.
std::map<std::string, std::string> read_known_failures() {
  std::map<std::string, std::string> out;
  std::ifstream in(known_failures_file());
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    auto space = line.find_first_of(" \t");
    std::string id = line.substr(0, space);
    std::string reason = space == std::string::npos ? "" : line.substr(line.find_first_not_of(" \t", space));
    out[id] = reason;
  }
  return out;
}

void setup_roles(const std::string& server, const std::vector<corpus::CorpusCase>& cases, const fs::path& root) {
  for (const auto& source : fs::directory_iterator(root)) {
    fs::path roles = source.path() / "_setup_roles.sql";
    if (!fs::exists(roles)) continue;
    std::ifstream in(roles);
    std::stringstream sql;
    sql << in.rdbuf();
    test::exec_sql(server, sql.str());
  }
  // Roles a case runs as: they log in, and create the scratch databases schemactl uses.
  std::set<std::string> users;
  for (const auto& c : cases)
    if (c.user) users.insert(*c.user);
  for (const auto& u : users)
    test::exec_sql(server, fmt::format("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = {0}) THEN "
                                       "CREATE ROLE {1}; END IF; END $$; ALTER ROLE {1} LOGIN CREATEDB",
                                       quote_literal(u), quote_ident(u)));
}

}  // namespace

int main(int argc, char** argv) {
  std::string filter;
  bool write_known = false;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--write-known-failures") write_known = true;
    else filter = arg;
  }
  fs::path root = corpus_cases();
  if (!fs::exists(root)) {
    std::cout << "corpus not found at " << root.string() << " (set SCHEMACTL_CORPUS): skipped\n";
    return kSkip;
  }
  std::string server;
  try {
    server = test::server_url();
  } catch (const std::exception& e) {
    std::cerr << e.what() << "\n";
    return 1;
  }

  std::vector<corpus::CorpusCase> cases;
  for (const auto& source : fs::directory_iterator(root)) {
    if (!source.is_directory()) continue;
    for (const auto& dir : fs::directory_iterator(source.path())) {
      if (!dir.is_directory()) continue;
      auto c = corpus::read_case(source.path().filename().string(), dir.path());
      if (filter.empty() || c.id().find(filter) != std::string::npos) cases.push_back(c);
    }
  }
  std::sort(cases.begin(), cases.end(), [](const auto& a, const auto& b) { return a.id() < b.id(); });
  setup_roles(server, cases, root);

  auto started = std::chrono::steady_clock::now();
  std::vector<corpus::CaseResult> results(cases.size());
  std::atomic<size_t> next{0};
  std::mutex print;
  auto worker = [&](int id) {
    corpus::WorkerDatabases databases(server, id);
    for (size_t i = next++; i < cases.size(); i = next++) {
      try {
        results[i] = corpus::run_case(cases[i], databases);
      } catch (const std::exception& e) {
        results[i] = {false, std::string("harness: ") + e.what()};
      }
      if (std::getenv("CORPUS_VERBOSE")) {
        std::lock_guard lock(print);
        std::cerr << (results[i].passed ? "pass " : "FAIL ") << cases[i].id() << "\n";
      }
    }
  };
  std::vector<std::thread> threads;
  for (int w = 0; w < kWorkers; ++w) threads.emplace_back(worker, w);
  for (auto& t : threads) t.join();
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  std::map<std::string, std::pair<int, int>> per_source;  // passed, total
  int passed = 0;
  for (size_t i = 0; i < cases.size(); ++i) {
    auto& [p, t] = per_source[cases[i].source];
    ++t;
    if (results[i].passed) ++p, ++passed;
  }
  std::cout << fmt::format("corpus: {}/{} cases pass ({:.1f}%) in {:.0f} s\n", passed, cases.size(),
                           cases.empty() ? 100.0 : 100.0 * passed / cases.size(), seconds);
  for (const auto& [source, pt] : per_source)
    std::cout << fmt::format("  {:8} {}/{} ({:.1f}%)\n", source, pt.first, pt.second, 100.0 * pt.first / pt.second);
  for (size_t i = 0; i < cases.size(); ++i)
    if (!results[i].passed) std::cout << "FAIL " << cases[i].id() << ": " << results[i].reason << "\n";

  if (write_known) {
    std::ofstream out(known_failures_file());
    out << "# Corpus cases that fail the four-phase check, with the reason (tests/corpus/corpus_check.cpp).\n"
           "# A listed case that starts passing, or an unlisted one that fails, fails the corpus test.\n";
    for (size_t i = 0; i < cases.size(); ++i)
      if (!results[i].passed) out << cases[i].id() << "  " << results[i].reason << "\n";
    std::cout << "wrote " << known_failures_file().string() << "\n";
    return 0;
  }
  if (!filter.empty()) return passed == static_cast<int>(cases.size()) ? 0 : 1;

  auto known = read_known_failures();
  int unexpected = 0;
  for (size_t i = 0; i < cases.size(); ++i) {
    bool listed = known.count(cases[i].id()) > 0;
    if (!results[i].passed && !listed) {
      std::cout << "NEW FAILURE " << cases[i].id() << ": " << results[i].reason << "\n";
      ++unexpected;
    } else if (results[i].passed && listed) {
      std::cout << "NOW PASSES " << cases[i].id() << " (remove it from known_failures.txt)\n";
      ++unexpected;
    }
  }
  double rate = cases.empty() ? 1.0 : static_cast<double>(passed) / cases.size();
  if (rate < 0.95) std::cout << fmt::format("pass rate {:.1f}% is below the 95% bar\n", 100 * rate);
  return unexpected == 0 && rate >= 0.95 ? 0 : 1;
}
