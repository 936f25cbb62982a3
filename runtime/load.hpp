// `load`: applies a schema file (a dump, or any schema.sql) to a database in one transaction:
// compiled by the compiler, emitted in dependency order, executed in as few round trips as
// possible, then its data statements (INSERT / COPY, e.g. the migrations rows of a dump).
#pragma once

#include <string>
#include <vector>

#include "compiler/compile.hpp"
#include "runtime/connection.hpp"

namespace schemactl::runtime {

struct LoadOptions {
  bool owners = true;      // apply the file's ALTER ... OWNER TO
  bool privileges = true;  // apply the file's GRANT / REVOKE
};

struct LoadResult {
  int statements = 0;   // schema and data statements executed
  int round_trips = 0;  // statements sent to the server, counting a batch as one
};

// A compiled schema file, ready to apply: prepared before connecting, so that a file that does
// not compile creates no database.
struct LoadScript {
  std::vector<SourceFile> sources;
  ir::Catalog catalog;     // for mapping a failing statement back to its place in the file
  std::string schema_sql;  // emitted in dependency order
};

// Throws InputError (exit 2) with the compiler's diagnostics when the sources do not compile.
LoadScript prepare_load(std::vector<SourceFile> sources, const LoadOptions& options = {});

// Applies the script in one transaction. Throws DatabaseError (exit 3) naming
// file:line:column of the failing object and the server's message when the server rejects a
// statement; nothing stays applied then.
LoadResult apply_load(Connection& connection, const LoadScript& script);

// prepare_load + apply_load.
LoadResult load_schema(Connection& connection, const std::vector<SourceFile>& sources,
                       const LoadOptions& options = {});

}  // namespace schemactl::runtime
