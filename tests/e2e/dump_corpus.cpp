// The corpus through dump and load, on a real server. For every desired.sql of the corpus cases
// and every real-world schema in corpus/schemas, loaded with psql into a fresh database:
//   round trip   dump, load the dump into another fresh database, dump again: byte-identical;
//   producers    compile(dump(db)) equals introspect(db);
//   user SQL     introspect(db) equals compile(the user's SQL), per object kind; the rate for
//                views and function bodies is reported.
// Two workers, one database per case, dropped after. Skips (with a message) without a corpus.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <sstream>
#include <set>
#include <thread>

#include "compiler/compile.hpp"
#include "compiler/owner_privileges.hpp"
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

std::optional<fs::path> corpus_dir() {
  if (const char* env = std::getenv("SCHEMACTL_CORPUS"); env && *env) return fs::path(env);
  fs::path path = fs::path(SCHEMACTL_SOURCE_DIR) / ".." / "shared" / "corpus";
  if (fs::exists(path)) return path;
  return std::nullopt;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

struct Case {
  std::string name;                 // source/case, or schemas/file
  std::vector<fs::path> files;      // loaded in order (setup.sql, desired.sql)
  std::optional<std::string> user;  // run as this role, search_path = user, public
};

std::vector<Case> collect_cases(const fs::path& corpus) {
  std::vector<Case> cases;
  const char* filter = std::getenv("SCHEMACTL_CORPUS_FILTER");
  for (const auto& source : fs::directory_iterator(corpus / "cases")) {
    if (!source.is_directory()) continue;
    for (const auto& dir : fs::directory_iterator(source.path())) {
      if (!dir.is_directory() || !fs::exists(dir.path() / "desired.sql")) continue;
      std::string meta = fs::exists(dir.path() / "meta.json") ? read_file(dir.path() / "meta.json") : "";
      if (meta.find("\"expects_error\": true") != std::string::npos) continue;
      Case c;
      c.name = source.path().filename().string() + "/" + dir.path().filename().string();
      if (fs::exists(dir.path() / "setup.sql")) c.files.push_back(dir.path() / "setup.sql");
      c.files.push_back(dir.path() / "desired.sql");
      if (auto at = meta.find("\"user\": \""); at != std::string::npos) {
        auto start = at + 9;
        c.user = meta.substr(start, meta.find('"', start) - start);
      }
      cases.push_back(std::move(c));
    }
  }
  for (const auto& schema : fs::directory_iterator(corpus / "schemas")) {
    if (schema.path().extension() == ".sql") cases.push_back({"schemas/" + schema.path().filename().string(), {schema.path()}, {}});
  }
  std::sort(cases.begin(), cases.end(), [](const Case& a, const Case& b) { return a.name < b.name; });
  if (filter) {
    std::erase_if(cases, [&](const Case& c) { return c.name.find(filter) == std::string::npos; });
  }
  return cases;
}

// Creating a database costs ~0.5 s on a loaded machine, so each worker keeps two databases
// and empties them between cases: back to the state of a fresh database (public as initdb
// leaves it, plpgsql only).
const char* kResetDatabase = R"SQL(
DO $$ DECLARE r record; BEGIN
  FOR r IN SELECT quote_ident(evtname) AS n FROM pg_event_trigger LOOP EXECUTE 'DROP EVENT TRIGGER ' || r.n; END LOOP;
  FOR r IN SELECT quote_ident(pubname) AS n FROM pg_publication LOOP EXECUTE 'DROP PUBLICATION ' || r.n; END LOOP;
  FOR r IN SELECT quote_ident(extname) AS n FROM pg_extension WHERE extname <> 'plpgsql' LOOP
    EXECUTE 'DROP EXTENSION ' || r.n || ' CASCADE'; END LOOP;
  FOR r IN SELECT quote_ident(nspname) AS n FROM pg_namespace
           WHERE nspname NOT IN ('pg_catalog', 'information_schema') AND nspname NOT LIKE 'pg\_%' LOOP
    EXECUTE 'DROP SCHEMA ' || r.n || ' CASCADE'; END LOOP;
END $$;
CREATE SCHEMA public AUTHORIZATION pg_database_owner;
GRANT USAGE ON SCHEMA public TO PUBLIC;
COMMENT ON SCHEMA public IS 'standard public schema';
)SQL";

