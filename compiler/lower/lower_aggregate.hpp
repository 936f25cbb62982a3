// Aggregates: CREATE [OR REPLACE] AGGREGATE, and finding one by name and argument types for
// COMMENT ON AGGREGATE, ALTER AGGREGATE ... OWNER TO, DROP AGGREGATE and GRANT ... ON FUNCTION.
#pragma once

#include "compiler/lower/context.hpp"

namespace schemactl::lower {

// CREATE AGGREGATE (a DefineStmt of kind OBJECT_AGGREGATE, new or old `basetype =` form);
// false for other DefineStmt kinds.
bool transform_define_aggregate(Context& ctx, Element stmt);

// The aggregate an ObjectWithArgs names. Its argument types are compared as a function's
// ("double precision, double precision" for `(double precision ORDER BY double precision)`),
// which is also how GRANT ... ON FUNCTION names an aggregate. nullptr when there is none.
ir::Aggregate* find_aggregate(Context& ctx, Element object_with_args);

}  // namespace schemactl::lower
