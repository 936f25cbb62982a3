// The emitter over the external corpus (/work/shared/corpus, or $SCHEMACTL_CORPUS), for every
// case's desired.sql:
//  1. dump round trip: load desired.sql into a fresh database, introspect it, emit the catalog,
//     load the script into another fresh database with psql -v ON_ERROR_STOP=1, introspect that:
//     the script must load and the two catalogs must be equal;
//  2. compile -> emit -> load: the compiled IR, emitted, must load into an empty database.
// Cases run on two workers. Every failing case is reported with its stage and reason.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>

#include "compiler/compile.hpp"
#include "compiler/emit.hpp"
#include "runtime/introspect.hpp"
#include "tests/support/process.hpp"
#include "tests/support/test_db.hpp"

using namespace schemactl;
namespace fs = std::filesystem;

namespace {

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::string corpus_dir() {
  if (const char* env = std::getenv("SCHEMACTL_CORPUS")) return env;
  return std::string(SCHEMACTL_SOURCE_DIR) + "/../shared/corpus";
}

std::string psql_path() {
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "/usr/bin";
  size_t start = 0;
  while (start <= dirs.size()) {
    size_t end = dirs.find(':', start);
    if (end == std::string::npos) end = dirs.size();
    std::string candidate = dirs.substr(start, end - start) + "/psql";
    if (access(candidate.c_str(), X_OK) == 0) return candidate;
    start = end + 1;
  }
  return "/usr/lib/postgresql/15/bin/psql";
}

// psql's stderr when the script fails, empty when it loads.
std::string psql_load(const test::TestDatabase& db, const std::string& script) {
  test::ProcessOptions options;
  options.stdin_data = script;
  auto result = test::run_process({psql_path(), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", db.url(), "-f", "-"}, options);
  if (result.exit_code == 0) return "";
  std::string err = result.err;
  // Only the error itself, not every NOTICE before it.
  size_t at = err.find("ERROR:");
  if (at != std::string::npos) err = err.substr(at);
  return err.substr(0, 400);
}

ir::Catalog introspect(const test::TestDatabase& db) {
  runtime::Connection connection(db.url());
  return runtime::introspect(connection);
}

// The names of the objects that differ between two catalogs.
std::string differences(const ir::Catalog& a, const ir::Catalog& b) {
  std::vector<std::string> out;
  auto compare = [&](const char* what, const auto& x, const auto& y, auto name_of) {
    for (const auto& [key, value] : x) {
      auto found = y.find(key);
      if (found == y.end()) out.push_back(std::string("missing ") + what + " " + name_of(key));
      else if (!(found->second == value)) out.push_back(std::string("changed ") + what + " " + name_of(key));
    }
    for (const auto& [key, value] : y) {
      if (!x.count(key)) out.push_back(std::string("extra ") + what + " " + name_of(key));
    }
  };
  auto plain = [](const std::string& s) { return s; };
  auto qualified = [](const ir::QualifiedName& n) { return n.schema + "." + n.name; };
  compare("schema", a.schemas, b.schemas, plain);
  compare("extension", a.extensions, b.extensions, plain);
  compare("enum", a.enums, b.enums, qualified);
  compare("domain", a.domains, b.domains, qualified);
  compare("composite", a.composite_types, b.composite_types, qualified);
  compare("sequence", a.sequences, b.sequences, qualified);
  compare("table", a.tables, b.tables, qualified);
  compare("index", a.indexes, b.indexes, qualified);
  compare("view", a.views, b.views, qualified);
  compare("function", a.functions, b.functions, plain);
  std::string joined;
  for (const auto& d : out) joined += (joined.empty() ? "" : ", ") + d;
  return joined;
}

struct Case {
  std::string name;  // source/case
  fs::path dir;
  std::string user;  // run as this role's schema first on the search_path
};

std::vector<Case> corpus_cases() {
  std::vector<Case> cases;
  fs::path root = fs::path(corpus_dir()) / "cases";
  for (const auto& source : fs::directory_iterator(root)) {
    if (!source.is_directory()) continue;
    for (const auto& entry : fs::directory_iterator(source.path())) {
      if (!entry.is_directory() || !fs::exists(entry.path() / "desired.sql")) continue;
      std::string meta = read_file(entry.path() / "meta.json");
      if (meta.find("\"expects_error\": true") != std::string::npos) continue;
      Case c{source.path().filename().string() + "/" + entry.path().filename().string(), entry.path(), ""};
      size_t user = meta.find("\"user\": \"");
      if (user != std::string::npos) {
        size_t begin = user + 9;
        c.user = meta.substr(begin, meta.find('"', begin) - begin);
      }
      cases.push_back(c);
    }
  }
  std::sort(cases.begin(), cases.end(), [](const Case& a, const Case& b) { return a.name < b.name; });
  return cases;
}

enum class Outcome { Pass, NotLoadable, CompileRejected, Fail };

struct Result {
  std::string name;
  Outcome dump = Outcome::Pass;
  Outcome compiled = Outcome::Pass;
  std::string detail;
  // Canonical keys of the same expression from the user's text (compile) and from the server's
  // text (introspection): how often they agree.
  int expressions = 0, expressions_equal = 0, views = 0, views_equal = 0;
  std::vector<std::string> mismatches;
};

void compare_keys(const ir::Expr& user, const ir::Expr& server, int& total, int& equal, std::vector<std::string>& out) {
  ++total;
  if (user.key == server.key) {
    ++equal;
  } else {
    out.push_back("user: " + user.text + "\n  server: " + server.text);
  }
}

// Pairs up the expressions both catalogs have (by object and name) and compares their keys.
void compare_expressions(const ir::Catalog& compiled, const ir::Catalog& live, Result& result) {
  for (const auto& [name, table] : compiled.tables) {
    auto other = live.tables.find(name);
    if (other == live.tables.end()) continue;
    for (const auto& column : table.columns) {
      const ir::Column* server = other->second.find_column(column.name);
      if (server && column.default_expr && server->default_expr) {
        compare_keys(*column.default_expr, *server->default_expr, result.expressions, result.expressions_equal, result.mismatches);
      }
    }
    for (const auto& [constraint_name, constraint] : table.constraints) {
      auto server = other->second.constraints.find(constraint_name);
      if (server != other->second.constraints.end() && constraint.check && server->second.check) {
        compare_keys(*constraint.check, *server->second.check, result.expressions, result.expressions_equal, result.mismatches);
      }
    }
  }
  for (const auto& [name, index] : compiled.indexes) {
    auto other = live.indexes.find(name);
    if (other != live.indexes.end() && index.where && other->second.where) {
      compare_keys(*index.where, *other->second.where, result.expressions, result.expressions_equal, result.mismatches);
    }
  }
  for (const auto& [name, view] : compiled.views) {
    auto other = live.views.find(name);
    if (other != live.views.end()) compare_keys(view.query, other->second.query, result.views, result.views_equal, result.mismatches);
  }
}

Result run_case(const Case& c) {
  Result result;
  result.name = c.name;
  std::string desired = read_file(c.dir / "desired.sql");
  // The source tool's session: the user's own schema first on the search_path.
  std::string session;
  if (!c.user.empty()) {
    session = "CREATE SCHEMA IF NOT EXISTS \"" + c.user + "\";\nSET search_path = \"" + c.user + "\", public;\n";
  }
  EmitOptions options;
  options.privileges = true;

  CompileOptions compile_options;
  if (!c.user.empty()) compile_options.default_schema = c.user;
  CompileResult compiled = compile_text(desired, (c.dir / "desired.sql").string(), compile_options);

  // 1. dump round trip
  test::TestDatabase original("emitc_a");
  if (std::string error = psql_load(original, session + desired); !error.empty()) {
    result.dump = Outcome::NotLoadable;
    result.detail = "desired.sql does not load: " + error;
  } else {
    ir::Catalog catalog = introspect(original);
    if (compiled.ok()) compare_expressions(compiled.catalog, catalog, result);
    std::string script = emit_catalog(catalog, options);
    test::TestDatabase copy("emitc_b");
    if (std::string error = psql_load(copy, script); !error.empty()) {
      result.dump = Outcome::Fail;
      result.detail = "dump does not load: " + error;
    } else if (std::string diff = differences(catalog, introspect(copy)); !diff.empty()) {
      result.dump = Outcome::Fail;
      result.detail = "reloaded dump differs: " + diff;
    }
  }

  // 2. compile -> emit -> load
  if (!compiled.ok()) {
    result.compiled = Outcome::CompileRejected;
  } else {
    test::TestDatabase target("emitc_c");
    std::string prefix = c.user.empty() ? "" : "CREATE SCHEMA IF NOT EXISTS \"" + c.user + "\";\n";
    EmitOptions compiled_options = options;
    if (!c.user.empty()) compiled_options.search_path = "\"" + c.user + "\", public";
    if (std::string error = psql_load(target, prefix + emit_catalog(compiled.catalog, compiled_options)); !error.empty()) {
      result.compiled = Outcome::Fail;
      result.detail += (result.detail.empty() ? "" : "; ") + std::string("compiled schema does not load: ") + error;
    }
  }
  return result;
}

void create_roles() {
  fs::path root = fs::path(corpus_dir()) / "cases";
  for (const auto& source : fs::directory_iterator(root)) {
    fs::path roles = source.path() / "_setup_roles.sql";
    if (fs::exists(roles)) test::exec_sql(test::server_url(), read_file(roles));
  }
}

}  // namespace

TEST_CASE("corpus: dumps of every desired.sql reload unchanged; compiled schemas load") {
  if (!fs::exists(fs::path(corpus_dir()) / "cases")) {
    MESSAGE("corpus not found at " << corpus_dir() << " (set SCHEMACTL_CORPUS): skipped");
    return;
  }
  create_roles();
  std::vector<Case> cases = corpus_cases();
  // SCHEMACTL_CORPUS_FILTER=substring narrows the run while developing.
  if (const char* filter = std::getenv("SCHEMACTL_CORPUS_FILTER")) {
    std::erase_if(cases, [&](const Case& c) { return c.name.find(filter) == std::string::npos; });
  }
  REQUIRE(!cases.empty());

  auto started = std::chrono::steady_clock::now();
  std::vector<Result> results(cases.size());
  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (size_t i = next++; i < cases.size(); i = next++) {
      try {
        results[i] = run_case(cases[i]);
      } catch (const std::exception& e) {
        results[i].name = cases[i].name;
        results[i].dump = results[i].compiled = Outcome::Fail;
        results[i].detail = std::string("exception: ") + e.what();
      }
    }
  };
  std::thread second(worker);
  worker();
  second.join();
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  std::map<std::string, std::array<int, 6>> per_source;  // cases, dump ok, dump n/a, compiled ok, rejected, failures
  for (const auto& r : results) {
    auto& tally = per_source[r.name.substr(0, r.name.find('/'))];
    ++tally[0];
    if (r.dump == Outcome::Pass) ++tally[1];
    if (r.dump == Outcome::NotLoadable) ++tally[2];
    if (r.compiled == Outcome::Pass) ++tally[3];
    if (r.compiled == Outcome::CompileRejected) ++tally[4];
    if (r.dump == Outcome::Fail || r.compiled == Outcome::Fail) ++tally[5];
  }
  for (const auto& [source, t] : per_source) {
    MESSAGE(source << ": " << t[0] << " cases; dump round trip " << t[1] << "/" << t[0] - t[2] << " (" << t[2]
                   << " desired.sql not loadable as is); compile->emit->load " << t[3] << "/" << t[0] - t[4] << " ("
                   << t[4] << " rejected by compile); " << t[5] << " failing");
  }
  MESSAGE(cases.size() << " cases in " << seconds << " s");
  int expressions = 0, expressions_equal = 0, views = 0, views_equal = 0;
  for (const auto& r : results) {
    expressions += r.expressions;
    expressions_equal += r.expressions_equal;
    views += r.views;
    views_equal += r.views_equal;
    if (std::getenv("SCHEMACTL_CORPUS_VERBOSE")) {
      for (const auto& m : r.mismatches) MESSAGE(r.name << " key mismatch\n  " << m);
    }
  }
  MESSAGE("canonical keys, user text vs server text: expressions " << expressions_equal << "/" << expressions
                                                                   << ", views " << views_equal << "/" << views);
  for (const auto& r : results) {
    if (r.dump == Outcome::Fail || r.compiled == Outcome::Fail) FAIL_CHECK(r.name << ": " << r.detail);
  }
}
