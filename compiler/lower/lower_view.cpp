// Views and materialized views: the query text (the user's own slice), output columns,
// options and check option.
#include <fmt/ranges.h>

#include "compiler/lower/constraints.hpp"
#include "compiler/naming.hpp"
#include "compiler/pg_parse.hpp"
#include "compiler/quote.hpp"

namespace schemactl::lower {
namespace {

// Columns of a relation in the catalog, if known.
std::optional<std::vector<std::string>> relation_columns(Context& ctx, const ir::QualifiedName& qn) {
  if (auto* t = ctx.find_table(qn)) {
    std::vector<std::string> out;
    for (const auto& c : t->columns) out.push_back(c.name);
    return out;
  }
  auto v = ctx.catalog.views.find(qn);
  if (v != ctx.catalog.views.end() && !v->second.columns.empty()) return v->second.columns;
  return std::nullopt;
}

std::optional<std::vector<std::string>> select_columns(Context& ctx, Element select);

struct FromItem {
  std::string alias;  // name used to qualify a star
  std::vector<std::string> columns;
};

bool from_items(Context& ctx, Element node, std::vector<FromItem>& out) {
  auto [kind, f] = json::node(node);
  Element alias;
  auto alias_columns = [&](std::vector<std::string>& cols) {
    if (json::get(f, "alias", alias)) {
      auto names = json::strings(alias, "colnames");
      for (size_t i = 0; i < names.size() && i < cols.size(); ++i) cols[i] = names[i];
    }
  };
  if (kind == "RangeVar") {
    ir::QualifiedName qn = ctx.resolve_relation(f);
    auto cols = relation_columns(ctx, qn);
    if (!cols) return false;
    alias_columns(*cols);
    std::string name = json::get(f, "alias", alias) ? std::string(json::str(alias, "aliasname")) : qn.name;
    out.push_back({name, *cols});
    return true;
  }
  if (kind == "JoinExpr") {
    Element l, r;
    if (json::has(f, "usingClause") || json::boolean(f, "isNatural")) return false;
    return json::get(f, "larg", l) && json::get(f, "rarg", r) && from_items(ctx, l, out) && from_items(ctx, r, out);
  }
  if (kind == "RangeSubselect") {
    Element sub, select;
    if (!json::get(f, "subquery", sub) || !json::node_of(sub, "SelectStmt", select)) return false;
    auto cols = select_columns(ctx, select);
    if (!cols) return false;
    alias_columns(*cols);
    out.push_back({json::get(f, "alias", alias) ? std::string(json::str(alias, "aliasname")) : std::string(), *cols});
    return true;
  }
  return false;
}

std::optional<std::vector<std::string>> select_columns(Context& ctx, Element select) {
  Element larg;
  if (json::str(select, "op") != "SETOP_NONE" && json::get(select, "larg", larg)) {
    Element inner;
    if (json::node_of(larg, "SelectStmt", inner)) return select_columns(ctx, inner);
    return select_columns(ctx, larg);
  }
  if (json::has(select, "valuesLists")) {
    size_t n = 0;
    bool first = true;
    json::each(select, "valuesLists", [&](Element row) {
      if (!first) return;
      first = false;
      Element list;
      if (json::node_of(row, "List", list)) n = json::count(list, "items");
    });
    std::vector<std::string> out;
    for (size_t i = 1; i <= n; ++i) out.push_back("column" + std::to_string(i));
    return out;
  }
  std::vector<std::string> out;
  std::optional<std::vector<FromItem>> from;
  bool ok = true;
  json::each(select, "targetList", [&](Element target) {
    Element rt, val, ref;
    if (!ok || !json::node_of(target, "ResTarget", rt)) return;
    if (!json::str(rt, "name").empty()) {
      out.emplace_back(json::str(rt, "name"));
      return;
    }
    if (!json::get(rt, "val", val)) return;
    bool star = false;
    std::string qualifier;
    if (json::node_of(val, "ColumnRef", ref)) {
      std::vector<std::string> parts;
      json::each(ref, "fields", [&](Element field) {
        if (json::kind(field) == "A_Star") star = true;
        else parts.emplace_back(json::sval(field));
      });
      if (star && !parts.empty()) qualifier = parts.back();
    }
    if (!star) {
      out.push_back(naming::column_name(val));
      return;
    }
    if (!from) {
      from.emplace();
      json::each(select, "fromClause", [&](Element item) { ok = ok && from_items(ctx, item, *from); });
      if (!ok) return;
    }
    bool matched = false;
    for (const auto& item : *from) {
      if (!qualifier.empty() && item.alias != qualifier) continue;
      matched = true;
      out.insert(out.end(), item.columns.begin(), item.columns.end());
    }
    ok = ok && matched;
  });
  if (!ok) return std::nullopt;
  return out;
}

// The query after the first AS at depth 0 that follows the relation name.
std::string_view query_slice(Context& ctx, int64_t relation_location, std::vector<std::vector<std::string_view>> strip_suffixes) {
  const Tokens& toks = ctx.tokens();
  size_t i = toks.at_or_after(static_cast<size_t>(ctx.at(relation_location)));
  int depth = 0;
  for (; i < toks.size(); ++i) {
    std::string_view t = toks.text(i);
    if (toks[i].kind == TokenKind::Punct && (t == "(" || t == "[")) ++depth;
    else if (toks[i].kind == TokenKind::Punct && (t == ")" || t == "]")) --depth;
    else if (depth == 0 && toks.is(i, "AS")) break;
  }
  if (i + 1 >= toks.size()) return {};
  size_t first = i + 1, last = toks.size() - 1;
  while (last > first && toks.text(last) == ";") --last;
  for (const auto& suffix : strip_suffixes) {
    if (last + 1 < first + suffix.size()) continue;
    bool match = true;
    for (size_t k = 0; k < suffix.size(); ++k) match = match && toks.is(last + 1 - suffix.size() + k, suffix[k]);
    if (match) {
      last -= suffix.size();
      break;
    }
  }
  return ctx.text.substr(toks[first].begin, toks[last].end - toks[first].begin);
}

void finish_view(Context& ctx, ir::View view, std::string_view query_sql, std::vector<std::string> aliases) {
  ir::QualifiedName qn = view.name;
  auto [it, inserted] = ctx.catalog.views.insert_or_assign(qn, std::move(view));
  (void)inserted;
  it->second.columns = aliases;
  // Output columns need the referenced relations, which may come later in the file. The query
  // is parsed again then rather than kept as a node: the statement's tree is freed once its
  // chunk of the file is lowered.
  ctx.resolvers.push_back([&ctx, qn, query = std::string(query_sql), aliases] {
    auto v = ctx.catalog.views.find(qn);
    if (v == ctx.catalog.views.end()) return;
    std::optional<std::vector<std::string>> inferred;
    auto parsed = pg::parse(query);
    if (auto* tree = std::get_if<pg::ParseTree>(&parsed)) {
      Element stmt, select;
      for (Element entry : tree->statements()) {
        if (!json::get(entry, "stmt", stmt)) continue;
        if (!json::node_of(stmt, "SelectStmt", select)) select = stmt;
        inferred = select_columns(ctx, select);
        break;
      }
    }
    std::vector<std::string> cols = inferred.value_or(std::vector<std::string>{});
    for (size_t i = 0; i < aliases.size(); ++i) {
      if (i < cols.size()) cols[i] = aliases[i];
      else cols.push_back(aliases[i]);
    }
    v->second.columns = cols;
  });
}

}  // namespace

void transform_view(Context& ctx, Element stmt) {
  Element rv, query;
  if (!json::get(stmt, "view", rv) || !json::get(stmt, "query", query)) return;
  ir::QualifiedName qn = ctx.qualify(rv);
  int64_t loc = json::integer(rv, "location", -1);
  bool exists = ctx.catalog.views.count(qn) > 0;
  if ((exists && !json::boolean(stmt, "replace")) || (!exists && ctx.relation_taken(qn.schema, qn.name))) {
    ctx.error(diag::kDuplicateObject, loc, "relation {} is defined twice", quote_qualified(qn));
    return;
  }
  if (json::str(rv, "relpersistence") == "t") {
    ctx.error(diag::kUnsupportedStatement, loc, "temporary views are not part of a schema");
    return;
  }
  require_schema(ctx, qn.schema, loc);
  ctx.claim_relation(qn.schema, qn.name);
  ir::View view;
  view.name = qn;
  view.span.value = ctx.span_at(ctx.at(loc));
  view.options = reloptions(stmt);
  std::string_view check = json::str(stmt, "withCheckOption");
  if (check == "LOCAL_CHECK_OPTION") view.check_option = "LOCAL";
  if (check == "CASCADED_CHECK_OPTION") view.check_option = "CASCADED";
  std::string_view sql = query_slice(ctx, loc, {{"WITH", "CASCADED", "CHECK", "OPTION"}, {"WITH", "LOCAL", "CHECK", "OPTION"},
                                                {"WITH", "CHECK", "OPTION"}});
  if (auto q = ctx.query(sql, ctx.slice_offset(sql))) view.query = *q;
  finish_view(ctx, std::move(view), sql, json::strings(stmt, "aliases"));
}

void transform_create_table_as(Context& ctx, Element stmt) {
  Element into, rv, query;
  if (!json::get(stmt, "into", into) || !json::get(into, "rel", rv) || !json::get(stmt, "query", query)) return;
  int64_t loc = json::integer(rv, "location", -1);
  if (json::str(stmt, "objtype") != "OBJECT_MATVIEW") {
    ctx.error(diag::kUnsupportedStatement, loc,
              "CREATE TABLE AS is not supported in a schema: declare the table's columns with CREATE TABLE");
    return;
  }
  ir::QualifiedName qn = ctx.qualify(rv);
  if (ctx.relation_taken(qn.schema, qn.name)) {
    if (!json::boolean(stmt, "if_not_exists"))
      ctx.error(diag::kDuplicateObject, loc, "relation {} is defined twice", quote_qualified(qn));
    return;
  }
  require_schema(ctx, qn.schema, loc);
  ctx.claim_relation(qn.schema, qn.name);
  ir::View view;
  view.name = qn;
  view.materialized = true;
  view.span.value = ctx.span_at(ctx.at(loc));
  view.options = reloptions(into);
  view.with_data = !json::boolean(into, "skipData");
  std::string_view space = json::str(into, "tableSpaceName");
  if (!space.empty()) view.tablespace = std::string(space);
  std::string_view sql = query_slice(ctx, loc, {{"WITH", "NO", "DATA"}, {"WITH", "DATA"}});
  if (auto q = ctx.query(sql, ctx.slice_offset(sql))) view.query = *q;
  finish_view(ctx, std::move(view), sql, json::strings(into, "colNames"));
}

}  // namespace schemactl::lower
