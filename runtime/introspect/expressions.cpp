// Server expression texts into IR expressions, keyed exactly as the compiler keys its own.
#include <fmt/format.h>

#include "compiler/canonical_expr.hpp"
#include "runtime/introspect/context.hpp"

namespace schemactl::runtime::introspect_detail {

namespace {
ExprContext key_context(const std::string& target_type) {
  ExprContext context;
  context.default_schemas = {"public"};
  context.target_type = target_type;
  return context;
}
}  // namespace

ir::Expr make_expr(const std::string& text, const std::string& target_type, const std::string& what) {
  try {
    return ir::Expr{text, expression_key(text, key_context(target_type))};
  } catch (const Error& e) {
    // The server printed it, so it parses as PostgreSQL: a failure here is our bug, named precisely.
    throw DatabaseError(fmt::format("introspection: cannot canonicalize the expression of {}: {} ({})", what,
                                    e.what(), text));
  }
}

ir::Expr make_query(const std::string& text, const std::string& what) {
  try {
    return ir::Expr{text, query_key(text, key_context(""))};
  } catch (const Error& e) {
    throw DatabaseError(fmt::format("introspection: cannot canonicalize the query of {}: {} ({})", what, e.what(),
                                    text));
  }
}

}  // namespace schemactl::runtime::introspect_detail
