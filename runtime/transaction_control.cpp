#include "runtime/transaction_control.hpp"

#include <fmt/format.h>

#include <cctype>
#include <string_view>

#include "compiler/error.hpp"

namespace schemactl::runtime {
namespace {

// The word starting at `at` (letters, digits, underscores), and where the next one starts.
std::string_view word_at(std::string_view sql, size_t at, size_t* next) {
  size_t end = at;
  while (end < sql.size() && (std::isalnum(static_cast<unsigned char>(sql[end])) || sql[end] == '_')) ++end;
  size_t after = end;
  while (after < sql.size() && std::isspace(static_cast<unsigned char>(sql[after]))) ++after;
  if (next) *next = after;
  return sql.substr(at, end - at);
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

bool is_transaction_control(std::string_view statement) {
  size_t second_at = 0;
  std::string_view first = word_at(statement, 0, &second_at);
  std::string_view second = word_at(statement, second_at, nullptr);
  // A statement that starts with BEGIN is a transaction block (BEGIN ATOMIC only occurs inside
  // CREATE FUNCTION, and PL/pgSQL's BEGIN inside a dollar-quoted body).
  if (iequals(first, "begin") || iequals(first, "commit") || iequals(first, "end") || iequals(first, "abort")) {
    return true;
  }
  if (iequals(first, "start") || iequals(first, "prepare")) return iequals(second, "transaction");
  if (iequals(first, "rollback")) return !iequals(second, "to");  // ROLLBACK TO SAVEPOINT is harmless
  return false;
}

}  // namespace

std::optional<TransactionControlStatement> find_transaction_control(const std::string& sql,
                                                                    const std::vector<pg::StatementSlice>& statements) {
  std::string_view text(sql);
  for (const auto& slice : statements) {
    std::string_view statement = text.substr(slice.offset, slice.length);
    if (!is_transaction_control(statement)) continue;
    size_t second_at = 0;
    std::string_view first = word_at(statement, 0, &second_at);
    std::string_view second = word_at(statement, second_at, nullptr);
    std::string keyword(first);
    if (iequals(first, "start") || iequals(first, "prepare") ||
        (iequals(second, "prepared") && (iequals(first, "commit") || iequals(first, "rollback")))) {
      keyword += " " + std::string(second);
    }
    return TransactionControlStatement{slice.offset, keyword};
  }
  return std::nullopt;
}

void check_no_transaction_control(const Migration& migration, bool up) {
  const auto& section = up ? migration.sections.up : *migration.sections.down;
  if (!section.transaction) return;
  auto found = find_transaction_control(section.sql, split_section(migration, section));
  if (!found) return;
  throw InputError(fmt::format(
      "{}: {} inside a migration that schemactl runs in a transaction: it would commit part of the migration on its "
      "own, so a later failure could not be rolled back and {} would not match the database.\n"
      "Remove the BEGIN/COMMIT lines (every migration already runs in one transaction), or write "
      "`-- migrate:{} transaction:false` to manage transactions yourself. Nothing was run.",
      section_location(migration, section, found->offset), found->keyword, "the migrations table",
      up ? "up" : "down"));
}

}  // namespace schemactl::runtime