// The case's role works in its own schema, then public (as the source tool ran it).
std::string user_setup(const std::string& user) {
  return fmt::format("CREATE SCHEMA \"{0}\" AUTHORIZATION \"{0}\"; GRANT ALL ON SCHEMA public TO \"{0}\";", user);
}

// psql -v ON_ERROR_STOP=1, as the corpus was checked; setup.sql as the superuser.
bool psql_load(const std::string& url, const Case& c, std::string& error) {
  for (size_t i = 0; i < c.files.size(); ++i) {
    std::vector<std::string> argv{kPsql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url};
    bool is_setup = c.files[i].filename() == "setup.sql";
    if (c.user && !is_setup) {
      argv.push_back("-c");
      argv.push_back(fmt::format("SET ROLE {0}; SET search_path = {0}, public;", *c.user));
    }
    argv.push_back("-f");
    argv.push_back(c.files[i].string());
    auto result = test::run_process(argv);
    if (result.exit_code != 0) {
      error = result.err;
      return false;
    }
  }
  return true;
}

// Owners take part in comparisons only when asked for; neither side here asks.
void drop_owners(ir::Catalog& catalog) {
  for (auto& [k, v] : catalog.schemas) v.owner.reset();
  for (auto& [k, v] : catalog.enums) v.owner.reset();
  for (auto& [k, v] : catalog.domains) v.owner.reset();
  for (auto& [k, v] : catalog.composite_types) v.owner.reset();
  for (auto& [k, v] : catalog.sequences) v.owner.reset();
  for (auto& [k, v] : catalog.tables) v.owner.reset();
  for (auto& [k, v] : catalog.views) v.owner.reset();
  for (auto& [k, v] : catalog.functions) v.owner.reset();
}

std::string name_of(const ir::QualifiedName& n) { return n.schema + "." + n.name; }
std::string name_of(const std::string& n) { return n; }
std::string expr_text(const std::optional<ir::Expr>& e) { return e ? e->text + " {" + e->key + "}" : "(none)"; }

