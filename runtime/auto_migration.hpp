// `new --auto` and `diff`: the plan from the live database to schema.sql, the desired state
// learnt from the server itself (schema.sql applied to a scratch database and introspected with
// the same code as the target), and the proof that a generated migration does what it says.
#pragma once

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "compiler/diff.hpp"
#include "compiler/ir.hpp"
#include "compiler/plan.hpp"
#include "runtime/connection.hpp"
#include "runtime/introspect.hpp"

namespace schemactl::runtime {

class ScratchDatabase;

struct AutoMigrationOptions {
  std::vector<std::string> schema_files{"schema.sql"};
  std::optional<std::string> dev_url;  // scratch database to use instead of creating one
  bool offline = false;                // desired state from the compiler alone (no scratch database)
  bool verify = true;                  // prove up and down in a scratch database
  IntrospectOptions introspect;        // migrations table, schemas
  diff::DiffOptions diff;
};

// Where the time went, in milliseconds.
struct AutoTimings {
  double compile = 0;
  double introspect = 0;  // the target
  double desired = 0;     // schema.sql loaded into the scratch database and introspected (0 when not needed)
  double plan = 0;        // diff and planning, both directions, and deciding whether the oracle is needed
  double verify = 0;
};

enum class Verification { Verified, Skipped, Unavailable };

struct AutoMigration {
  ir::Catalog current;
  ir::Catalog desired;
  plan::Plan up;
  plan::Plan down;
  Verification verification = Verification::Skipped;
  std::string verification_note;  // why it is unverified, when it is
  std::vector<std::string> notes; // warnings worth printing (e.g. the desired state is offline)
  AutoTimings timings;
};

// The migration's proof failed: `what` names the phase and lists the remaining differences.
class VerificationError : public InputError {
 public:
  explicit VerificationError(const std::string& message) : InputError(message) {}
};

// Compiles the schema files; InputError with every diagnostic (file:line:column) on errors.
// The migrations table (configured name; empty: none) is left out, as introspection leaves it out.
ir::Catalog compile_schema_files(const std::vector<std::string>& files, const std::string& default_schema,
                                 const std::string& migrations_table = "");

// Applies a catalog to an empty database (emitted in dependency order, privileges included).
void load_catalog(Connection& connection, const ir::Catalog& catalog);

// Gives a table read back from the server what only the compiler knows: source spans of the
// table and its members, and rename annotations.
void copy_source_metadata(ir::Table& server_table, const ir::Table& compiled_table);

// The desired state as the server stores it: `compiled` loaded into `scratch` and introspected;
// source spans and renamed_from annotations merged back from `compiled` by name.
ir::Catalog server_desired_state(const ir::Catalog& compiled, ScratchDatabase& scratch,
                                 const IntrospectOptions& options);

// Current state, desired state, up and down plans; verified when options.verify.
// Throws VerificationError when the proof fails (nothing should be written then).
AutoMigration plan_auto_migration(Connection& target, const std::string& target_url,
                                  const AutoMigrationOptions& options);

// Applies SQL steps to a connection: transactional runs in one transaction each, the others
// statement by statement. ServerError names the failing step.
void apply_steps(Connection& connection, const plan::Plan& plan);

// The remaining differences from `actual` to `expected`, one summary per line ("" when equal).
std::string remaining_differences(const ir::Catalog& actual, const ir::Catalog& expected,
                                  const diff::DiffOptions& options = {});

// Like remaining_differences, for an `expected` state taken (partly) from the compiler: where
// the comparison is uncertain (compiler/diff/uncertain.hpp), `expected`'s objects are replaced by
// the server's spelling of them (loaded into `scratch`, left empty) before comparing again.
std::string settled_differences(const ir::Catalog& actual, ir::Catalog& expected, ScratchDatabase& scratch,
                                const AutoMigrationOptions& options);

// The contents of the migration file(s) to write: one file normally; when some steps cannot
// run inside a transaction, one file per run of steps (the runner's files have one up and one
// down section), in order. `header` lines are written at the top of each as comments.
std::vector<std::string> migration_file_texts(const AutoMigration& migration, const std::vector<std::string>& header);

}  // namespace schemactl::runtime

namespace schemactl::runtime {

struct Config;

struct NewAutoOptions {
  std::string name;
  std::optional<std::string> dev_url;
  bool verify = true;
  bool offline = false;
};

// `schemactl new --auto -m NAME`: refuses while migrations are pending; otherwise plans,
// verifies, writes the migration file(s) and prints their paths and one line per change.
// Returns the paths written (none when there is nothing to change).
std::vector<std::string> new_auto_migration(const Config& config, const NewAutoOptions& options, std::ostream& out,
                                            std::ostream& err);

}  // namespace schemactl::runtime
