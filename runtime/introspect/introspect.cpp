// The introspection run: one snapshot, a fixed sequence of per-kind catalog queries.
#include "runtime/introspect.hpp"

#include <fmt/format.h>

#include "runtime/introspect/context.hpp"

namespace schemactl::runtime {

using namespace introspect_detail;

namespace {
// Session settings of the snapshot, as pg_dump sets them: an empty search_path makes every
// name in pg_get_*def and format_type output schema-qualified; fixed date, interval and float
// output makes constants in expressions print the same on every server configuration.
// The session's current schema is read first (through a materialized CTE, evaluated before the
// settings change): an unqualified migrations table lives there, as dbmate creates it.
constexpr const char* kBegin =
    "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY;"
    " WITH session AS MATERIALIZED (SELECT pg_catalog.current_schema() AS current_schema)"
    " SELECT session.current_schema, pg_catalog.set_config('search_path', '', false),"
    " pg_catalog.set_config('datestyle', 'ISO', false), pg_catalog.set_config('intervalstyle', 'postgres', false),"
    " pg_catalog.set_config('extra_float_digits', '3', false) FROM session";

std::pair<std::string, std::string> split_table_name(const std::string& name, const std::string& current_schema) {
  auto dot = name.find('.');
  if (dot == std::string::npos) return {current_schema, name};
  return {name.substr(0, dot), name.substr(dot + 1)};
}
}  // namespace

ir::Catalog introspect(Connection& connection, const IntrospectOptions& options, IntrospectStats* stats) {
  IntrospectContext ctx{connection, options, {}, {}, {}, {}, {}, {}, {}};
  ir::Catalog catalog;
  Result session = ctx.exec(kBegin);
  try {
    std::tie(ctx.migrations_schema, ctx.migrations_name) =
        split_table_name(options.migrations_table, session.rows() > 0 ? session.str(0, 0) : "public");
    read_schemas(ctx, catalog);
    read_extensions(ctx, catalog);
    read_collations(ctx, catalog);
    read_enums(ctx, catalog);
    read_domains(ctx, catalog);
    read_composite_types(ctx, catalog);
    read_tables(ctx, catalog);
    read_views(ctx, catalog);
    read_columns(ctx, catalog);
    read_sequences(ctx, catalog);
    read_constraints(ctx, catalog);
    read_indexes(ctx, catalog);
    read_functions(ctx, catalog);
    read_triggers(ctx, catalog);
    read_policies(ctx, catalog);
    read_dependencies(ctx, catalog);
  } catch (...) {
    // Leave the connection usable; the original error is what the caller needs to see.
    PQclear(PQexec(connection.raw(), "ROLLBACK"));
    throw;
  }
  // Read-only: ending with ROLLBACK also restores the session settings changed above.
  ctx.exec("ROLLBACK");
  if (stats) *stats = ctx.stats;
  return catalog;
}

}  // namespace schemactl::runtime