// What differs between two tables, field by field (the first few).
std::string table_difference(const ir::Table& a, const ir::Table& b) {
  std::vector<std::string> out;
  for (const auto& ca : a.columns) {
    const ir::Column* cb = b.find_column(ca.name);
    if (!cb) { out.push_back("column " + ca.name + " only on the server"); continue; }
    if (ca == *cb) continue;
    if (ca.type != cb->type) out.push_back(fmt::format("column {} type {} vs {}", ca.name, ca.type, cb->type));
    if (ca.default_expr != cb->default_expr)
      out.push_back(fmt::format("column {} default {} vs {}", ca.name, expr_text(ca.default_expr), expr_text(cb->default_expr)));
    if (ca.not_null != cb->not_null) out.push_back(fmt::format("column {} not_null {} vs {}", ca.name, ca.not_null, cb->not_null));
    if (ca.identity != cb->identity) out.push_back(fmt::format("column {} identity differs", ca.name));
    if (ca.generated != cb->generated)
      out.push_back(fmt::format("column {} generated {} vs {}", ca.name, expr_text(ca.generated), expr_text(cb->generated)));
    if (ca.collation != cb->collation) out.push_back(fmt::format("column {} collation differs", ca.name));
    if (ca.comment != cb->comment) out.push_back(fmt::format("column {} comment differs", ca.name));
    if (ca.acl != cb->acl) out.push_back(fmt::format("column {} acl differs", ca.name));
    if (ca.is_local != cb->is_local) out.push_back(fmt::format("column {} is_local differs", ca.name));
    if (ca.storage != cb->storage || ca.statistics != cb->statistics) out.push_back(fmt::format("column {} storage/statistics differ", ca.name));
  }
  for (const auto& cb : b.columns)
    if (!a.find_column(cb.name)) out.push_back("column " + cb.name + " only in the compiled IR");
  if (a.columns.size() == b.columns.size()) {
    for (size_t i = 0; i < a.columns.size(); ++i)
      if (a.columns[i].name != b.columns[i].name) { out.push_back("column order differs"); break; }
  }
  for (const auto& [name, ka] : a.constraints) {
    auto kb = b.constraints.find(name);
    if (kb == b.constraints.end()) { out.push_back("constraint " + name + " only on the server"); continue; }
    if (ka == kb->second) continue;
    std::string what = "constraint " + name + " differs";
    if (ka.check != kb->second.check) what += fmt::format(": check {} vs {}", expr_text(ka.check), expr_text(kb->second.check));
    else if (ka.columns != kb->second.columns) what += ": columns";
    else if (ka.foreign_key != kb->second.foreign_key) what += ": foreign key";
    else if (ka.comment != kb->second.comment) what += ": comment";
    else if (ka.is_local != kb->second.is_local) what += ": is_local";
    else if (ka.exclusion != kb->second.exclusion) what += ": exclusion";
    out.push_back(what);
  }
  for (const auto& [name, kb] : b.constraints)
    if (!a.constraints.count(name)) out.push_back("constraint " + name + " only in the compiled IR");
  if (a.triggers != b.triggers) out.push_back("triggers differ");
  if (a.policies != b.policies) out.push_back("policies differ");
  if (a.acl != b.acl) out.push_back("table acl differs");
  if (a.comment != b.comment) out.push_back("table comment differs");
  if (a.inherits != b.inherits || a.partition_of != b.partition_of || a.partition_bound != b.partition_bound ||
      a.partition_by != b.partition_by)
    out.push_back("inheritance/partitioning differs");
  if (a.options != b.options || a.unlogged != b.unlogged || a.kind != b.kind || a.rls_enabled != b.rls_enabled ||
      a.rls_forced != b.rls_forced || a.replica_identity != b.replica_identity || a.access_method != b.access_method ||
      a.tablespace != b.tablespace || a.replica_identity_index != b.replica_identity_index)
    out.push_back("table attributes differ");
  std::string joined;
  for (size_t i = 0; i < out.size() && i < 4; ++i) joined += (i ? "; " : "") + out[i];
  return joined;
}

template <typename Map, typename Describe>
void compare_map(const char* kind, const Map& server, const Map& compiled, std::vector<std::string>& out,
                 Describe describe) {
  for (const auto& [key, value] : server) {
    auto other = compiled.find(key);
    if (other == compiled.end()) out.push_back(fmt::format("{} {} only on the server", kind, name_of(key)));
    else if (!(value == other->second)) out.push_back(fmt::format("{} {} differs: {}", kind, name_of(key), describe(value, other->second)));
  }
  for (const auto& [key, value] : compiled)
    if (!server.count(key)) out.push_back(fmt::format("{} {} only in the compiled IR", kind, name_of(key)));
}

// Differences of the structural kinds (must agree) and of views/functions (rate only).
struct Comparison {
  std::vector<std::string> structural;
  std::vector<std::string> views;
  std::vector<std::string> functions;
};

