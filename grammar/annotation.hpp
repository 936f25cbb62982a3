// Annotations inside schema.sql comments: `-- schemactl:<name> <argument>`.
// The only one so far is `-- schemactl:renamed-from old_name` (a table or column rename).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace schemactl::grammar {

struct RenamedFrom {
  std::string schema;  // empty when unqualified
  std::string name;    // case-folded unless it was double-quoted
};

struct AnnotationError {
  int column = 0;  // 1-based column inside the comment text where the problem is
  std::string message;
};

using Annotation = std::variant<RenamedFrom, AnnotationError>;

// Parses the text of one `--` comment (without the leading dashes). Returns nullopt when the
// comment is not a schemactl annotation at all (does not start with "schemactl:").
std::optional<Annotation> parse_annotation(std::string_view comment);

}  // namespace schemactl::grammar
