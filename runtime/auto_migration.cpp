// Planning a migration from the live database to schema.sql, with the server as the oracle.
#include "runtime/auto_migration.hpp"

#include <fmt/format.h>

#include <chrono>

#include "compiler/compile.hpp"
#include "compiler/diff/uncertain.hpp"
#include "compiler/owner_privileges.hpp"
#include "compiler/emit.hpp"
#include "compiler/quote.hpp"
#include "runtime/auto_migration_oracle.hpp"
#include "runtime/scratch_database.hpp"

namespace schemactl::runtime {
namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// Metadata the server cannot know: where each object is declared, and rename annotations.
void merge_metadata(ir::Catalog& desired, const ir::Catalog& compiled) {
  for (auto& [name, t] : desired.tables)
    if (auto it = compiled.tables.find(name); it != compiled.tables.end()) copy_source_metadata(t, it->second);
  auto spans = [](auto& into, const auto& from) {
    for (auto& [k, v] : into)
      if (auto it = from.find(k); it != from.end()) v.span = it->second.span;
  };
  spans(desired.schemas, compiled.schemas);
  spans(desired.extensions, compiled.extensions);
  spans(desired.collations, compiled.collations);
  spans(desired.enums, compiled.enums);
  spans(desired.domains, compiled.domains);
  spans(desired.composite_types, compiled.composite_types);
  spans(desired.sequences, compiled.sequences);
  spans(desired.indexes, compiled.indexes);
  spans(desired.views, compiled.views);
  for (auto& [name, v] : desired.views)
    if (auto it = compiled.views.find(name); it != compiled.views.end()) spans(v.triggers, it->second.triggers);
  spans(desired.functions, compiled.functions);
  spans(desired.aggregates, compiled.aggregates);
}

}  // namespace

void copy_source_metadata(ir::Table& server_table, const ir::Table& compiled_table) {
  const ir::Table& c = compiled_table;
  server_table.span = c.span;
  server_table.renamed_from = c.renamed_from;
  for (auto& column : server_table.columns)
    if (const auto* cc = c.find_column(column.name)) {
      column.span = cc->span;
      column.renamed_from = cc->renamed_from;
    }
  for (auto& [name, k] : server_table.constraints)
    if (auto ck = c.constraints.find(name); ck != c.constraints.end()) k.span = ck->second.span;
  for (auto& [name, trigger] : server_table.triggers)
    if (auto ct = c.triggers.find(name); ct != c.triggers.end()) trigger.span = ct->second.span;
  for (auto& [name, p] : server_table.policies)
    if (auto cp = c.policies.find(name); cp != c.policies.end()) p.span = cp->second.span;
}

ir::Catalog compile_schema_files(const std::vector<std::string>& files, const std::string& default_schema,
                                 const std::string& migrations_table) {
  auto sources = read_schema_sources(files);
  // Unqualified names land in the connection's own schema, which schema.sql therefore need not
  // create; like public, it is part of the desired state without being declared.
  if (default_schema != "public")
    sources.insert(sources.begin(), SourceFile{"<connection search_path>",
                                               "CREATE SCHEMA IF NOT EXISTS " + quote_ident(default_schema) + ";\n"});
  CompileOptions options;
  options.default_schema = default_schema;
  options.migrations_table = migrations_table;
  CompileResult result = compile(sources, options);
  if (!result.ok()) throw InputError("schema has errors:\n" + format_diagnostics(result.diagnostics, sources, false));
  return std::move(result.catalog);
}

void load_catalog(Connection& connection, const ir::Catalog& catalog) {
  EmitOptions options;
  options.privileges = true;
  options.data = false;
  std::string sql = emit_catalog(catalog, options);
  if (!sql.empty()) connection.exec(sql);
}

ir::Catalog server_desired_state(const ir::Catalog& compiled, ScratchDatabase& scratch,
                                 const IntrospectOptions& options) {
  Connection conn(scratch.url());
  try {
    load_catalog(conn, compiled);
  } catch (const ServerError& e) {
    throw InputError(fmt::format("the schema does not load into PostgreSQL: {}", e.what()));
  }
  ir::Catalog desired = introspect(conn, options);
  merge_metadata(desired, compiled);
  return desired;
}

