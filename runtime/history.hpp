// The migration history table, exactly as dbmate keeps it:
//   CREATE TABLE IF NOT EXISTS schema_migrations (version varchar(128) primary key)
// so that a database migrated by dbmate is read as is, and vice versa.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "runtime/connection.hpp"

namespace schemactl::runtime {

class HistoryTable {
 public:
  // `configured` is "table" (created in the first schema of the connection's search_path, as
  // dbmate does) or "schema.table" (the schema is created when missing).
  explicit HistoryTable(const std::string& configured);

  const std::string& configured_name() const { return configured_; }
  std::string sql_name() const;  // quoted for SQL, e.g. schema_migrations or "My".schema_migrations

  bool exists(Connection& conn) const;
  void ensure_exists(Connection& conn) const;
  // Applied versions as stored (dbmate order: text); empty when the table does not exist yet.
  std::vector<std::string> applied_versions(Connection& conn) const;

  std::string insert_sql(const std::string& version) const;
  std::string delete_sql(const std::string& version) const;

  // The advisory-lock key that serializes runners working on this table: FNV-1a of its name,
  // so different tables (different applications in one database) do not block each other.
  std::int64_t lock_key() const;

 private:
  std::string configured_;
  std::optional<std::string> schema_;
  std::string table_;
};

}  // namespace schemactl::runtime