Comparison compare(const ir::Catalog& server, const ir::Catalog& compiled) {
  Comparison c;
  auto generic = [](const auto&, const auto&) { return std::string("fields differ"); };
  compare_map("schema", server.schemas, compiled.schemas, c.structural, [](const ir::Schema& a, const ir::Schema& b) {
    return a.acl != b.acl ? std::string("acl") : a.comment != b.comment ? std::string("comment") : std::string("fields");
  });
  compare_map("extension", server.extensions, compiled.extensions, c.structural, generic);
  compare_map("enum", server.enums, compiled.enums, c.structural, generic);
  compare_map("domain", server.domains, compiled.domains, c.structural, [](const ir::Domain& a, const ir::Domain& b) {
    if (a.default_expr != b.default_expr) return "default " + expr_text(a.default_expr) + " vs " + expr_text(b.default_expr);
    if (a.checks != b.checks) return std::string("checks");
    return std::string("fields");
  });
  compare_map("type", server.composite_types, compiled.composite_types, c.structural, generic);
  compare_map("sequence", server.sequences, compiled.sequences, c.structural, [](const ir::Sequence& a, const ir::Sequence& b) {
    if (a.options != b.options) return std::string("options");
    if (a.owned_by_table != b.owned_by_table || a.owned_by_column != b.owned_by_column) return std::string("owned by");
    return std::string("fields");
  });
  compare_map("table", server.tables, compiled.tables, c.structural, table_difference);
  compare_map("index", server.indexes, compiled.indexes, c.structural, [](const ir::Index& a, const ir::Index& b) {
    if (a.elements != b.elements) {
      for (size_t i = 0; i < std::min(a.elements.size(), b.elements.size()); ++i)
        if (!(a.elements[i] == b.elements[i]))
          return fmt::format("element {}: {} vs {}", i + 1, a.elements[i].column.value_or(expr_text(a.elements[i].expr)),
                             b.elements[i].column.value_or(expr_text(b.elements[i].expr)));
      return std::string("elements");
    }
    if (a.where != b.where) return "where " + expr_text(a.where) + " vs " + expr_text(b.where);
    return std::string("fields");
  });
  compare_map("view", server.views, compiled.views, c.views, [](const ir::View& a, const ir::View& b) {
    if (a.query != b.query) return std::string("query key");
    return std::string("fields");
  });
  compare_map("function", server.functions, compiled.functions, c.functions, [](const ir::Function& a, const ir::Function& b) {
    if (a.body != b.body) return std::string("body");
    if (a.arguments != b.arguments) return std::string("arguments");
    if (a.returns != b.returns) return "returns " + a.returns.value_or("-") + " vs " + b.returns.value_or("-");
    return std::string("fields");
  });
  return c;
}

struct CaseResult {
  std::string name;
  bool loaded = false;
  std::string load_error;
  std::string roundtrip_failure;  // empty: identical dumps
  std::vector<std::string> producers;   // compile(dump) vs introspect differences
  Comparison user_sql;                  // introspect vs compile(user SQL)
  bool has_views = false, has_functions = false;
};

std::string first_difference(const std::string& a, const std::string& b) {
  size_t i = 0;
  while (i < a.size() && i < b.size() && a[i] == b[i]) ++i;
  size_t start = a.rfind('\n', i == 0 ? 0 : i - 1);
  start = start == std::string::npos ? 0 : start + 1;
  return fmt::format("first difference at byte {}: `{}` vs `{}`", i, a.substr(start, 120), b.substr(start, 120));
}

