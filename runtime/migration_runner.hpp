// The dbmate-compatible migration runner: applies pending migrations, rolls back applied ones,
// and reports status, against the history table (runtime/history.hpp).
//
// Guarantees beyond dbmate:
// - each migration runs in one transaction together with its history row, sent in one round
//   trip; a failure rolls the whole file back, records nothing, and names file:line:column;
// - `transaction:false` sections run statement by statement (several CREATE INDEX CONCURRENTLY);
// - a session-level advisory lock serializes concurrent runners on the same history table.
#pragma once

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "runtime/config.hpp"
#include "runtime/connection.hpp"
#include "runtime/history.hpp"
#include "runtime/migration_source.hpp"

namespace schemactl::runtime {

struct RollbackRequest {
  int steps = 1;                          // undo this many of the newest applied migrations...
  std::optional<std::string> to_version;  // ...or every applied migration newer than this version
};

struct MigrationState {
  std::string version;
  std::string filename;  // empty when the version is applied but its file is missing
  bool applied = false;
};

struct MigrationStatus {
  std::vector<MigrationState> entries;  // by version
  int applied = 0;
  int pending = 0;
};

class MigrationRunner {
 public:
  // `migrations` as load_migrations returned them (already validated). Progress goes to `out`.
  MigrationRunner(const Config& config, std::vector<Migration> migrations, std::ostream& out);

  // Applies every pending migration in version order; returns how many were applied.
  // With config.strict, a pending migration older than the newest applied one is an InputError.
  int migrate(Connection& conn);

  // Runs the down sections of the newest applied migrations (newest first); returns how many.
  int rollback(Connection& conn, const RollbackRequest& request);

  // Applied and pending migrations, including applied versions whose file is missing.
  // Read-only: does not create the history table.
  MigrationStatus status(Connection& conn) const;

 private:
  enum class Direction { kUp, kDown };
  void run_section(Connection& conn, const Migration& migration, Direction direction);
  void run_in_transaction(Connection& conn, const Migration& migration, const grammar::MigrationSection& section,
                          const std::string& history_sql, Direction direction);
  void run_statement_by_statement(Connection& conn, const Migration& migration,
                                  const grammar::MigrationSection& section, const std::string& history_sql,
                                  Direction direction);

  Config config_;
  std::vector<Migration> migrations_;
  HistoryTable history_;
  std::ostream& out_;
};

}  // namespace schemactl::runtime
