// Introspection: reads a live PostgreSQL catalog into the same IR the compiler produces from
// schema.sql (compiler/ir.hpp), so that the two can be compared, diffed and emitted alike.
//
// One catalog query per object kind, never one per table, all inside one read-only
// REPEATABLE READ transaction with an empty search_path (as pg_dump does): every
// pg_get_*def / format_type text is fully qualified and stable. The queries after the schemas
// one are sent as one batch (libpq pipeline mode): three round trips whatever the schema.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "compiler/ir.hpp"
#include "runtime/connection.hpp"

namespace schemactl::runtime {

struct IntrospectOptions {
  // Only these schemas (empty: every non-system schema).
  std::vector<std::string> include_schemas;
  // Never these schemas.
  std::vector<std::string> exclude_schemas;
  // The migrations history table, left out of the catalog: "table" (in public) or "schema.table".
  std::string migrations_table = "schema_migrations";
  // Fill the owner fields (off by default: a schema file rarely states owners, and owners only
  // take part in comparisons when asked for).
  bool owners = false;
  // Record who owns each object and the session's role (ir::Catalog::owners, session_role), one
  // more query: for the live side of a diff, whose GRANTs to an owner are no change.
  bool live_owners = false;
  // Record an extension's version only when it is not the server's default for it (dump: a
  // schema file should not pin the version the server merely ships). Otherwise the installed
  // version is always recorded, and compares equal to a schema file that states none.
  bool pinned_extension_versions_only = false;
  // Also read the versions recorded in this migrations table ("table" or "schema.table", found
  // through the session's search_path as the runner finds it) into the MigrationHistory given
  // to introspect(): dump writes them after the schema. They are read in the catalog's snapshot
  // and in its batch, so they cost no round trip of their own. Empty: not read.
  std::string history_table;
  // Run about half of the catalog queries on a second connection that shares the snapshot (as
  // pg_dump -j does), so that two backends plan and run them in parallel: dump. The second
  // connection uses the first one's parameters; when it cannot be made, or cannot import the
  // snapshot, everything runs on the first one.
  bool second_session = false;
};

// The migrations table IntrospectOptions::history_table names, when it exists, and its versions
// in order.
struct MigrationHistory {
  std::optional<ir::QualifiedName> table;
  std::vector<std::string> versions;
};

// What introspection cost, for the benchmark and for `--verbose` output.
struct IntrospectStats {
  int queries = 0;             // statements sent to the server
  int round_trips = 0;         // times the client waited for the server to answer a batch of them
  double query_seconds = 0;    // waiting for the server: executing the queries, receiving results
  double total_seconds = 0;    // the whole run; the rest is the client reading results into the IR
  // Seconds waiting for the server, per catalog reader ("columns", "indexes", ...), in run order.
  std::vector<std::pair<std::string, double>> query_seconds_by_reader;
  double client_seconds() const { return total_seconds - query_seconds; }
};

// Reads the catalog of the database `connection` is connected to (and, when `history` is given,
// the migrations table's versions: IntrospectOptions::history_table). The connection must not
// be inside a transaction. Throws DatabaseError (or ServerError) when a catalog query fails.
ir::Catalog introspect(Connection& connection, const IntrospectOptions& options = {},
                       IntrospectStats* stats = nullptr, MigrationHistory* history = nullptr);

}  // namespace schemactl::runtime