CaseResult run_case(const Case& c, const test::TestDatabase& source, const test::TestDatabase& copy) {
  CaseResult r;
  r.name = c.name;
  source.exec(kResetDatabase);
  copy.exec(kResetDatabase);
  if (c.user) source.exec(user_setup(*c.user));
  if (!psql_load(source.url(), c, r.load_error)) return r;
  r.loaded = true;

  auto first = test::run_schemactl({"dump", "-u", source.url(), "-o", "-"});
  if (first.exit_code != 0) {
    r.roundtrip_failure = "dump failed: " + first.err;
    return r;
  }
  {
    fs::path file = fs::temp_directory_path() / (copy.name() + ".sql");
    { std::ofstream(file, std::ios::binary) << first.out; }
    auto load = test::run_schemactl({"load", "-u", copy.url(), file.string()});
    fs::remove(file);
    if (load.exit_code != 0) {
      r.roundtrip_failure = "load of the dump failed: " + load.err;
    } else {
      auto second = test::run_schemactl({"dump", "-u", copy.url(), "-o", "-"});
      if (second.exit_code != 0) r.roundtrip_failure = "second dump failed: " + second.err;
      else if (second.out != first.out) r.roundtrip_failure = "dumps differ, " + first_difference(first.out, second.out);
    }
  }

  runtime::Connection connection(source.url());
  runtime::IntrospectOptions with_owners;
  with_owners.live_owners = true;
  ir::Catalog server = runtime::introspect(connection, with_owners);
  r.has_views = !server.views.empty();
  r.has_functions = !server.functions.empty();

  runtime::DumpOptions with_privileges;
  with_privileges.privileges = true;
  std::string dump_text = runtime::dump_schema(connection, with_privileges).sql;
  // The dump carries the migrations table (as dbmate's does): compare it with everything.
  runtime::IntrospectOptions everything;
  everything.migrations_table = "";
  ir::Catalog server_with_history = runtime::introspect(connection, everything);
  CompileResult from_dump = compile_text(dump_text, "dump.sql");
  if (!from_dump.ok()) {
    r.producers.push_back("the dump does not compile: " + format_diagnostics(from_dump.diagnostics, {{"dump.sql", dump_text}}, false).substr(0, 300));
  } else {
    drop_owners(from_dump.catalog);
    Comparison cmp = compare(server_with_history, from_dump.catalog);
    r.producers = cmp.structural;
    r.producers.insert(r.producers.end(), cmp.views.begin(), cmp.views.end());
    r.producers.insert(r.producers.end(), cmp.functions.begin(), cmp.functions.end());
  }

  std::vector<SourceFile> sources;
  if (c.user) sources.push_back({"(case setup)", fmt::format("CREATE SCHEMA \"{}\";", *c.user)});
  for (const auto& file : c.files) sources.push_back({file.string(), read_file(file)});
  CompileOptions options;
  if (c.user) options.default_schema = *c.user;
  // Left out of both sides by its configured name (introspection's default).
  options.migrations_table = runtime::IntrospectOptions{}.migrations_table;
  CompileResult from_user = compile(sources, options);
  if (!from_user.ok()) {
    r.user_sql.structural.push_back("the user's SQL does not compile");
  } else {
    drop_owners(from_user.catalog);
    // The file's grants to a role that owns the object ask for nothing (owner_privileges.hpp).
    drop_owner_privileges(from_user.catalog, server);
    r.user_sql = compare(server, from_user.catalog);
  }
  return r;
}

}  // namespace

