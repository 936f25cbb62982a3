// Compile speed and memory: a generated 5,000-table schema (~2 MB) and danbooru's structure.sql,
// each compiled to the IR, beside libpg_query's raw parse of the same text (split_with_parser,
// which parses without producing output). Each measurement runs in a child process so that its
// peak memory (ru_maxrss) is its own. The child also reports its resident memory at start and
// after a warm-up on a one-table schema (shared libraries, the parser's code and tables paged in,
// allocator arenas: a few MB that do not depend on the input), and the peak is printed both whole
// and above the warmed-up process.
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
  long cold_kb = 0;  // resident at the start of the process
  long warm_kb = 0;  // resident after a warm-up on a one-table schema, before the input was read
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

// One measurement: `mode` ("raw" or "compile") applied to `text`.
bool run(const std::string& mode, const std::vector<SourceFile>& sources) {
  if (mode == "raw") {
    std::vector<pg::StatementSlice> slices;
    return !pg::split_with_parser(sources[0].text, slices).has_value();
  }
  auto result = compile(sources);
  if (!result.ok())
    for (const auto& d : result.diagnostics)
      if (d.severity == Severity::Error) std::cerr << d.line << ":" << d.column << " " << d.message << "\n";
  return result.ok();
}

int child(const std::string& mode, const std::string& file) {
  long cold_kb = resident_kb();
  // A warm-up on a one-table schema pages in the parser's code and tables and sets up the
  // allocators: a fixed cost of the process, whatever the input. What the peak adds on top of the
  // warmed-up process is what the input costs.
  run(mode, {SourceFile{"warmup.sql", "CREATE TABLE warmup (id integer PRIMARY KEY, name text NOT NULL);\n"}});
  long warm_kb = resident_kb();
  // The input as each side takes it: raw parse a string, compile a SourceFile (as the CLI's
  // read_schema_sources gives it), read before the clock starts.
  std::vector<SourceFile> sources{SourceFile{file, read_text(file)}};
  auto start = std::chrono::steady_clock::now();
  bool ok = run(mode, sources);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("%.6f %d %ld %ld\n", seconds, ok ? 1 : 0, cold_kb, warm_kb);
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
    long cold_kb = 0;
    long warm_kb = 0;
    std::sscanf(out.c_str(), "%lf %d %ld %ld", &seconds, &ok, &cold_kb, &warm_kb);
    if (seconds < best.seconds) best.seconds = seconds;
    best.peak_kb = std::max(best.peak_kb, usage.ru_maxrss);
    best.cold_kb = std::max(best.cold_kb, cold_kb);
    best.warm_kb = std::max(best.warm_kb, warm_kb);
    best.ok = ok == 1;
  }
  return best;
}

void report(const char* self, const std::string& name, const std::string& file) {
  double mb = static_cast<double>(fs::file_size(file)) / (1024.0 * 1024.0);
  Measurement raw = measure(self, "raw", file, 5);
  Measurement comp = measure(self, "compile", file, 5);
  // Above the warmed-up process: what the input costs. (The process alone, ~4 MB, is 20x a
  // 0.2 MB input: counting it, no small input could meet a ratio.)
  auto above = [](const Measurement& m) { return (m.peak_kb - m.warm_kb) / 1024.0; };
  auto line = [&](const char* what, const Measurement& m) {
    return fmt::format("  {:<43}{:8.1f} ms  peak {:7.1f} MB ({:.1f} MB above the process: {:.1f} MB at start, {:.1f} MB warmed up)\n",
                       what, m.seconds * 1000, m.peak_kb / 1024.0, above(m), m.cold_kb / 1024.0, m.warm_kb / 1024.0);
  };
  std::cout << fmt::format("{} ({:.2f} MB)\n", name, mb);
  std::cout << line("raw parse (libpg_query split_with_parser):", raw);
  std::cout << line("compile to IR:", comp);
  if (!comp.ok) std::cout << "  (compile reported errors)\n";
  std::cout << fmt::format("  compile / raw parse: {:.2f}x (bar: 5x)   peak / input size: {:.1f}x whole, {:.1f}x above the warmed-up process (bar: 20x)\n",
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
