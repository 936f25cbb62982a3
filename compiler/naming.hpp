// Names PostgreSQL chooses for objects the user did not name (src/backend/commands/indexcmds.c
// ChooseRelationName/ChooseIndexName/ChooseIndexColumnNames, pg_constraint.c
// ChooseConstraintName, parser/parse_target.c FigureColname): the compiler must pick the very
// same names, or every unnamed constraint would show up as a difference against the server.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/json_util.hpp"

namespace schemactl::naming {

constexpr size_t kMaxIdentifierBytes = 63;  // NAMEDATALEN - 1

// Clips `name` to at most `max_bytes` without splitting a UTF-8 character (pg_mbcliplen).
std::string clip(std::string_view name, size_t max_bytes = kMaxIdentifierBytes);

// makeObjectName: name1[_name2][_label], shortening name1 and name2 (the longer first) so the
// result fits in 63 bytes.
std::string make_object_name(std::string_view name1, std::string_view name2, std::string_view label);

// ChooseRelationName / ChooseConstraintName: the first of name1_name2_label, ..._label1,
// ..._label2, ... that `taken` does not report as used.
std::string choose_name(std::string_view name1, std::string_view name2, std::string_view label,
                        const std::function<bool(const std::string&)>& taken);

// ChooseIndexNameAddition / ChooseForeignKeyConstraintNameAddition: names joined with "_",
// stopping once the result reaches 64 bytes.
std::string name_addition(const std::vector<std::string>& names);

// ChooseIndexColumnNames: column names of an index, with 1, 2, ... appended to repeats.
std::vector<std::string> index_column_names(const std::vector<std::string>& names);

// FigureIndexColname for an index expression (raw parse tree): "lower" for lower(x), "a" for
// a column, "expr" when PostgreSQL has no better name.
std::string index_expression_name(json::Element expr);

// FigureColname for a select-list expression: "?column?" when PostgreSQL has no better name.
std::string column_name(json::Element expr);

}  // namespace schemactl::naming
