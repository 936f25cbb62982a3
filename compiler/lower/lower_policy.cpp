// Row-level security policies.
#include <algorithm>

#include "compiler/lower/constraints.hpp"
#include "compiler/quote.hpp"

namespace schemactl::lower {
namespace {

std::vector<std::string> policy_roles(Element stmt) {
  std::vector<std::string> roles;
  json::each(stmt, "roles", [&](Element r) {
    Element spec;
    if (json::node_of(r, "RoleSpec", spec)) roles.push_back(role_name(spec));
  });
  std::sort(roles.begin(), roles.end());
  roles.erase(std::unique(roles.begin(), roles.end()), roles.end());
  if (roles.empty()) roles.push_back("PUBLIC");
  return roles;
}

ir::Table* policy_table(Context& ctx, Element stmt, ir::QualifiedName& tn, int64_t& loc) {
  Element rv;
  if (!json::get(stmt, "table", rv)) return nullptr;
  loc = json::integer(rv, "location", -1);
  tn = ctx.resolve_relation(rv);
  ir::Table* table = ctx.find_table(tn);
  if (!table) ctx.defer_or_report("table " + quote_qualified(tn), loc);
  return table;
}

void policy_exprs(Context& ctx, Element stmt, const ir::Table& table, ir::Policy& p) {
  Element qual, check;
  if (json::get(stmt, "qual", qual)) {
    std::string_view sql = ctx.paren_slice(qual);
    p.using_expr = ctx.expr(sql, ctx.slice_offset(sql), {}, &table);
  }
  if (json::get(stmt, "with_check", check)) {
    std::string_view sql = ctx.paren_slice(check);
    p.check_expr = ctx.expr(sql, ctx.slice_offset(sql), {}, &table);
  }
}

}  // namespace

void transform_create_policy(Context& ctx, Element stmt) {
  ir::QualifiedName tn;
  int64_t loc = -1;
  ir::Table* table = policy_table(ctx, stmt, tn, loc);
  if (!table) return;
  ir::Policy p;
  p.name = std::string(json::str(stmt, "policy_name"));
  p.span.value = ctx.span_at(static_cast<int>(ctx.stmt_begin));
  p.permissive = json::boolean(stmt, "permissive");
  std::string cmd(json::str(stmt, "cmd_name"));
  for (auto& c : cmd) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  p.command = cmd.empty() ? "ALL" : cmd;
  p.roles = policy_roles(stmt);
  policy_exprs(ctx, stmt, *table, p);
  if (table->policies.count(p.name)) {
    ctx.error(diag::kDuplicateObject, loc, "policy {} for table {} is defined twice", quote_ident(p.name), quote_qualified(tn));
    return;
  }
  std::string name = p.name;
  table->policies.emplace(name, std::move(p));
}

void transform_alter_policy(Context& ctx, Element stmt) {
  ir::QualifiedName tn;
  int64_t loc = -1;
  ir::Table* table = policy_table(ctx, stmt, tn, loc);
  if (!table) return;
  auto it = table->policies.find(std::string(json::str(stmt, "policy_name")));
  if (it == table->policies.end()) {
    ctx.error(diag::kUnknownObject, loc, "policy {} for table {} does not exist", quote_ident(json::str(stmt, "policy_name")),
              quote_qualified(tn));
    return;
  }
  if (json::has(stmt, "roles")) it->second.roles = policy_roles(stmt);
  policy_exprs(ctx, stmt, *table, it->second);
}

}  // namespace schemactl::lower
