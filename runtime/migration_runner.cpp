#include "runtime/migration_runner.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <ostream>
#include <set>

#include "compiler/pg_parse.hpp"
#include "grammar/migration_filename.hpp"
#include "runtime/advisory_lock.hpp"
#include "runtime/migration_script.hpp"
#include "runtime/transaction_control.hpp"

namespace schemactl::runtime {
namespace {

constexpr std::string_view kBegin = "BEGIN;\n";

std::string server_text(const ScriptFailure& f) {
  std::string text = f.message;
  if (!f.sqlstate.empty()) text += fmt::format(" (SQLSTATE {})", f.sqlstate);
  if (!f.detail.empty()) text += "\n  DETAIL: " + f.detail;
  if (!f.hint.empty()) text += "\n  HINT: " + f.hint;
  return text;
}

// Offsets of the statements of a section; nullopt when the scanner cannot split it.
std::optional<std::vector<pg::StatementSlice>> try_split(std::string_view sql) {
  try {
    return pg::split_statements(sql);
  } catch (const std::runtime_error&) {
    return std::nullopt;
  }
}

void rollback_if_in_transaction(Connection& conn) {
  if (PQtransactionStatus(conn.raw()) != PQTRANS_IDLE) conn.exec("ROLLBACK");
}

std::string first_line(std::string_view sql) {
  auto nl = sql.find('\n');
  std::string_view line = sql.substr(0, nl);
  return std::string(line.size() > 100 ? line.substr(0, 100) : line) + (nl != std::string_view::npos || line.size() > 100 ? " ..." : "");
}

}  // namespace

MigrationRunner::MigrationRunner(const Config& config, std::vector<Migration> migrations, std::ostream& out)
    : config_(config), migrations_(std::move(migrations)), history_(config.migrations_table), out_(out) {}

int MigrationRunner::migrate(Connection& conn) {
  AdvisoryLock lock(conn, history_.lock_key());
  if (config_.verbose) out_ << "Locked " << history_.configured_name() << "\n";
  history_.ensure_exists(conn);
  auto applied_list = history_.applied_versions(conn);
  std::set<std::string> applied(applied_list.begin(), applied_list.end());
  std::vector<const Migration*> pending;
  for (const auto& m : migrations_) {
    if (!applied.count(m.version)) pending.push_back(&m);
  }
  if (config_.strict && !applied_list.empty()) {
    auto newest = *std::max_element(applied_list.begin(), applied_list.end(),
                                    [](const auto& a, const auto& b) { return grammar::version_less(a, b); });
    for (const auto* m : pending) {
      if (grammar::version_less(m->version, newest)) {
        throw InputError(fmt::format("{} is older than the newest applied migration {} (--strict forbids "
                                     "applying migrations out of order)",
                                     m->path.string(), newest));
      }
    }
  }
  if (pending.empty()) {
    out_ << "No pending migrations\n";
    return 0;
  }
  for (const auto* m : pending) check_no_transaction_control(*m, /*up=*/true);  // before any runs
  for (const auto* m : pending) run_section(conn, *m, Direction::kUp);
  return static_cast<int>(pending.size());
}

int MigrationRunner::rollback(Connection& conn, const RollbackRequest& request) {
  AdvisoryLock lock(conn, history_.lock_key());
  if (config_.verbose) out_ << "Locked " << history_.configured_name() << "\n";
  auto applied = history_.applied_versions(conn);
  std::sort(applied.begin(), applied.end(), [](const auto& a, const auto& b) { return grammar::version_less(b, a); });
  std::vector<std::string> targets;
  if (request.to_version) {
    for (const auto& v : applied) {
      if (grammar::version_less(*request.to_version, v)) targets.push_back(v);
    }
    if (targets.empty()) {
      out_ << "Nothing to roll back: no applied migration is newer than " << *request.to_version << "\n";
      return 0;
    }
  } else {
    if (applied.empty()) throw InputError("cannot roll back: no migrations have been applied");
    if (request.steps < 1) throw InputError("--steps must be at least 1");
    targets.assign(applied.begin(), applied.begin() + std::min<size_t>(applied.size(), static_cast<size_t>(request.steps)));
  }
  // Check every target before undoing any of them.
  std::map<std::string, const Migration*> by_version;
  for (const auto& m : migrations_) by_version[m.version] = &m;
  std::vector<const Migration*> plan;
  for (const auto& v : targets) {
    auto it = by_version.find(v);
    if (it == by_version.end()) {
      throw InputError(fmt::format("cannot roll back {}: no migration file has this version", v));
    }
    if (!it->second->sections.down) {
      throw InputError(fmt::format("cannot roll back {}: it has no '-- migrate:down' section", it->second->path.string()));
    }
    check_no_transaction_control(*it->second, /*up=*/false);
    plan.push_back(it->second);
  }
  for (const auto* m : plan) run_section(conn, *m, Direction::kDown);
  return static_cast<int>(plan.size());
}

MigrationStatus MigrationRunner::status(Connection& conn) const {
  auto applied_list = history_.applied_versions(conn);
  std::set<std::string> applied(applied_list.begin(), applied_list.end());
  MigrationStatus status;
  std::set<std::string> with_file;
  for (const auto& m : migrations_) {
    bool is_applied = applied.count(m.version) > 0;
    status.entries.push_back({m.version, m.filename, is_applied});
    with_file.insert(m.version);
  }
  for (const auto& v : applied_list) {
    if (!with_file.count(v)) status.entries.push_back({v, "", true});
  }
  std::stable_sort(status.entries.begin(), status.entries.end(),
                   [](const auto& a, const auto& b) { return grammar::version_less(a.version, b.version); });
  for (const auto& e : status.entries) (e.applied ? status.applied : status.pending)++;
  return status;
}

void MigrationRunner::run_section(Connection& conn, const Migration& migration, Direction direction) {
  bool up = direction == Direction::kUp;
  const auto& section = up ? migration.sections.up : *migration.sections.down;
  out_ << (up ? "Applying: " : "Rolling back: ") << migration.filename << "\n";
  std::string history_sql = up ? history_.insert_sql(migration.version) : history_.delete_sql(migration.version);
  auto started = std::chrono::steady_clock::now();
  if (section.transaction) {
    run_in_transaction(conn, migration, section, history_sql, direction);
  } else {
    run_statement_by_statement(conn, migration, section, history_sql, direction);
  }
  if (config_.verbose) {
    auto elapsed = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started);
    out_ << fmt::format("{} {} in {:.1f} ms\n", up ? "Applied:" : "Rolled back:", migration.filename, elapsed.count());
  }
}

