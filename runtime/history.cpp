#include "runtime/history.hpp"

#include <fmt/format.h>

#include "compiler/quote.hpp"

namespace schemactl::runtime {

HistoryTable::HistoryTable(const std::string& configured) : configured_(configured) {
  auto dot = configured.find('.');
  if (dot == std::string::npos) {
    table_ = configured;
  } else {
    schema_ = configured.substr(0, dot);
    table_ = configured.substr(dot + 1);
  }
  if (table_.empty() || (schema_ && schema_->empty())) {
    throw InputError(fmt::format("invalid migrations table '{}' (expected table or schema.table)", configured));
  }
}

std::string HistoryTable::sql_name() const {
  return schema_ ? quote_ident(*schema_) + "." + quote_ident(table_) : quote_ident(table_);
}

bool HistoryTable::exists(Connection& conn) const {
  auto res = conn.exec_params("SELECT to_regclass($1) IS NOT NULL", {sql_name()});
  return res.boolean(0, 0);
}

void HistoryTable::ensure_exists(Connection& conn) const {
  if (exists(conn)) return;  // avoids CREATE privileges being needed on every run
  std::string sql;
  if (schema_) sql += fmt::format("CREATE SCHEMA IF NOT EXISTS {};\n", quote_ident(*schema_));
  sql += fmt::format("CREATE TABLE IF NOT EXISTS {} (version varchar(128) primary key)", sql_name());
  conn.exec(sql);
}

std::vector<std::string> HistoryTable::applied_versions(Connection& conn) const {
  std::vector<std::string> versions;
  if (!exists(conn)) return versions;
  auto res = conn.exec(fmt::format("SELECT version FROM {} ORDER BY version", sql_name()));
  versions.reserve(static_cast<size_t>(res.rows()));
  for (int r = 0; r < res.rows(); ++r) versions.push_back(res.str(r, 0));
  return versions;
}

std::string HistoryTable::insert_sql(const std::string& version) const {
  return fmt::format("INSERT INTO {} (version) VALUES ({})", sql_name(), quote_literal(version));
}

std::string HistoryTable::delete_sql(const std::string& version) const {
  return fmt::format("DELETE FROM {} WHERE version = {}", sql_name(), quote_literal(version));
}

std::int64_t HistoryTable::lock_key() const {
  std::uint64_t hash = 14695981039346656037ull;
  for (unsigned char c : "schemactl migrations " + configured_) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  return static_cast<std::int64_t>(hash);
}

}  // namespace schemactl::runtime