TEST_CASE("corpus: dump/load round trip and agreement of the two producers") {
  auto corpus = corpus_dir();
  if (!corpus) {
    MESSAGE("corpus not found (set SCHEMACTL_CORPUS): skipped");
    return;
  }
  // Cluster-wide roles the cases expect; they may exist already.
  for (const auto& source : fs::directory_iterator(*corpus / "cases")) {
    fs::path roles = source.path() / "_setup_roles.sql";
    if (fs::exists(roles)) test::run_process({kPsql, "-X", "-q", "-d", test::server_url(), "-f", roles.string()});
  }
  // Roles the cases run as (meta.json "user").
  std::set<std::string> users;
  for (const auto& c : collect_cases(*corpus))
    if (c.user) users.insert(*c.user);
  for (const auto& user : users) {
    test::exec_sql(test::server_url(), fmt::format("DO $$ BEGIN CREATE ROLE \"{}\"; EXCEPTION WHEN duplicate_object THEN NULL; END $$", user));
  }
  std::vector<Case> cases = collect_cases(*corpus);
  std::vector<CaseResult> results(cases.size());
  std::atomic<size_t> next{0};
  auto worker = [&] {
    test::TestDatabase source("dc"), copy("dc");
    for (size_t i = next++; i < cases.size(); i = next++) {
      try {
        results[i] = run_case(cases[i], source, copy);
      } catch (const std::exception& e) {
        results[i].name = cases[i].name;
        results[i].loaded = true;
        results[i].roundtrip_failure = std::string("exception: ") + e.what();
      }
    }
  };
  std::thread a(worker), b(worker);
  a.join();
  b.join();

  int loaded = 0, roundtrip_ok = 0, producers_ok = 0, user_ok = 0, views_total = 0, views_ok = 0, functions_total = 0,
      functions_ok = 0;
  std::ostringstream report;
  // "CHECK case" -> reason, for every failing check of every case.
  std::map<std::string, std::string> failures;
  auto fail = [&](const char* check, const std::string& name, const std::string& reason) {
    report << check << " " << name << ": " << reason << "\n";
    std::string line = reason.substr(0, reason.find('\n'));
    failures[std::string(check) + " " + name] = line.substr(0, 160);
  };
  for (const auto& r : results) {
    if (!r.loaded) {
      report << "NOT LOADED " << r.name << ": " << r.load_error.substr(0, 200) << "\n";
      continue;
    }
    ++loaded;
    if (r.roundtrip_failure.empty()) ++roundtrip_ok;
    else fail("ROUNDTRIP", r.name, r.roundtrip_failure.substr(0, 600));
    if (r.producers.empty()) ++producers_ok;
    else fail("PRODUCERS", r.name, r.producers.front().substr(0, 400));
    if (r.user_sql.structural.empty()) ++user_ok;
    else fail("USER-SQL", r.name, r.user_sql.structural.front().substr(0, 400));
    if (r.has_views) { ++views_total; if (r.user_sql.views.empty()) ++views_ok; }
    if (r.has_functions) { ++functions_total; if (r.user_sql.functions.empty()) ++functions_ok; }
  }
  std::string summary = fmt::format(
      "cases loaded {} of {}; dump round trip identical {}/{}; compile(dump) == introspect {}/{};"
      " introspect(load(x)) == compile(x) for tables/columns/types/constraints/indexes/sequences/enums/comments/grants {}/{};"
      " views agree in {}/{} cases; functions agree in {}/{} cases",
      loaded, results.size(), roundtrip_ok, loaded, producers_ok, loaded, user_ok, loaded, views_ok, views_total,
      functions_ok, functions_total);
  std::ofstream("dump_corpus_report.txt") << summary << "\n" << report.str();
  std::cout << summary << "\n(details in dump_corpus_report.txt)\n";

  // Every failure must be listed with its reason, and every listed failure must still fail:
  // a new failure and a fixed one both fail the run, so the list stays true.
  const fs::path list_path = fs::path(SCHEMACTL_SOURCE_DIR) / "tests/e2e/dump_corpus_known_failures.txt";
  std::set<std::string> known;
  {
    std::ifstream in(list_path);
    for (std::string line; std::getline(in, line);) {
      if (line.empty() || line[0] == '#') continue;
      auto hash = line.find("  #");
      std::string key = line.substr(0, hash);
      while (!key.empty() && key.back() == ' ') key.pop_back();
      known.insert(key);
    }
  }
  if (std::getenv("SCHEMACTL_WRITE_KNOWN_FAILURES")) {
    std::ofstream out(list_path);
    out << "# dump_corpus: checks that fail today, as \"CHECK source/case  # reason\" (regenerate with\n"
           "# SCHEMACTL_WRITE_KNOWN_FAILURES=1). ROUNDTRIP: dump -> load -> dump not identical;\n"
           "# PRODUCERS: compile(dump(db)) != introspect(db); USER-SQL: introspect(load(x)) != compile(x).\n";
    for (const auto& [key, reason] : failures) out << key << "  # " << reason << "\n";
    return;
  }
  for (const auto& [key, reason] : failures) {
    CHECK_MESSAGE(known.count(key), "new failure: " << key << ": " << reason);
  }
  for (const auto& key : known) {
    CHECK_MESSAGE(failures.count(key), "listed failure now passes (remove it from the list): " << key);
  }
}
