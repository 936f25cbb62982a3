// The four-phase check of one corpus case, through the same library calls `new --auto` makes.
#include "tests/corpus/corpus_case.hpp"

#include <simdjson.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "compiler/quote.hpp"
#include "runtime/auto_migration.hpp"
#include "runtime/connection.hpp"
#include "runtime/introspect.hpp"
#include "tests/support/process.hpp"
#include "tests/support/test_db.hpp"

namespace schemactl::corpus {
namespace {

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string one_line(std::string s) {
  for (auto& c : s)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  if (s.size() > 300) s = s.substr(0, 297) + "...";
  return s;
}

std::string percent_encode(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') out += static_cast<char>(c);
    else out += fmt::format("%{:02X}", c);
  }
  return out;
}

// `url` connecting as `user` instead (trust authentication on the test server).
std::string url_as(const std::string& url, const std::string& user) {
  auto scheme = url.find("://");
  auto at = url.find('@', scheme + 3);
  auto slash = url.find('/', scheme + 3);
  if (at == std::string::npos || (slash != std::string::npos && at > slash))
    return url.substr(0, scheme + 3) + percent_encode(user) + "@" + url.substr(scheme + 3);
  return url.substr(0, scheme + 3) + percent_encode(user) + url.substr(at);
}

// Runs a case's script with psql, as the corpus was made to load (README: both sides applied
// with psql -v ON_ERROR_STOP=1): meta-commands and COPY ... FROM stdin data included.
void psql_script(const std::string& url, const std::filesystem::path& file) {
  if (!std::filesystem::exists(file)) return;
  auto r = test::run_process({test::pg_bin("psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, "-f", file.string()});
  if (r.exit_code != 0) throw std::runtime_error(r.err.empty() ? "psql failed" : r.err);
}

std::string differences(const ir::Catalog& actual, const ir::Catalog& expected) {
  std::string d = runtime::remaining_differences(actual, expected);
  return one_line(d);
}

}  // namespace

CorpusCase read_case(const std::string& source, const std::filesystem::path& dir) {
  CorpusCase c;
  c.source = source;
  c.name = dir.filename().string();
  c.dir = dir;
  std::string meta = read_file(dir / "meta.json");
  if (meta.empty()) return c;
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(meta).get(root)) return c;
  bool expects = false;
  if (!root["expects_error"].get(expects)) c.expects_error = expects;
  std::string_view user;
  if (!root["user"].get(user)) c.user = std::string(user);
  return c;
}

WorkerDatabases::WorkerDatabases(const std::string& server_url, int worker) : server_url_(server_url) {
  for (const char* tag : {"target", "direct", "scratch"}) {
    std::string name = fmt::format("corpus_{}_{}_{}", getpid(), worker, tag);
    test::exec_sql(server_url_, "DROP DATABASE IF EXISTS " + quote_ident(name) + " WITH (FORCE)");
    test::exec_sql(server_url_, "CREATE DATABASE " + quote_ident(name) + " TEMPLATE template0");
    names_.push_back(name);
  }
  scratch_url = test::url_with_database(server_url_, names_[2]);
}

WorkerDatabases::~WorkerDatabases() {
  for (const auto& name : names_) {
    try {
      test::exec_sql(server_url_, "DROP DATABASE IF EXISTS " + quote_ident(name) + " WITH (FORCE)");
    } catch (const std::exception& e) {
      fprintf(stderr, "warning: could not drop %s: %s\n", name.c_str(), e.what());
    }
  }
}

void WorkerDatabases::reset(const std::optional<std::string>& user) {
  for (const auto& name : names_) {
    std::string url = test::url_with_database(server_url_, name);
    runtime::Connection conn(url);
    runtime::Result schemas = conn.exec(
        "SELECT nspname FROM pg_catalog.pg_namespace WHERE nspname <> 'information_schema' AND nspname !~ '^pg_'");
    std::string sql;
    for (int r = 0; r < schemas.rows(); ++r) sql += "DROP SCHEMA " + quote_ident(schemas.str(r, 0)) + " CASCADE;";
    // public as PostgreSQL 15 creates it.
    sql += "CREATE SCHEMA public AUTHORIZATION pg_database_owner; GRANT USAGE ON SCHEMA public TO PUBLIC;";
    bool scratch = &name == &names_[2];
    std::string owner = user && !scratch ? quote_ident(*user) : "postgres";
    sql += "ALTER DATABASE " + quote_ident(name) + " OWNER TO " + owner + ";";
    if (user && !scratch) sql += "CREATE SCHEMA " + quote_ident(*user) + " AUTHORIZATION " + quote_ident(*user) + ";";
    conn.exec(sql);
  }
  target_url = test::url_with_database(server_url_, names_[0]);
  direct_url = test::url_with_database(server_url_, names_[1]);
  if (user) {
    target_url = url_as(target_url, *user);
    direct_url = url_as(direct_url, *user);
  }
}

CaseResult run_case(const CorpusCase& c, WorkerDatabases& databases) {
  runtime::IntrospectOptions introspect_options;

  // Phase 1: the starting state.
  databases.reset(c.user);
  try {
    psql_script(databases.target_url, c.dir / "setup.sql");
    psql_script(databases.target_url, c.dir / "current.sql");
  } catch (const std::exception& e) {
    return {false, "current.sql does not load: " + one_line(e.what())};
  }
  // A fresh session, as the user's next command would have.
  runtime::Connection conn(databases.target_url);
  ir::Catalog start = runtime::introspect(conn, introspect_options);

  // Phase 2: generate and apply up.
  std::filesystem::path schema_file = c.dir / "desired.sql";
  runtime::AutoMigrationOptions options;
  options.schema_files = {schema_file.string()};
  options.verify = false;
  options.dev_url = databases.scratch_url;
  runtime::AutoMigration m;
  try {
    m = runtime::plan_auto_migration(conn, databases.target_url, options);
  } catch (const Error& e) {
    if (c.expects_error) return {true, ""};
    return {false, "generate: " + one_line(e.what())};
  }
  try {
    runtime::apply_steps(conn, m.up);
  } catch (const std::exception& e) {
    return {false, "up: " + one_line(e.what())};
  }

  // Phase 3: equal to the schema, and to desired.sql applied directly.
  // Re-diff as the user's next run would: the same library call, which must find nothing to do.
  ir::Catalog after_up = runtime::introspect(conn, introspect_options);
  std::string left;
  try {
    runtime::AutoMigration again = runtime::plan_auto_migration(conn, databases.target_url, options);
    for (const auto& step : again.up.steps) left += (left.empty() ? "" : "; ") + step.summary;
  } catch (const Error& e) {
    return {false, "re-diff after up: " + one_line(e.what())};
  }
  if (!left.empty()) return {false, "re-diff after up not empty: " + left};
  {
    try {
      psql_script(databases.direct_url, c.dir / "setup.sql");
      psql_script(databases.direct_url, c.dir / "desired.sql");
    } catch (const std::exception& e) {
      return {false, "desired.sql does not load directly: " + one_line(e.what())};
    }
    runtime::Connection dconn(databases.direct_url);
    ir::Catalog direct_state = runtime::introspect(dconn, introspect_options);
    left = differences(after_up, direct_state);
    if (!left.empty()) return {false, "after up, differs from desired.sql loaded directly: " + left};
  }

  // Phase 4: down restores the start.
  try {
    runtime::apply_steps(conn, m.down);
  } catch (const std::exception& e) {
    return {false, "down: " + one_line(e.what())};
  }
  ir::Catalog after_down = runtime::introspect(conn, introspect_options);
  left = differences(after_down, start);
  if (!left.empty()) return {false, "after down, differs from current: " + left};
  return {true, ""};
}

}  // namespace schemactl::corpus
