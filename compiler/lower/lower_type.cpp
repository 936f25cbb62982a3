// User types: enums (CREATE TYPE ... AS ENUM, ALTER TYPE ... ADD VALUE), domains (with their
// constraints) and composite types.
#include <algorithm>

#include "compiler/lower/constraints.hpp"
#include "compiler/naming.hpp"
#include "compiler/quote.hpp"

namespace schemactl::lower {
namespace {

bool type_exists(Context& ctx, const ir::QualifiedName& qn) {
  return ctx.catalog.enums.count(qn) || ctx.catalog.domains.count(qn) || ctx.catalog.composite_types.count(qn);
}

void add_domain_check(Context& ctx, ir::Domain& domain, Element con, bool in_create) {
  ir::CheckConstraint check;
  Element raw;
  if (!json::get(con, "raw_expr", raw)) return;
  std::string_view sql = ctx.paren_slice(raw);
  check.expr = ctx.expr(sql, ctx.slice_offset(sql)).value_or(ir::Expr{std::string(sql), std::string(sql)});
  check.not_valid = !in_create && json::boolean(con, "skip_validation");
  std::string_view conname = json::str(con, "conname");
  check.name = !conname.empty() ? std::string(conname)
                                : naming::choose_name(domain.name.name, "", "check", [&](const std::string& n) {
                                    return ctx.constraint_taken(domain.name.schema, n) || domain.checks.count(n);
                                  });
  if (domain.checks.count(check.name)) {
    ctx.error(diag::kDuplicateObject, json::integer(con, "location", -1), "constraint {} for domain {} already exists",
              quote_ident(check.name), quote_qualified(domain.name));
    return;
  }
  ctx.claim_constraint(domain.name.schema, check.name);
  domain.checks.emplace(check.name, std::move(check));
}

}  // namespace

void transform_create_enum(Context& ctx, Element stmt) {
  ir::QualifiedName qn = ctx.qualify(json::strings(stmt, "typeName"));
  if (type_exists(ctx, qn)) {
    ctx.error(diag::kDuplicateObject, -1, "type {} is defined twice", quote_qualified(qn));
    return;
  }
  require_schema(ctx, qn.schema, -1);
  ir::EnumType e;
  e.name = qn;
  e.labels = json::strings(stmt, "vals");
  e.acl.insert({"PUBLIC", "USAGE", false});
  e.span.value = ctx.span_at(static_cast<int>(ctx.stmt_begin));
  ctx.catalog.enums.emplace(qn, std::move(e));
}

void transform_alter_enum(Context& ctx, Element stmt) {
  ir::QualifiedName qn = ctx.qualify(json::strings(stmt, "typeName"));
  auto it = ctx.catalog.enums.find(qn);
  if (it == ctx.catalog.enums.end()) {
    ctx.defer_or_report("enum type " + quote_qualified(qn), -1);
    return;
  }
  auto& labels = it->second.labels;
  std::string old_val(json::str(stmt, "oldVal"));
  std::string new_val(json::str(stmt, "newVal"));
  if (!old_val.empty()) {
    auto pos = std::find(labels.begin(), labels.end(), old_val);
    if (pos == labels.end()) ctx.error(diag::kUnknownObject, -1, "{} is not an existing enum label", quote_literal(old_val));
    else *pos = new_val;
    return;
  }
  if (std::find(labels.begin(), labels.end(), new_val) != labels.end()) {
    if (!json::boolean(stmt, "skipIfNewValExists"))
      ctx.error(diag::kDuplicateObject, -1, "enum label {} already exists", quote_literal(new_val));
    return;
  }
  std::string neighbor(json::str(stmt, "newValNeighbor"));
  if (neighbor.empty()) {
    labels.push_back(new_val);
    return;
  }
  auto pos = std::find(labels.begin(), labels.end(), neighbor);
  if (pos == labels.end()) {
    ctx.error(diag::kUnknownObject, -1, "{} is not an existing enum label", quote_literal(neighbor));
    return;
  }
  if (json::boolean(stmt, "newValIsAfter")) ++pos;
  labels.insert(pos, new_val);
}

void transform_create_domain(Context& ctx, Element stmt) {
  ir::QualifiedName qn = ctx.qualify(json::strings(stmt, "domainname"));
  if (type_exists(ctx, qn)) {
    ctx.error(diag::kDuplicateObject, -1, "type {} is defined twice", quote_qualified(qn));
    return;
  }
  require_schema(ctx, qn.schema, -1);
  ir::Domain d;
  d.name = qn;
  d.acl.insert({"PUBLIC", "USAGE", false});
  d.span.value = ctx.span_at(static_cast<int>(ctx.stmt_begin));
  Element type_name, coll;
  if (json::get(stmt, "typeName", type_name)) d.base_type = ctx.type(type_name).spelling;
  if (json::get(stmt, "collClause", coll)) {
    auto names = json::strings(coll, "collname");
    if (!(names.size() == 1 && names[0] == "default")) d.collation = collation_name(names);
  }
  json::each(stmt, "constraints", [&](Element c) {
    Element con;
    if (!json::node_of(c, "Constraint", con)) return;
    std::string_view contype = json::str(con, "contype");
    if (contype == "CONSTR_NOTNULL") d.not_null = true;
    else if (contype == "CONSTR_NULL") d.not_null = false;
    else if (contype == "CONSTR_CHECK") add_domain_check(ctx, d, con, true);
    else if (contype == "CONSTR_DEFAULT") {
      std::string_view sql = ctx.slice_after(static_cast<size_t>(ctx.at(json::integer(con, "location", -1))), "DEFAULT",
                                             {"CONSTRAINT", "NOT", "NULL", "CHECK", "COLLATE", "DEFAULT"});
      d.default_expr = ctx.expr(sql, ctx.slice_offset(sql), d.base_type);
    } else {
      ctx.error(diag::kUnsupportedOption, json::integer(con, "location", -1), "this constraint kind is not allowed on a domain");
    }
  });
  ctx.catalog.domains.emplace(qn, std::move(d));
}

void transform_alter_domain(Context& ctx, Element stmt) {
  ir::QualifiedName qn = ctx.qualify(json::strings(stmt, "typeName"));
  auto it = ctx.catalog.domains.find(qn);
  if (it == ctx.catalog.domains.end()) {
    ctx.defer_or_report("domain " + quote_qualified(qn), -1);
    return;
  }
  ir::Domain& d = it->second;
  std::string_view subtype = json::str(stmt, "subtype");
  Element def, con;
  bool has_def = json::get(stmt, "def", def);
  switch (subtype.empty() ? 'T' : subtype[0]) {
    case 'N': d.not_null = false; break;
    case 'O': d.not_null = true; break;
    case 'C':
      if (has_def && json::node_of(def, "Constraint", con)) add_domain_check(ctx, d, con, false);
      break;
    case 'X': {
      std::string name(json::str(stmt, "name"));
      if (!d.checks.erase(name) && !json::boolean(stmt, "missing_ok"))
        ctx.error(diag::kUnknownObject, -1, "constraint {} of domain {} does not exist", quote_ident(name), quote_qualified(qn));
      break;
    }
    case 'V': {
      auto c = d.checks.find(std::string(json::str(stmt, "name")));
      if (c != d.checks.end()) c->second.not_valid = false;
      break;
    }
    case 'T':
      if (!has_def) {
        d.default_expr.reset();
      } else {
        const Tokens& toks = ctx.tokens();
        size_t i = toks.at_or_after(static_cast<size_t>(ctx.location_of(def)));
        while (i > 0 && !toks.is(i - 1, "DEFAULT")) --i;
        std::string_view sql = i > 0 ? ctx.slice_after(toks[i - 1].begin, "DEFAULT", {}) : std::string_view{};
        d.default_expr = ctx.expr(sql, ctx.slice_offset(sql), d.base_type);
      }
      break;
    default:
      ctx.error(diag::kUnsupportedOption, -1, "this ALTER DOMAIN form is not supported");
  }
}

void transform_composite_type(Context& ctx, Element stmt) {
  Element rv;
  if (!json::get(stmt, "typevar", rv)) return;
  ir::QualifiedName qn = ctx.qualify(rv);
  int64_t loc = json::integer(rv, "location", -1);
  if (type_exists(ctx, qn) || ctx.relation_taken(qn.schema, qn.name)) {
    ctx.error(diag::kDuplicateObject, loc, "type {} is defined twice", quote_qualified(qn));
    return;
  }
  require_schema(ctx, qn.schema, loc);
  ctx.claim_relation(qn.schema, qn.name);
  ir::CompositeType t;
  t.name = qn;
  t.acl.insert({"PUBLIC", "USAGE", false});
  t.span.value = ctx.span_at(ctx.at(loc));
  json::each(stmt, "coldeflist", [&](Element c) {
    Element coldef, type_name, coll;
    if (!json::node_of(c, "ColumnDef", coldef)) return;
    ir::CompositeAttribute a;
    a.name = std::string(json::str(coldef, "colname"));
    if (json::get(coldef, "typeName", type_name)) a.type = ctx.type(type_name).spelling;
    if (json::get(coldef, "collClause", coll)) {
      auto names = json::strings(coll, "collname");
      if (!(names.size() == 1 && names[0] == "default")) a.collation = collation_name(names);
    }
    t.attributes.push_back(std::move(a));
  });
  ctx.catalog.composite_types.emplace(qn, std::move(t));
}

}  // namespace schemactl::lower
