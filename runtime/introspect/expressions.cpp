// Server expression texts into IR expressions, keyed exactly as the compiler keys its own.
#include <fmt/format.h>

#include <map>
#include <utility>

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

// The keys of the run in progress (ExpressionKeyCache), or null outside a run.
thread_local std::map<std::pair<std::string, std::string>, std::string>* active_cache = nullptr;
}  // namespace

ExpressionKeyCache::ExpressionKeyCache() : previous_(active_cache) { active_cache = &keys_; }
ExpressionKeyCache::~ExpressionKeyCache() { active_cache = previous_; }

ir::Expr make_expr(const std::string& text, const std::string& target_type, const std::string& what) {
  std::string* cached = nullptr;
  if (active_cache) {
    auto [it, inserted] = active_cache->try_emplace({text, target_type});
    if (!inserted) return ir::Expr{text, it->second};
    cached = &it->second;
  }
  try {
    ir::Expr expr{text, expression_key(text, key_context(target_type))};
    if (cached) *cached = expr.key;
    return expr;
  } catch (const Error& e) {
    if (cached) active_cache->erase({text, target_type});
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
