// How an aggregate's arguments are spelled. PostgreSQL prints them with print_function_arguments
// (ruleutils.c); the compiler and the introspection both build ir::Aggregate::identity_args with
// it, and the emitter writes CREATE AGGREGATE's argument list with it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "compiler/ir.hpp"

namespace schemactl {

// The argument list without parentheses: "ORDER BY" before the first aggregated argument of an
// ordered-set aggregate; the last direct argument printed twice when it is VARIADIC and the same
// as the aggregated one (VARIADIC "any" ORDER BY VARIADIC "any", one pg_proc argument); empty
// for aggregate(*). Names are printed when `with_names` (CREATE AGGREGATE), not for the identity.
std::string aggregate_argument_list(const std::vector<ir::FunctionArgument>& arguments, const std::string& kind,
                                    int direct_args, bool with_names);

// An identity argument list ("double precision ORDER BY double precision") as a function's
// would be written ("double precision, double precision"): how GRANT ... ON FUNCTION names
// an aggregate (there is no GRANT ON AGGREGATE).
std::string aggregate_function_args(const std::string& identity_args);

// The schema and name of a support function spelled as ir::Aggregate stores it ("public.f",
// "\"My Schema\".\"F\""); nullopt for a bare (built-in) name.
std::optional<ir::QualifiedName> aggregate_support_function(const std::string& spelling);

}  // namespace schemactl