void apply_steps(Connection& connection, const plan::Plan& plan) {
  for (const auto& section : plan::sections(plan)) {
    if (section.transactional) {
      std::string sql = "BEGIN;\n";
      for (const auto* step : section.steps) sql += step->sql();
      sql += "COMMIT;\n";
      try {
        connection.exec(sql);
      } catch (const ServerError&) {
        connection.exec("ROLLBACK");
        // Find the failing step for the message by replaying one at a time in a transaction.
        connection.exec("BEGIN");
        for (const auto* step : section.steps) {
          try {
            connection.exec(step->sql());
          } catch (const ServerError& e) {
            connection.exec("ROLLBACK");
            throw DatabaseError(fmt::format("step \"{}\" failed: {}\n{}", step->summary, e.what(), step->sql()));
          }
        }
        connection.exec("ROLLBACK");
        throw;
      }
    } else {
      for (const auto* step : section.steps)
        for (const auto& statement : step->statements) {
          try {
            connection.exec(statement);
          } catch (const ServerError& e) {
            throw DatabaseError(fmt::format("step \"{}\" failed: {}\n{}", step->summary, e.what(), statement));
          }
        }
    }
  }
}

std::string remaining_differences(const ir::Catalog& actual, const ir::Catalog& expected,
                                  const diff::DiffOptions& options) {
  auto changes = diff::diff(actual, expected, options);
  std::string out;
  for (const auto& c : changes) out += (out.empty() ? "" : "\n") + diff::describe(c);
  return out;
}

std::string settled_differences(const ir::Catalog& actual, ir::Catalog& expected, ScratchDatabase& scratch,
                                const AutoMigrationOptions& options) {
  auto changes = diff::diff(actual, expected, options.diff);
  if (changes.empty()) return "";
  auto uncertain = diff::uncertain_objects(changes, &expected);
  if (!uncertain.empty() && !options.offline) {
    expected = oracle_desired_state(expected, uncertain, scratch, options.introspect);
    changes = diff::diff(actual, expected, options.diff);
  }
  std::string out;
  for (const auto& c : changes) out += (out.empty() ? "" : "\n") + diff::describe(c);
  return out;
}

