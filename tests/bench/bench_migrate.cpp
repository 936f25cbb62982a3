// Benchmark: `schemactl migrate` of 1,000 small migrations on a fresh database, beside the floor
// of one psql session doing the same work (each file in its own transaction together with its
// history insert, fed on stdin). Bar: schemactl within 1.1x of psql.
//
// Needs SCHEMACTL_TEST_URL (scripts/bench starts a server). Each round uses fresh databases; the
// median of the rounds is reported.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "tests/support/process.hpp"
#include "tests/support/test_db.hpp"

using namespace schemactl::test;
namespace fs = std::filesystem;

namespace {

constexpr int kMigrations = 1000;
constexpr int kRounds = 5;

std::string up_sql(int i) {
  std::string t = "item_" + std::to_string(i);
  return "CREATE TABLE " + t + " (\n  id bigint PRIMARY KEY,\n  name text NOT NULL,\n  created_at timestamptz NOT NULL DEFAULT now()\n);\n"
         "CREATE INDEX " + t + "_name_idx ON " + t + " (name);\n";
}

std::string version(int i) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "2024%010d", i);  // fixed width, like dbmate's timestamps
  return buf;
}

std::string find_psql() {
  for (const char* candidate : {"/usr/bin/psql", "/usr/lib/postgresql/15/bin/psql"}) {
    if (access(candidate, X_OK) == 0) return candidate;
  }
  throw std::runtime_error("psql not found");
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int run_benchmark();

int main() {
  try {
    server_url();
  } catch (const std::exception& e) {
    std::printf("bench_migrate: skipped: %s\n", e.what());
    return 0;
  }
  try {
    return run_benchmark();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_migrate: %s\n", e.what());
    return 1;
  }
}

int run_benchmark() {
  fs::path dir = fs::temp_directory_path() / ("schemactl_bench_migrate_" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "migrations");
  // The psql floor: what a careful shell script would feed psql for the same files.
  std::string psql_script = "CREATE TABLE IF NOT EXISTS schema_migrations (version varchar(128) primary key);\n";
  for (int i = 1; i <= kMigrations; ++i) {
    std::ofstream(dir / "migrations" / (version(i) + "_create_item_" + std::to_string(i) + ".sql"))
        << "-- migrate:up\n" << up_sql(i) << "\n-- migrate:down\nDROP TABLE item_" << i << ";\n";
    psql_script += "BEGIN;\n" + up_sql(i) + "INSERT INTO schema_migrations (version) VALUES ('" + version(i) +
                   "');\nCOMMIT;\n";
  }
  const std::string psql = find_psql();

  std::vector<double> schemactl_times, psql_times;
  auto run_psql = [&] {
    TestDatabase db("bench_migrate_psql");
    auto start = std::chrono::steady_clock::now();
    auto r = run_process({psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", db.url()}, {.stdin_data = psql_script});
    psql_times.push_back(seconds_since(start));
    if (r.exit_code != 0 || db.scalar("SELECT count(*) FROM schema_migrations") != std::to_string(kMigrations)) {
      throw std::runtime_error("psql failed: " + r.err);
    }
  };
  auto run_ours = [&] {
    TestDatabase db("bench_migrate_schemactl");
    auto start = std::chrono::steady_clock::now();
    auto r = run_schemactl({"--url", db.url(), "-d", (dir / "migrations").string(), "migrate"});
    schemactl_times.push_back(seconds_since(start));
    if (r.exit_code != 0 || db.scalar("SELECT count(*) FROM schema_migrations") != std::to_string(kMigrations)) {
      throw std::runtime_error("schemactl failed: " + r.err);
    }
  };
  // Alternate which one goes first, so that a warm-up or a load change favours neither.
  for (int round = 0; round < kRounds; ++round) {
    if (round % 2 == 0) {
      run_psql();
      run_ours();
    } else {
      run_ours();
      run_psql();
    }
  }
  fs::remove_all(dir);

  double ours = median(schemactl_times), floor = median(psql_times);
  double ratio = ours / floor;
  std::printf("bench_migrate: %d migrations (CREATE TABLE + CREATE INDEX each), median of %d rounds\n", kMigrations,
              kRounds);
  std::printf("  schemactl migrate  %7.3f s\n", ours);
  std::printf("  psql (floor)       %7.3f s\n", floor);
  std::printf("  ratio              %7.2fx  (bar 1.10x: %s)\n", ratio, ratio <= 1.10 ? "met" : "NOT MET");
  return 0;
}
