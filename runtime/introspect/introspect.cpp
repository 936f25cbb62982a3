// The introspection run: one snapshot, a fixed sequence of per-kind catalog queries.
#include "runtime/introspect.hpp"

#include <fmt/format.h>

#include <chrono>

#include "runtime/introspect/context.hpp"

namespace schemactl::runtime {

using namespace introspect_detail;

namespace {
// Session settings of the snapshot, as pg_dump sets them: an empty search_path makes every
// name in pg_get_*def and format_type output schema-qualified; fixed date, interval and float
// output makes constants in expressions print the same on every server configuration.
// JIT is turned off: the catalog queries cost enough for the planner to JIT-compile them, and
// compiling costs several times what it saves (on 5,000 tables, 3 s of server CPU per run).
// The session's current schema is read first (through a materialized CTE, evaluated before the
// settings change): an unqualified migrations table lives there, as dbmate creates it.
constexpr const char* kBegin =
    "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY;"
    " WITH session AS MATERIALIZED (SELECT pg_catalog.current_schema() AS current_schema)"
    " SELECT session.current_schema, pg_catalog.set_config('search_path', '', false),"
    " pg_catalog.set_config('datestyle', 'ISO', false), pg_catalog.set_config('intervalstyle', 'postgres', false),"
    " pg_catalog.set_config('extra_float_digits', '3', false), pg_catalog.set_config('jit', 'off', false)"
    " FROM session";

std::pair<std::string, std::string> split_table_name(const std::string& name, const std::string& current_schema) {
  auto dot = name.find('.');
  if (dot == std::string::npos) return {current_schema, name};
  return {name.substr(0, dot), name.substr(dot + 1)};
}
}  // namespace

ir::Catalog introspect(Connection& connection, const IntrospectOptions& options, IntrospectStats* stats) {
  auto start = std::chrono::steady_clock::now();
  ExpressionKeyCache expression_keys;
  IntrospectContext ctx{connection, options, {}, {}, {}, {}, {}, {}, {}};
  ir::Catalog catalog;
  Result session = ctx.exec(kBegin);
  try {
    std::tie(ctx.migrations_schema, ctx.migrations_name) =
        split_table_name(options.migrations_table, session.rows() > 0 ? session.str(0, 0) : "public");
    // Each reader's query time is recorded under its name (IntrospectStats).
    auto run = [&](const char* name, void (*read)(IntrospectContext&, ir::Catalog&)) {
      ctx.reader = name;
      read(ctx, catalog);
    };
    run("schemas", read_schemas);
    run("extensions", read_extensions);
    run("collations", read_collations);
    run("enums", read_enums);
    run("domains", read_domains);
    run("composite types", read_composite_types);
    run("tables", read_tables);
    run("views", read_views);
    run("columns", read_columns);
    run("sequences", read_sequences);
    run("constraints", read_constraints);
    run("indexes", read_indexes);
    run("functions", read_functions);
    run("aggregates", read_aggregates);
    run("triggers", read_triggers);
    run("policies", read_policies);
    if (options.live_owners) run("owners", read_owners);
    run("dependencies", read_dependencies);
  } catch (...) {
    // Leave the connection usable; the original error is what the caller needs to see.
    PQclear(PQexec(connection.raw(), "ROLLBACK"));
    throw;
  }
  // Read-only: ending with ROLLBACK also restores the session settings changed above.
  ctx.reader = "session";
  ctx.exec("ROLLBACK");
  ctx.stats.total_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (stats) *stats = ctx.stats;
  return catalog;
}

}  // namespace schemactl::runtime
