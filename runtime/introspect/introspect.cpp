// The introspection run: one snapshot, a fixed sequence of per-kind catalog queries, sent in
// one batch after the schemas query.
#include "runtime/introspect.hpp"

#include <fmt/format.h>

#include <chrono>

#include "compiler/quote.hpp"
#include "runtime/history.hpp"
#include "runtime/introspect/context.hpp"
#include "runtime/pipeline.hpp"

namespace schemactl::runtime {

using namespace introspect_detail;

namespace {
// Session settings of the snapshot, as pg_dump sets them: an empty search_path makes every
// name in pg_get_*def and format_type output schema-qualified; fixed date, interval and float
// output makes constants in expressions print the same on every server configuration.
// JIT is turned off: the catalog queries cost enough for the planner to JIT-compile them, and
// compiling costs several times what it saves (on 5,000 tables, 3 s of server CPU per run).
// So are parallel workers: the planner gives the larger catalog queries a Gather, and starting
// workers costs more than they save on catalogs of this size (and takes cores from a busy
// server). work_mem is raised so that the sorts of wide catalog rows do not spill to disk.
// The session's current schema is read first (through a materialized CTE, evaluated before the
// settings change): an unqualified migrations table lives there, as dbmate creates it. So is
// the migrations table whose versions a dump writes ($1, IntrospectOptions::history_table),
// found through the session's own search_path as the runner finds it.
constexpr const char* kBegin = "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY";
constexpr const char* kSettings =
    "pg_catalog.set_config('search_path', '', false),"
    " pg_catalog.set_config('datestyle', 'ISO', false), pg_catalog.set_config('intervalstyle', 'postgres', false),"
    " pg_catalog.set_config('extra_float_digits', '3', false), pg_catalog.set_config('jit', 'off', false),"
    " pg_catalog.set_config('max_parallel_workers_per_gather', '0', false), pg_catalog.set_config('work_mem', '64MB', false)";

std::string session_sql() {
  return fmt::format(
      "WITH session AS MATERIALIZED (SELECT pg_catalog.current_schema() AS current_schema,"
      "  pg_catalog.to_regclass($1::text) AS history)"
      " SELECT session.current_schema, hn.nspname, hc.relname, {}"
      " FROM session LEFT JOIN pg_catalog.pg_class hc ON hc.oid = session.history"
      " LEFT JOIN pg_catalog.pg_namespace hn ON hn.oid = hc.relnamespace",
      kSettings);
}

std::pair<std::string, std::string> split_table_name(const std::string& name, const std::string& current_schema) {
  auto dot = name.find('.');
  if (dot == std::string::npos) return {current_schema, name};
  return {name.substr(0, dot), name.substr(dot + 1)};
}

// The readers after schemas, in the order their results are read (see context.hpp).
struct Reader {
  const char* name;
  std::string (*sql)();
  void (*read)(IntrospectContext&, ir::Catalog&, const Result&);
  bool only_live_owners = false;  // run only with IntrospectOptions::live_owners
  bool wanted(const IntrospectOptions& options) const { return !only_live_owners || options.live_owners; }
};
constexpr Reader kReaders[] = {
    {"extensions", extensions_sql, read_extensions},
    {"collations", collations_sql, read_collations},
    {"enums", enums_sql, read_enums},
    {"domains", domains_sql, read_domains},
    {"composite types", composite_types_sql, read_composite_types},
    {"tables", tables_sql, read_tables},
    {"views", views_sql, read_views},
    {"columns", columns_sql, read_columns},
    {"sequences", sequences_sql, read_sequences},
    {"index support", index_support_sql, read_index_support},
    {"index expressions", index_expressions_sql, read_index_expressions},
    {"constraints", constraints_sql, read_constraints},
    {"indexes", indexes_sql, read_indexes},
    {"functions", functions_sql, read_functions},
    {"aggregates", aggregates_sql, read_aggregates},
    {"triggers", triggers_sql, read_triggers},
    {"policies", policies_sql, read_policies},
    {"owners", owners_sql, read_owners, true},
    {"dependencies", dependencies_sql, read_dependencies},
};

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}
}  // namespace

ir::Catalog introspect(Connection& connection, const IntrospectOptions& options, IntrospectStats* stats,
                       MigrationHistory* history) {
  auto start = std::chrono::steady_clock::now();
  ExpressionKeyCache expression_keys;
  IntrospectContext ctx(connection, options);
  ir::Catalog catalog;
  const bool read_history = history && !options.history_table.empty();
  try {
    // The transaction and the session settings: one round trip.
    Result session;
    {
      Pipeline pipeline(connection);
      pipeline.send(kBegin);
      std::optional<std::string> history_name;
      if (read_history) history_name = HistoryTable(options.history_table).sql_name();
      pipeline.send(session_sql(), {history_name});
      pipeline.sync();
      ++ctx.stats.round_trips;
      auto wait = std::chrono::steady_clock::now();
      pipeline.next();
      ctx.record_query(seconds_since(wait));
      wait = std::chrono::steady_clock::now();
      session = pipeline.next();
      ctx.record_query(seconds_since(wait));
    }
    std::tie(ctx.migrations_schema, ctx.migrations_name) =
        split_table_name(options.migrations_table, session.rows() > 0 ? session.str(0, 0) : "public");
    std::optional<ir::QualifiedName> history_table;
    if (read_history && session.rows() > 0 && !session.is_null(0, 1)) {
      history_table = ir::QualifiedName{session.str(0, 1), session.str(0, 2)};
    }
    ctx.reader = "schemas";
    read_schemas(ctx, catalog);
    ++ctx.stats.round_trips;
    // Everything else in one batch (libpq pipeline mode), ending the transaction too: the
    // server runs each query while the client reads the results of the one before, and the
    // batch costs one round trip. Each reader's time is the time spent waiting for its result.
    {
      Pipeline pipeline(connection);
      const auto parameters = ctx.parameters();
      for (const Reader& reader : kReaders)
        if (reader.wanted(options)) pipeline.send(reader.sql(), parameters);
      // In the same snapshot as the schema, so that a dump's history matches its schema.
      if (history_table) {
        pipeline.send(fmt::format("SELECT version::text FROM {} ORDER BY version", quote_qualified(*history_table)));
      }
      // Read-only: ending with ROLLBACK also restores the session settings changed above.
      pipeline.send("ROLLBACK");
      pipeline.sync();
      ++ctx.stats.round_trips;
      for (const Reader& reader : kReaders) {
        if (!reader.wanted(options)) continue;
        ctx.reader = reader.name;
        auto wait = std::chrono::steady_clock::now();
        Result result = pipeline.next();
        ctx.record_query(seconds_since(wait));
        reader.read(ctx, catalog, result);
      }
      if (history_table) {
        ctx.reader = "migration history";
        auto wait = std::chrono::steady_clock::now();
        Result versions = pipeline.next();
        ctx.record_query(seconds_since(wait));
        history->table = history_table;
        history->versions.reserve(static_cast<size_t>(versions.rows()));
        for (int r = 0; r < versions.rows(); ++r) history->versions.push_back(versions.str(r, 0));
      }
      ctx.reader = "session";
      auto wait = std::chrono::steady_clock::now();
      pipeline.next();
      ctx.record_query(seconds_since(wait));
    }
  } catch (...) {
    // Leave the connection usable (the pipeline has been drained and left by now); the
    // original error is what the caller needs to see.
    PQclear(PQexec(connection.raw(), "ROLLBACK"));
    throw;
  }
  ctx.stats.total_seconds = seconds_since(start);
  if (stats) *stats = ctx.stats;
  return catalog;
}

}  // namespace schemactl::runtime
