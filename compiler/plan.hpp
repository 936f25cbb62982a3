// The planner: turns the differ's changes into ordered SQL steps, each with its reverse SQL,
// the object it touches, its hazards and where the object is declared in schema.sql.
//
// Order follows dependencies: the `from` catalog's (pg_depend of the live side) for what is
// dropped, the `to` catalog's for what is created, plus the structural ones the IR implies
// (a column on its type, a foreign key on the referenced key, an object on its schema...).
// Renames come first, then drops, then alterations, then creations, each refined by a stable
// topological sort. Foreign keys are never part of CREATE TABLE, so reference cycles between
// new tables need no repair; a cycle that remains is a PlanError naming every object in it.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "compiler/diff.hpp"
#include "compiler/error.hpp"
#include "compiler/ir.hpp"

namespace schemactl::plan {

enum class Hazard {
  DeletesData,          // rows or values are lost (dropped table/column, narrowed type, removed enum value)
  RewritesTable,        // the whole table is rewritten
  AccessExclusiveLock,  // blocks reads and writes of the table while it runs
  BuildsIndex,          // builds an index (blocks writes unless CONCURRENTLY)
  ValidatesConstraint,  // scans the whole table to validate
  NoTransaction,        // cannot run inside a transaction block
  NotReversible,        // the down migration cannot restore the previous state exactly
};

// "deletes_data", "rewrites_table", ...: the JSON and comment spelling.
const char* hazard_code(Hazard hazard);

struct HazardNote {
  Hazard hazard;
  std::string message;  // "drops column public.users.email and its data"
  bool operator==(const HazardNote&) const = default;
};

struct Step {
  diff::Change change;
  std::string summary;                 // describe(change)
  std::vector<std::string> statements; // SQL statements, each terminated by ";" and a newline
  std::vector<std::string> reverse;    // the statements of inverse(change), likewise
  ir::ObjectId object;
  std::vector<HazardNote> hazards;
  ir::SourceSpan span;                 // where `to` declares the object; unknown for drops
  bool transactional = true;

  // The statements, concatenated.
  std::string sql() const;
  std::string reverse_sql() const;
};

struct Plan {
  std::vector<Step> steps;
  bool empty() const { return steps.empty(); }
};

// A dependency cycle the planner cannot break.
class PlanError : public InputError {
 public:
  explicit PlanError(const std::string& message) : InputError(message) {}
};

// Orders and renders `changes` (from diff(from, to)).
Plan make_plan(const ir::Catalog& from, const ir::Catalog& to, const std::vector<diff::Change>& changes);

// diff + make_plan.
Plan make_plan(const ir::Catalog& from, const ir::Catalog& to, const diff::DiffOptions& options = {});

// The SQL statements of one change, each terminated by ";" and a newline.
std::vector<std::string> render(const diff::Change& change);

// The hazards of one change. `new_tables` are tables created by the same plan (empty, so no
// data can be lost or scanned there).
std::vector<HazardNote> hazards_of(const diff::Change& change, const std::set<ir::QualifiedName>& new_tables);

// A run of consecutive steps that share a transaction mode.
struct Section {
  bool transactional = true;
  std::vector<const Step*> steps;
};
std::vector<Section> sections(const Plan& plan);

// The steps as SQL text: for each step a `-- <summary>` line, one `-- hazard: <code>: <message>`
// line per hazard, then its statements.
std::string plan_sql(const std::vector<const Step*>& steps);
std::string plan_sql(const Plan& plan);

// A stable 64-bit fingerprint (16 hex digits) of a catalog's schema: equal catalogs, equal
// fingerprints.
std::string fingerprint(const ir::Catalog& catalog);

// The plan as JSON: steps (sql, reverse_sql, object, hazards, source location), fingerprints.
std::string plan_json(const Plan& plan, const ir::Catalog& from, const ir::Catalog& to);

}  // namespace schemactl::plan