AutoMigration plan_auto_migration(Connection& target, const std::string& target_url,
                                  const AutoMigrationOptions& options) {
  AutoMigration m;
  auto start = Clock::now();
  Result schema = target.exec("SELECT coalesce(current_schema(), 'public')");
  std::string default_schema = schema.str(0, 0);
  ir::Catalog compiled = compile_schema_files(options.schema_files, default_schema, options.introspect.migrations_table);

  m.timings.compile = ms_since(start);

  start = Clock::now();
  IntrospectOptions live = options.introspect;
  live.live_owners = true;
  m.current = introspect(target, live);
  m.timings.introspect = ms_since(start);
  // Grants to an owner are no change (owner_privileges.hpp): only the live side knows the owners.
  drop_owner_privileges(compiled, m.current);

  // The server is the oracle only where the offline comparison may be wrong (uncertain.hpp):
  // when every change schema.sql asks for is certain, the compiler's catalog is the desired
  // state and no scratch database is loaded with it; otherwise only the uncertain objects (and
  // what they need) are loaded and read back (auto_migration_oracle.hpp).
  start = Clock::now();
  std::vector<diff::Change> offline_changes = diff::diff(m.current, compiled, options.diff);
  std::set<ir::ObjectId> uncertain;
  if (!options.offline) uncertain = diff::uncertain_objects(offline_changes, &compiled);
  bool need_oracle = !uncertain.empty();
  m.timings.plan += ms_since(start);

  std::optional<ScratchDatabase> scratch;
  if (need_oracle || options.verify) {
    if (!options.dev_url && !can_create_databases(target)) {
      m.notes.push_back("the role may not create databases and no --dev-url was given: the desired state "
                        "comes from the compiler alone and the migration is not verified");
      m.verification = Verification::Unavailable;
      m.verification_note = "unverified: no scratch database (the role may not create databases; pass --dev-url)";
    } else {
      scratch.emplace(target_url, options.dev_url);
    }
  }

  start = Clock::now();
  bool oracle = need_oracle && scratch;
  if (oracle) {
    m.desired = oracle_desired_state(compiled, uncertain, *scratch, options.introspect);
  } else {
    m.desired = std::move(compiled);
  }
  borrow_dependencies(m.desired, m.current, uncertain);
  m.timings.desired = ms_since(start);

  start = Clock::now();
  m.up = oracle ? plan::make_plan(m.current, m.desired, options.diff)
                : plan::make_plan(m.current, m.desired, offline_changes);
  m.down = plan::make_plan(m.desired, m.current, options.diff);
  m.timings.plan += ms_since(start);

  if (!options.verify) {
    if (m.verification != Verification::Unavailable) {
      m.verification = Verification::Skipped;
      m.verification_note = "unverified: --no-verify";
    }
    return m;
  }
  if (!scratch || m.up.empty()) {
    if (scratch) m.verification = Verification::Verified;
    return m;
  }

  start = Clock::now();
  ir::Catalog after_up;
  {
    Connection conn(scratch->url());
    load_catalog(conn, m.current);
    ir::Catalog start_state = introspect(conn, options.introspect);
    std::string drift = remaining_differences(start_state, m.current, options.diff);
    if (!drift.empty())
      throw VerificationError("cannot verify: the current state does not load back identically into the scratch "
                              "database; differences:\n  " + drift);
    try {
      apply_steps(conn, m.up);
    } catch (const Error& e) {
      throw VerificationError(fmt::format("verification failed: the up migration does not apply: {}", e.what()));
    }
    after_up = introspect(conn, options.introspect);
    try {
      apply_steps(conn, m.down);
    } catch (const Error& e) {
      throw VerificationError(fmt::format("verification failed: the down migration does not apply: {}", e.what()));
    }
    ir::Catalog after_down = introspect(conn, options.introspect);
    std::string left = remaining_differences(after_down, m.current, options.diff);
    if (!left.empty())
      throw VerificationError("verification failed: after the down migration the database differs from where it "
                              "started:\n  " + left);
  }
  // After up, the objects the migration wrote from schema.sql's text are spelled by the server;
  // where that text is compared offline with uncertain results, the oracle settles it.
  scratch->reset();
  std::string left = settled_differences(after_up, m.desired, *scratch, options);
  if (!left.empty())
    throw VerificationError("verification failed: after the up migration the database still differs from the "
                            "schema:\n  " + left);
  m.verification = Verification::Verified;
  m.timings.verify = ms_since(start);
  return m;
}

std::vector<std::string> migration_file_texts(const AutoMigration& m, const std::vector<std::string>& header) {
  std::string head;
  for (const auto& h : header) head += "-- " + h + "\n";
  auto sections = plan::sections(m.up);
  std::vector<std::string> files;
  if (sections.size() <= 1) {
    files.push_back(head + "-- migrate:up\n" + plan::plan_sql(m.up) + "\n-- migrate:down\n" + plan::plan_sql(m.down));
    return files;
  }
  // Several transaction modes: one file per run, each undone by its steps' own reverses.
  for (const auto& section : sections) {
    std::string up = plan::plan_sql(section.steps);
    std::string down;
    for (auto it = section.steps.rbegin(); it != section.steps.rend(); ++it) {
      if (!down.empty()) down += "\n";
      down += "-- undo: " + (*it)->summary + "\n";
      for (const auto& s : (*it)->reverse) down += s;
    }
    std::string option = section.transactional ? "" : " transaction:false";
    files.push_back(head + "-- migrate:up" + option + "\n" + up + "\n-- migrate:down" + option + "\n" + down);
  }
  return files;
}

}  // namespace schemactl::runtime
