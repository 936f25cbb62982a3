// `dump`: the live schema as a canonical schema file (introspection, then the emitter), followed
// by the rows of the migrations table, as dbmate's dump has them, so a loaded database knows
// its history. Needs no pg_dump binary.
#pragma once

#include <string>
#include <vector>

#include "runtime/connection.hpp"
#include "runtime/introspect.hpp"

namespace schemactl::runtime {

struct DumpOptions {
  std::vector<std::string> include_schemas;
  std::vector<std::string> exclude_schemas;
  std::string migrations_table = "schema_migrations";  // "table" or "schema.table"
  bool owners = false;      // ALTER ... OWNER TO
  bool privileges = false;  // GRANT / REVOKE
};

struct DumpResult {
  std::string sql;
  IntrospectStats stats;     // queries (the migrations table's among them), round trips and their time
  double emit_seconds = 0;   // writing the catalog as SQL
};

// Same database, same bytes. Throws DatabaseError when the server fails.
DumpResult dump_schema(Connection& connection, const DumpOptions& options);

// Writes `text` to `path` through a temporary file in the same directory and a rename, so a
// failure never leaves a half-written schema file. Throws InputError when it cannot.
void write_file_atomically(const std::string& path, const std::string& text);

}  // namespace schemactl::runtime
