// Column defaults of views (ALTER VIEW ... ALTER COLUMN ... SET DEFAULT).
#include "compiler/lower/lower_view_column.hpp"

#include <set>
#include <variant>

#include "compiler/pg_parse.hpp"
#include "compiler/quote.hpp"

namespace schemactl::lower {
namespace {

void from_tables(Context& ctx, Element node, std::vector<const ir::Table*>& out) {
  auto [kind, f] = json::node(node);
  if (kind == "RangeVar") {
    if (const ir::Table* t = ctx.find_table(ctx.resolve_relation(f))) out.push_back(t);
  } else if (kind == "JoinExpr") {
    Element l, r;
    if (json::get(f, "larg", l)) from_tables(ctx, l, out);
    if (json::get(f, "rarg", r)) from_tables(ctx, r, out);
  }
}

// The type of a view column that passes a table column through (`SELECT *`, `SELECT t.c`,
// `SELECT c AS d`), in format_type spelling; empty when the query computes it some other way.
std::string view_column_type(Context& ctx, const ir::View& view, const std::string& column) {
  auto parsed = pg::parse(view.query.text);
  const auto* tree = std::get_if<pg::ParseTree>(&parsed);
  if (!tree) return {};
  Element select;
  for (Element item : tree->statements()) {
    Element stmt;
    if (json::get(item, "stmt", stmt) && json::node_of(stmt, "SelectStmt", select)) break;
  }
  if (!select.is_object()) return {};
  std::string source;
  bool star = false;
  json::each(select, "targetList", [&](Element target) {
    Element rt, val, ref;
    if (!source.empty() || !json::node_of(target, "ResTarget", rt) || !json::get(rt, "val", val) ||
        !json::node_of(val, "ColumnRef", ref))
      return;
    std::vector<std::string> fields;
    bool is_star = false;
    json::each(ref, "fields", [&](Element field) {
      if (json::kind(field) == "A_Star") is_star = true;
      else fields.emplace_back(json::sval(field));
    });
    std::string_view alias = json::str(rt, "name");
    if (is_star) star = true;
    else if (!fields.empty() && (alias == column || (alias.empty() && fields.back() == column))) source = fields.back();
  });
  if (source.empty() && star) source = column;
  if (source.empty()) return {};
  std::vector<const ir::Table*> tables;
  json::each(select, "fromClause", [&](Element item) { from_tables(ctx, item, tables); });
  std::set<std::string> types;
  for (const ir::Table* t : tables)
    if (const ir::Column* c = t->find_column(source)) types.insert(c->type);
  return types.size() == 1 ? *types.begin() : std::string();
}

}  // namespace

void set_view_column_default(Context& ctx, ir::View& view, const std::string& column, std::optional<std::string_view> sql,
                             int64_t location) {
  if (!sql) {
    view.column_defaults.erase(column);
    return;
  }
  int offset = ctx.slice_offset(*sql);
  auto expr = ctx.expr(*sql, offset);
  if (!expr) return;
  view.column_defaults[column] = *expr;
  ir::QualifiedName name = view.name;
  std::vector<std::string> schemas = ctx.expr_default_schemas();
  int at = ctx.at(location);
  ctx.finalizers.push_back([&ctx, name, column, schemas, at, file = ctx.file] {
    auto v = ctx.catalog.views.find(name);
    if (v == ctx.catalog.views.end()) return;
    auto d = v->second.column_defaults.find(column);
    if (d == v->second.column_defaults.end()) return;
    const auto& columns = v->second.columns;
    if (!columns.empty() && std::find(columns.begin(), columns.end(), column) == columns.end()) {
      ctx.diags.add(diag::kUnknownColumn, file, at, 1, "column {} of view {} does not exist", quote_ident(column),
                    quote_qualified(name));
      return;
    }
    ExprContext ec;
    ec.default_schemas = schemas;
    ec.target_type = view_column_type(ctx, v->second, column);
    if (!ec.target_type.empty()) d->second.key = expression_key(d->second.text, ec);
  });
}

}  // namespace schemactl::lower
