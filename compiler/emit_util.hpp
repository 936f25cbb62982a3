// Small text helpers shared by the emit_*.cpp files.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "compiler/ir.hpp"

namespace schemactl::emit::detail {

std::string join(const std::vector<std::string>& items, std::string_view separator = ", ");
// Each name quoted with quote_ident, joined with ", ".
std::string ident_list(const std::vector<std::string>& names);
// A role as GRANT/ALTER OWNER/CREATE POLICY take it: PUBLIC bare, others quoted as needed.
std::string role_name(const std::string& role);
// $$body$$ with a tag that does not occur in the body ($$, $_$, $__$, ...), as pg_dump picks it.
std::string dollar_quote(const std::string& body);
// Expression text as emitted inside parentheses or before a terminator: a trailing line comment
// would swallow what follows, so such text gets a line break after it.
std::string expr_text(const ir::Expr& expr);
// A statement terminator after text that may end in a line comment.
std::string terminate(std::string statement);

}  // namespace schemactl::emit::detail
