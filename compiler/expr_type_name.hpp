// Canonical spelling of a libpg_query TypeName node, as PostgreSQL's format_type() prints it.
//
// Used by the expression keys (casts inside expressions); the parser's internal names
// (int4, varchar, bpchar, timestamptz...) are mapped to format_type's spelling so that the
// user's `x::int` and the server's `(x)::integer` give the same key.
#pragma once

#include <simdjson.h>

#include <string>
#include <string_view>
#include <vector>

namespace schemactl {

// `type_name` is the inline TypeName object ({"names": [...], "typmods": [...], "arrayBounds": [...]}).
// Qualification by pg_catalog or by one of `default_schemas` is dropped.
std::string canonical_type_name(simdjson::dom::element type_name, const std::vector<std::string>& default_schemas);

// The format_type spelling of a built-in type's internal or alias name ("int4" -> "integer"),
// without type modifiers; other names are returned unchanged.
std::string_view builtin_type_spelling(std::string_view name);

}  // namespace schemactl
