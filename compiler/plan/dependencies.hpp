// The dependency edges the planner orders by: the catalog's own (pg_depend, or references found
// while compiling) plus the structural ones the IR implies.
#pragma once

#include <set>

#include "compiler/ir.hpp"

namespace schemactl::plan {

// "Y depends on X" edges of `catalog`, with function ids normalized (identity args without
// parentheses) and sequence ownership expressed as {Sequence, name, "owned_by"} -> column.
std::set<ir::Dependency> dependencies_of(const ir::Catalog& catalog);

}  // namespace schemactl::plan
