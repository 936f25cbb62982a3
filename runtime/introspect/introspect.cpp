// The introspection run: one snapshot, a fixed sequence of per-kind catalog queries, sent in
// one batch after the schemas query.
#include "runtime/introspect.hpp"

#include <fmt/format.h>

#include <chrono>

#include "compiler/quote.hpp"
#include "runtime/history.hpp"
#include "runtime/introspect/context.hpp"
#include "runtime/introspect/helper_session.hpp"
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
// The planner keeps the join order each query is written in (join_collapse_limit and
// from_collapse_limit 1): every query starts from the catalog it lists and joins lookups to
// it, and searching for other orders was a third of planning, most of a fresh backend's time
// on a small schema (~2 ms of server CPU per session on danbooru; 5,000 tables plan the same).
// The session's current schema is read first (through a materialized CTE, evaluated before the
// settings change): an unqualified migrations table lives there, as dbmate creates it. So is
// the migrations table whose versions a dump writes ($1, IntrospectOptions::history_table),
// found through the session's own search_path as the runner finds it.
// With a second session ($2), the snapshot is exported for it to import.
constexpr const char* kBegin = "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY";
constexpr const char* kSettings =
    "pg_catalog.set_config('search_path', '', false),"
    " pg_catalog.set_config('datestyle', 'ISO', false), pg_catalog.set_config('intervalstyle', 'postgres', false),"
    " pg_catalog.set_config('extra_float_digits', '3', false), pg_catalog.set_config('jit', 'off', false),"
    " pg_catalog.set_config('max_parallel_workers_per_gather', '0', false), pg_catalog.set_config('work_mem', '64MB', false),"
    " pg_catalog.set_config('join_collapse_limit', '1', false), pg_catalog.set_config('from_collapse_limit', '1', false)";

std::string session_sql() {
  return fmt::format(
      "WITH session AS MATERIALIZED (SELECT pg_catalog.current_schema() AS current_schema,"
      "  pg_catalog.to_regclass($1::text) AS history)"
      " SELECT session.current_schema, hn.nspname, hc.relname,"
      " CASE WHEN $2::boolean THEN pg_catalog.pg_export_snapshot() END, {}"
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
  // Run by the second session, when there is one. These readers come last, so that the main
  // session's results are read first while the second session's server is still working.
  bool second_session = false;
  bool wanted(const IntrospectOptions& options) const { return !only_live_owners || options.live_owners; }
};
constexpr Reader kReaders[] = {
    {"collations", collations_sql, read_collations},
    {"enums", enums_sql, read_enums},
    {"domains", domains_sql, read_domains},
    {"composite types", composite_types_sql, read_composite_types},
    {"tables", tables_sql, read_tables},
    {"views", views_sql, read_views},
    {"columns", columns_sql, read_columns},
    {"sequences", sequences_sql, read_sequences},
    {"index support", index_support_sql, read_index_support},
    // The rest (about half of the server's time on danbooru and on 5,000 tables alike). The
    // index expressions' pg_get_indexdef builds the relation cache entries of their tables,
    // which the constraints' and indexes' pg_get_expr then find built.
    {"index expressions", index_expressions_sql, read_index_expressions, false, true},
    {"constraints", constraints_sql, read_constraints, false, true},
    {"indexes", indexes_sql, read_indexes, false, true},
    {"functions", functions_sql, read_functions, false, true},
    {"aggregates", aggregates_sql, read_aggregates, false, true},
    {"triggers", triggers_sql, read_triggers, false, true},
    {"policies", policies_sql, read_policies, false, true},
    // pg_available_extensions reads every extension's control file from disk.
    {"extensions", extensions_sql, read_extensions, false, true},
    {"owners", owners_sql, read_owners, true, true},
    {"dependencies", dependencies_sql, read_dependencies, false, true},
};

// The second session's readers are read after the others: they must come last.
constexpr bool second_session_readers_last() {
  bool seen = false;
  for (const Reader& reader : kReaders) {
    if (seen && !reader.second_session) return false;
    seen = seen || reader.second_session;
  }
  return true;
}
static_assert(second_session_readers_last());

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
  // Connects while the main session runs its first two round trips.
  std::optional<HelperSession> helper;
  if (options.second_session) helper.emplace(connection);
  try {
    // The transaction and the session settings: one round trip.
    Result session;
    {
      Pipeline pipeline(connection);
      pipeline.send(kBegin);
      std::optional<std::string> history_name;
      if (read_history) history_name = HistoryTable(options.history_table).sql_name();
      pipeline.send(session_sql(), {history_name, helper ? "true" : "false"});
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
    // With a second session, that session runs the readers marked for it, in parallel.
    const auto parameters = ctx.parameters();
    if (helper) {
      std::vector<std::string> statements;
      for (const Reader& reader : kReaders)
        if (reader.wanted(options) && reader.second_session) statements.push_back(reader.sql());
      helper->run(session.str(0, 3), fmt::format("SELECT {}", kSettings), std::move(statements), parameters);
    }
    {
      Pipeline pipeline(connection);
      auto send_readers = [&](bool second_session) {
        for (const Reader& reader : kReaders)
          if (reader.wanted(options) && reader.second_session == second_session) pipeline.send(reader.sql(), parameters);
      };
      auto read_results = [&](bool second_session, bool from_helper) {
        for (const Reader& reader : kReaders) {
          if (!reader.wanted(options) || reader.second_session != second_session) continue;
          ctx.reader = reader.name;
          auto wait = std::chrono::steady_clock::now();
          Result result = from_helper ? helper->next() : pipeline.next();
          ctx.record_query(seconds_since(wait));
          reader.read(ctx, catalog, result);
        }
      };
      send_readers(false);
      // In the same snapshot as the schema, so that a dump's history matches its schema.
      if (history_table) {
        pipeline.send(fmt::format("SELECT version::text FROM {} ORDER BY version", quote_qualified(*history_table)));
      }
      bool split = false;
      if (helper) {
        // The second session connects and imports the snapshot while this one runs its part;
        // the transaction that exported the snapshot must not end before it is imported.
        pipeline.sync();
        read_results(false, false);
        ctx.reader = "second session";
        auto wait = std::chrono::steady_clock::now();
        try {
          helper->wait_imported();
          split = true;
          ctx.stats.queries += HelperSession::kSessionStatements;
        } catch (const DatabaseError&) {
          // No second session (no free connection slot, a pooler that sends it to another
          // server...): this one runs its readers too.
        }
        ctx.record_wait(seconds_since(wait));
      }
      if (!split) send_readers(true);
      // Read-only: ending with ROLLBACK also restores the session settings changed above.
      pipeline.send("ROLLBACK");
      pipeline.sync();
      ++ctx.stats.round_trips;
      if (helper && !split) ++ctx.stats.round_trips;  // the second half, sent late
      if (!helper) read_results(false, false);
      if (history_table) {
        ctx.reader = "migration history";
        auto wait = std::chrono::steady_clock::now();
        Result versions = pipeline.next();
        ctx.record_query(seconds_since(wait));
        history->table = history_table;
        history->versions.reserve(static_cast<size_t>(versions.rows()));
        for (int r = 0; r < versions.rows(); ++r) history->versions.push_back(versions.str(r, 0));
      }
      read_results(true, split);
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
