// Compile speed and memory: a generated 5,000-table schema (~2 MB) and danbooru's structure.sql,
// each compiled to the IR, beside libpg_query's raw parse of the same text (split_with_parser,
// which parses without producing output). Each measurement runs in a child process so that its
// peak memory (ru_maxrss) is its own. The child also reports its resident memory before it reads
// the input (shared libraries, allocator arenas: a few MB that do not depend on the input), and
// the peak is printed both whole and above that baseline.
//   bench_compile                 both inputs
//   bench_compile --child MODE F  (internal) one measurement
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "compiler/compile.hpp"
#include "compiler/pg_parse.hpp"

namespace fs = std::filesystem;
using namespace schemactl;

namespace {

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

// 5,000 tables with columns of varied types, primary keys, foreign keys to the previous table,
// indexes (plain, unique, expression, partial) and a view every 250 tables.
std::string generated_schema(int tables) {
  std::string sql;
  sql.reserve(2'200'000);
  sql += "CREATE TYPE status AS ENUM ('new', 'active', 'archived');\n\n";
  for (int i = 0; i < tables; ++i) {
    sql += fmt::format(
        "CREATE TABLE table_{0} (\n"
        "  id bigserial PRIMARY KEY,\n"
        "  parent_id bigint{1},\n"
        "  name varchar(255) NOT NULL,\n"
        "  email text UNIQUE,\n"
        "  amount numeric(12,2) DEFAULT 0 CHECK (amount >= 0),\n"
        "  status status NOT NULL DEFAULT 'new',\n"
        "  payload jsonb,\n"
        "  created_at timestamptz NOT NULL DEFAULT now(),\n"
        "  updated_at timestamp(3)\n"
        ");\n"
        "CREATE INDEX ON table_{0} (created_at DESC);\n"
        "CREATE INDEX table_{0}_lower_name ON table_{0} (lower(name)) WHERE status <> 'archived';\n"
        "COMMENT ON TABLE table_{0} IS 'generated table {0}';\n\n",
        i, i > 0 ? fmt::format(" REFERENCES table_{}", i - 1) : std::string());
    if (i % 250 == 249)
      sql += fmt::format("CREATE VIEW recent_{0} AS SELECT id, name, created_at FROM table_{0} WHERE created_at > now() - interval '1 day';\n\n", i);
  }
  return sql;
}

struct Measurement {
  double seconds = 0;
  long peak_kb = 0;
  long baseline_kb = 0;  // resident before the input was read
  bool ok = false;
};

// VmRSS of this process, in kB (0 when /proc is not available).
long resident_kb() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::strtol(line.c_str() + 6, nullptr, 10);
  return 0;
}

int child(const std::string& mode, const std::string& file) {
  long baseline_kb = resident_kb();
  // The input as each side takes it: raw parse a string, compile a SourceFile (as the CLI's
  // read_schema_sources gives it), read before the clock starts.
  std::vector<SourceFile> sources{SourceFile{file, read_text(file)}};
  const std::string& text = sources[0].text;
  auto start = std::chrono::steady_clock::now();
  bool ok = true;
  if (mode == "raw") {
    std::vector<pg::StatementSlice> slices;
    ok = !pg::split_with_parser(text, slices).has_value();
  } else {
    auto result = compile(sources);
    ok = result.ok();
    if (!ok)
      for (const auto& d : result.diagnostics)
        if (d.severity == Severity::Error) std::cerr << d.line << ":" << d.column << " " << d.message << "\n";
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("%.6f %d %ld\n", seconds, ok ? 1 : 0, baseline_kb);
  return 0;
}

Measurement measure(const char* self, const std::string& mode, const std::string& file, int runs) {
  Measurement best;
  best.seconds = 1e9;
  for (int r = 0; r < runs; ++r) {
    int pipefd[2];
    if (pipe(pipefd) != 0) std::exit(1);
    pid_t pid = fork();
    if (pid == 0) {
      dup2(pipefd[1], 1);
      close(pipefd[0]);
      execl(self, self, "--child", mode.c_str(), file.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    close(pipefd[1]);
    std::string out;
    char buf[256];
    ssize_t n;
    while ((n = read(pipefd[0], buf, sizeof buf)) > 0) out.append(buf, static_cast<size_t>(n));
    close(pipefd[0]);
    int status = 0;
    struct rusage usage {};
    wait4(pid, &status, 0, &usage);
    double seconds = 0;
    int ok = 0;
    long baseline_kb = 0;
    std::sscanf(out.c_str(), "%lf %d %ld", &seconds, &ok, &baseline_kb);
    if (seconds < best.seconds) best.seconds = seconds;
    best.peak_kb = std::max(best.peak_kb, usage.ru_maxrss);
    best.baseline_kb = std::max(best.baseline_kb, baseline_kb);
    best.ok = ok == 1;
  }
  return best;
}

void report(const char* self, const std::string& name, const std::string& file) {
  double mb = static_cast<double>(fs::file_size(file)) / (1024.0 * 1024.0);
  Measurement raw = measure(self, "raw", file, 5);
  Measurement comp = measure(self, "compile", file, 5);
  auto above = [](const Measurement& m) { return (m.peak_kb - m.baseline_kb) / 1024.0; };
  std::cout << fmt::format("{} ({:.2f} MB)\n", name, mb);
  std::cout << fmt::format("  raw parse (libpg_query split_with_parser): {:8.1f} ms  peak {:7.1f} MB ({:.1f} MB above baseline {:.1f} MB)\n",
                           raw.seconds * 1000, raw.peak_kb / 1024.0, above(raw), raw.baseline_kb / 1024.0);
  std::cout << fmt::format("  compile to IR:                             {:8.1f} ms  peak {:7.1f} MB ({:.1f} MB above baseline {:.1f} MB){}\n",
                           comp.seconds * 1000, comp.peak_kb / 1024.0, above(comp), comp.baseline_kb / 1024.0,
                           comp.ok ? "" : "  (compile reported errors)");
  std::cout << fmt::format("  compile / raw parse: {:.2f}x (bar: 5x)   peak / input size: {:.1f}x, above baseline {:.1f}x (bar: 20x)\n",
                           comp.seconds / raw.seconds, comp.peak_kb / 1024.0 / mb, above(comp) / mb);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 4 && std::string(argv[1]) == "--child") return child(argv[2], argv[3]);
  fs::path generated = fs::temp_directory_path() / fmt::format("schemactl_bench_compile_{}.sql", getpid());
  std::ofstream(generated, std::ios::binary) << generated_schema(5000);
  report(argv[0], "generated schema, 5,000 tables", generated.string());
  fs::remove(generated);
  const char* corpus = std::getenv("SCHEMACTL_CORPUS");
  fs::path danbooru = fs::path(corpus && *corpus ? corpus : SCHEMACTL_SOURCE_DIR "/../shared/corpus") / "schemas" / "danbooru.sql";
  if (fs::exists(danbooru)) report(argv[0], "danbooru structure.sql", danbooru.string());
  else std::cout << "danbooru.sql not found (set SCHEMACTL_CORPUS): skipped\n";
  return 0;
}
