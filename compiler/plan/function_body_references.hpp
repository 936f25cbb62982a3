// What a LANGUAGE sql function's body reads, for ordering.
//
// CREATE FUNCTION parses and analyses an SQL function's body (check_function_bodies is on in a
// migration), so every relation and function the body names must exist first. pg_depend records
// nothing for a body given as a string (only for BEGIN ATOMIC / RETURN bodies), and the compiler
// records no references of a body either: without these edges a migration that creates a view
// and a function reading it may create the function first and fail.
#pragma once

#include <string>
#include <vector>

#include "compiler/ir.hpp"

namespace schemactl::plan {

struct BodyReferences {
  std::vector<ir::QualifiedName> relations;  // as written: schema empty when unqualified
  std::vector<ir::QualifiedName> functions;  // called functions, by name only
};

// The relations (FROM, JOIN, INSERT/UPDATE/DELETE targets) and functions named in `f`'s body.
// Empty for any language but sql, and for a body that does not parse (the server would reject it).
BodyReferences body_references(const ir::Function& f);

// The schemas an unqualified name in `f`'s body is looked up in, in order: the function's own
// SET search_path when it has one, else the default "$user", public (the function's schema
// follows, where a dump-loaded body usually means).
std::vector<std::string> body_search_path(const ir::Function& f);

}  // namespace schemactl::plan
