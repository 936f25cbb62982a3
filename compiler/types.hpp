// Type names in their canonical spelling: what PostgreSQL's format_type() prints under an
// empty search_path ("integer", "character varying(255)", "timestamp with time zone",
// "interval hour to minute", "numeric(10,2)", "text[]", "public.mood").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/ir.hpp"
#include "compiler/json_util.hpp"

namespace schemactl::types {

// The format_type spelling of a pg_catalog type given by its internal or SQL name ("int4",
// "timestamptz", "varchar"), with its type modifiers; nullopt when `name` is not a built-in type.
std::optional<std::string> builtin_spelling(std::string_view name, const std::vector<int64_t>& typmods);

// True when `name` (unqualified) is a type of pg_catalog.
bool is_builtin(std::string_view name);

struct TypeRef {
  std::string spelling;                      // canonical, including "[]" and "SETOF "
  std::optional<ir::QualifiedName> user;     // the element type, when it is not built in
  std::string serial;                        // "integer"/"bigint"/"smallint" for serial pseudo-types
  bool array = false;
  bool setof = false;
};

// Looks up which schema an unqualified user type lives in (search path order); returns the
// schema, or empty when unknown (the caller then uses its default schema).
using TypeSchemaLookup = std::string (*)(const void* context, std::string_view name);

// Canonical spelling of a TypeName node. `source` is the parsed text (typmods that are not
// integer constants, as some extension types take, are copied from it).
TypeRef canonical_type(json::Element type_name, std::string_view source, const std::string& default_schema,
                       TypeSchemaLookup lookup = nullptr, const void* lookup_context = nullptr);

// "public.mood" for a user type, quoted as format_type quotes it.
std::string user_type_spelling(const ir::QualifiedName& name);

}  // namespace schemactl::types