void MigrationRunner::run_in_transaction(Connection& conn, const Migration& migration,
                                         const grammar::MigrationSection& section, const std::string& history_sql,
                                         Direction direction) {
  // One round trip: BEGIN, the section, the history row, COMMIT. The newline before `;` ends a
  // trailing `--` comment; an empty statement is harmless.
  std::string script;
  script.reserve(kBegin.size() + section.sql.size() + history_sql.size() + 16);
  script += kBegin;
  script += section.sql;
  script += "\n;\n";
  script += history_sql;
  script += ";\nCOMMIT;";
  auto failure = run_script(conn, script);
  if (!failure) return;
  rollback_if_in_transaction(conn);

  std::optional<size_t> offset;  // of the failure inside section.sql
  if (failure->position > 0) {
    size_t at = byte_offset_of_character(script, failure->position);
    if (at >= kBegin.size() && at < kBegin.size() + section.sql.size()) offset = at - kBegin.size();
  }
  // Without a position: result 0 is BEGIN, result k the section's k-th statement, then come the
  // history statement and COMMIT (where deferred constraints are checked).
  std::string what_failed = "the migration failed";
  if (!offset && failure->result_index >= 1) {
    auto statements = try_split(section.sql);
    size_t k = static_cast<size_t>(failure->result_index - 1);
    if (statements && k < statements->size()) {
      offset = (*statements)[k].offset;
    } else if (statements && k == statements->size()) {
      what_failed = fmt::format("recording the migration in {} failed", history_.configured_name());
    } else if (statements && k == statements->size() + 1) {
      what_failed = "COMMIT failed (a deferred constraint?)";
    }
  }
  if (!offset) {
    throw DatabaseError(fmt::format("{}: {}: {}\nits transaction was rolled back; {}", migration.path.string(),
                                    what_failed, server_text(*failure),
                                    direction == Direction::kUp ? "nothing was recorded" : "it stays applied"));
  }
  std::string outcome =
      direction == Direction::kUp
          ? fmt::format("{} was not applied: its transaction was rolled back, nothing was recorded, and no later "
                        "migration ran",
                        migration.filename)
          : fmt::format("{} stays applied: the rollback's transaction was undone and no further migration was "
                        "rolled back",
                        migration.filename);
  throw DatabaseError(
      fmt::format("{}: {}\n{}", section_location(migration, section, *offset), server_text(*failure), outcome));
}

void MigrationRunner::run_statement_by_statement(Connection& conn, const Migration& migration,
                                                 const grammar::MigrationSection& section,
                                                 const std::string& history_sql, Direction direction) {
  std::vector<pg::StatementSlice> statements = split_section(migration, section);
  int done = 0;
  for (const auto& slice : statements) {
    std::string statement = section.sql.substr(slice.offset, slice.length);
    if (config_.verbose) out_ << "  " << first_line(statement) << "\n";
    auto failure = run_script(conn, statement);
    if (!failure) {
      ++done;
      continue;
    }
    rollback_if_in_transaction(conn);
    size_t offset = slice.offset;
    if (failure->position > 0) offset += byte_offset_of_character(statement, failure->position);
    std::string outcome =
        direction == Direction::kUp
            ? fmt::format("{} was not applied and not recorded (transaction:false: the {} statement(s) before this "
                          "one stay applied); no later migration ran",
                          migration.filename, done)
            : fmt::format("{} stays recorded as applied (transaction:false: the {} statement(s) before this one "
                          "stay rolled back); no further migration was rolled back",
                          migration.filename, done);
    throw DatabaseError(
        fmt::format("{}: {}\n{}", section_location(migration, section, offset), server_text(*failure), outcome));
  }
  auto failure = run_script(conn, history_sql);
  if (failure) {
    throw DatabaseError(fmt::format("{}: recording the migration in {} failed: {}", migration.path.string(),
                                    history_.configured_name(), server_text(*failure)));
  }
}

}  // namespace schemactl::runtime
