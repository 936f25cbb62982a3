// Which changes of an offline diff need PostgreSQL as the oracle.
//
// The compiler's canonical keys decide most comparisons exactly: an object that exists on one side
// only, a column added or dropped, a type name, a NOT NULL flag. What they can get wrong is text
// that the server rewrites (defaults, checks, index and view definitions, function bodies) and
// names the server chooses (unnamed constraints): a false difference there would give a migration
// that never converges. Those changes are "uncertain", and only they are worth a scratch database.
#pragma once

#include <set>
#include <vector>

#include "compiler/diff.hpp"

namespace schemactl::diff {

// The top-level objects (tables for their columns, constraints, triggers and policies) whose
// changes in `changes` rest on a comparison the server may decide differently: an object dropped
// and created again under the same name (a constraint, index, view, function, trigger, policy, a
// generated column, a partition detached and attached with another bound), a rename matched by
// definition, a default changed from one expression to another, a view, function, domain or
// policy altered in place. Empty when every change is certain.
// With `desired`, also the tables and indexes created or given an expression that calls one of
// its functions: the compiler records no such reference, and without pg_depend's the way back
// would drop the function before the table that uses it.
std::set<ir::ObjectId> uncertain_objects(const std::vector<Change>& changes, const ir::Catalog* desired = nullptr);

}  // namespace schemactl::diff
