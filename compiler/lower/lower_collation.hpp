// Collations: CREATE COLLATION, and COLLATE names that refer to the user's own collations.
#pragma once

#include <string>
#include <vector>

#include "compiler/lower/context.hpp"

namespace schemactl::lower {

// CREATE COLLATION (a DefineStmt of kind OBJECT_COLLATION); false for other DefineStmt kinds.
bool transform_define_collation(Context& ctx, Element stmt);

// The user's collation named by `names` ([schema,] name; search path for a bare name), or nullptr.
ir::Collation* find_collation(Context& ctx, const std::vector<std::string>& names);

// An unqualified COLLATE name is looked up in pg_catalog first, then in the search path: the
// lowering spells it pg_catalog.<name>; this rewrites such references to a user collation of
// that name in `search_path` (built-in names such as "C" stay in pg_catalog). Runs once at
// the end of the compile, when every collation of the input is known.
void resolve_collation_references(ir::Catalog& catalog, const std::vector<std::string>& search_path);

}  // namespace schemactl::lower
