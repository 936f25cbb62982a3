// Finds statements that end or start a transaction (BEGIN, COMMIT, ROLLBACK, ...) inside a
// migration section that schemactl runs in its own transaction.
//
// Why it matters: such a section is sent as BEGIN; <section>; <history row>; COMMIT. A COMMIT in
// the section commits everything before it on its own, so a later failure can no longer be rolled
// back and the history row no longer travels with the change; dbmate accepts this silently and a
// half-applied migration results. A `transaction:false` section is the place for explicit
// transaction control, so only transactional sections are checked.
#pragma once

#include <optional>
#include <string>

#include "runtime/migration_source.hpp"

namespace schemactl::runtime {

struct TransactionControlStatement {
  size_t offset = 0;    // byte offset in the section's SQL
  std::string keyword;  // as written in the file, e.g. "COMMIT" or "start transaction"
};

// The first transaction-control statement of `sql`: BEGIN, START TRANSACTION, COMMIT, END,
// ROLLBACK (not ROLLBACK TO SAVEPOINT, which is fine inside a transaction), ABORT,
// PREPARE TRANSACTION, COMMIT PREPARED, ROLLBACK PREPARED. `statements` as split_section gave them.
std::optional<TransactionControlStatement> find_transaction_control(const std::string& sql,
                                                                    const std::vector<pg::StatementSlice>& statements);

// InputError at file:line:column when a transactional section of `migration` contains one.
// `up` selects the section to check.
void check_no_transaction_control(const Migration& migration, bool up);

}  // namespace schemactl::runtime
