// Benchmark: introspection, `schemactl dump` vs `pg_dump --schema-only`, and `schemactl load`
// vs `psql -1 -f`, side by side on the same databases:
//   (a) a generated schema of 5,000 tables with indexes and foreign keys;
//   (b) danbooru's schema from the corpus (skipped when the corpus is absent).
// Needs SCHEMACTL_TEST_URL (scripts/bench sets it). Bars: dump <= 1/2 of pg_dump's time,
// load <= psql's time.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>

#include "runtime/dump.hpp"
#include "runtime/introspect.hpp"
#include "tests/support/process.hpp"
#include "tests/support/test_db.hpp"

namespace fs = std::filesystem;
using namespace schemactl;

namespace {

// The server's own client binaries: Debian's /usr/bin wrappers are Perl scripts that cost
// ~50 ms per call.
const char* const kPsql = "/usr/lib/postgresql/15/bin/psql";
const char* const kPgDump = "/usr/lib/postgresql/15/bin/pg_dump";

double seconds(const std::function<void()>& work) {
  auto start = std::chrono::steady_clock::now();
  work();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Best of `runs`: the machine is shared, the minimum is the least noisy figure.
double best_of(int runs, const std::function<void()>& work) {
  double best = 1e9;
  for (int i = 0; i < runs; ++i) best = std::min(best, seconds(work));
  return best;
}

void require_ok(const test::ProcessResult& result, const std::string& what) {
  if (result.exit_code != 0) throw std::runtime_error(what + " failed: " + result.err.substr(0, 2000));
}

std::string generated_schema(int tables) {
  std::string sql;
  for (int i = 0; i < tables; ++i) {
    sql += fmt::format(
        "CREATE TABLE public.t{0} (\n    id bigserial PRIMARY KEY,\n    parent_id bigint{1},\n"
        "    name text NOT NULL DEFAULT '',\n    score integer CHECK (score >= 0),\n"
        "    created_at timestamp with time zone DEFAULT now()\n);\n"
        "CREATE INDEX t{0}_name ON public.t{0} (name);\n"
        "CREATE INDEX t{0}_recent ON public.t{0} (created_at) WHERE score > 0;\n",
        i, i == 0 ? "" : fmt::format(" REFERENCES public.t{}(id)", i - 1));
  }
  return sql;
}

struct Figures {
  double psql_load = 0, schemactl_load = 0, introspect = 0, schemactl_dump = 0, pg_dump = 0;
  int queries = 0;
  runtime::IntrospectStats stats;  // of the fastest introspection run
  double emit = 0;                 // writing the catalog as SQL (in-process dump, best of 3)
};

// "columns 0.210, constraints 0.180, ...": the readers' query times, costliest first.
std::string reader_times(const runtime::IntrospectStats& stats) {
  auto by_reader = stats.query_seconds_by_reader;
  std::sort(by_reader.begin(), by_reader.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  std::string out;
  for (const auto& [reader, time] : by_reader) {
    if (time < 0.0005) continue;
    out += fmt::format("{}{} {:.3f}", out.empty() ? "" : ", ", reader, time);
  }
  return out;
}

Figures measure(const std::string& label, const fs::path& file) {
  Figures f;
  const std::string psql = kPsql;
  // load: the same file, each into a fresh database.
  {
    test::TestDatabase target("bench_psql");
    f.psql_load = seconds([&] {
      require_ok(test::run_process({psql, "-X", "-q", "-1", "-v", "ON_ERROR_STOP=1", "-d", target.url(), "-f", file.string()}),
                 "psql -1 -f");
    });
  }
  test::TestDatabase db("bench_load");
  f.schemactl_load = seconds([&] { require_ok(test::run_schemactl({"load", "-u", db.url(), file.string()}), "schemactl load"); });

  runtime::Connection connection(db.url());
  f.introspect = best_of(3, [&] {
    runtime::IntrospectStats stats;
    runtime::introspect(connection, {}, &stats);
    f.queries = stats.queries;
    if (f.stats.queries == 0 || stats.total_seconds < f.stats.total_seconds) f.stats = stats;
  });
  f.emit = 1e9;
  for (int i = 0; i < 3; ++i) f.emit = std::min(f.emit, runtime::dump_schema(connection, {}).emit_seconds);
  f.schemactl_dump = best_of(3, [&] { require_ok(test::run_schemactl({"dump", "-u", db.url(), "-o", "/dev/null"}), "schemactl dump"); });
  f.pg_dump = best_of(3, [&] {
    require_ok(test::run_process({kPgDump, "--schema-only", "-f", "/dev/null", "-d", db.url()}), "pg_dump");
  });

  std::cout << fmt::format(
      "{}\n"
      "  load:       schemactl load {:7.3f} s   psql -1 -f {:7.3f} s   ratio {:.2f} (bar <= 1.00) {}\n"
      "  introspect: {:7.3f} s, {} queries in {} round trips: {:.3f} s waiting for the server, {:.3f} s reading results;"
      " then {:.3f} s writing SQL\n"
      "              server time by reader: {}\n"
      "  dump:       schemactl dump {:7.3f} s   pg_dump --schema-only {:7.3f} s   ratio {:.2f} (bar <= 0.50) {}\n",
      label, f.schemactl_load, f.psql_load, f.schemactl_load / f.psql_load,
      f.schemactl_load <= f.psql_load ? "ok" : "MISSED", f.introspect, f.queries, f.stats.round_trips, f.stats.query_seconds,
      f.stats.client_seconds(), f.emit, reader_times(f.stats), f.schemactl_dump, f.pg_dump,
      f.schemactl_dump / f.pg_dump, f.schemactl_dump <= 0.5 * f.pg_dump ? "ok" : "MISSED");
  return f;
}

}  // namespace

int main() {
  try {
    test::server_url();
    fs::path generated = fs::temp_directory_path() / "schemactl_bench_5000_tables.sql";
    std::ofstream(generated) << generated_schema(5000);
    measure("(a) generated: 5,000 tables, 10,000 indexes, 4,999 foreign keys", generated);
    fs::remove(generated);

    fs::path corpus = std::getenv("SCHEMACTL_CORPUS") ? fs::path(std::getenv("SCHEMACTL_CORPUS"))
                                                       : fs::path(SCHEMACTL_SOURCE_DIR) / ".." / "shared" / "corpus";
    fs::path danbooru = corpus / "schemas" / "danbooru.sql";
    if (fs::exists(danbooru)) {
      measure("(b) danbooru (corpus/schemas/danbooru.sql)", danbooru);
    } else {
      std::cout << "(b) danbooru: corpus not found (set SCHEMACTL_CORPUS), skipped\n";
    }
  } catch (const std::exception& e) {
    std::cerr << "bench_dump_load: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
