// Tables (ordinary and partitioned) and views (plain and materialized): one query each.
#include <fmt/format.h>

#include <algorithm>

#include "runtime/introspect/context.hpp"

namespace schemactl::runtime::introspect_detail {

namespace {
ir::QualifiedName qualified_from_json(const std::string& json) {
  auto fields = parse_json_row(json);
  return {fields.at(0).value_or(""), fields.at(1).value_or("")};
}

std::vector<std::string> sorted_options(const Result& res, int r, int c) {
  if (res.is_null(r, c)) return {};
  auto options = parse_text_array(res.get(r, c));
  std::sort(options.begin(), options.end());
  return options;
}
}  // namespace

std::string tables_sql() {
  return fmt::format(
      "SELECT c.oid, n.nspname, c.relname, c.relkind, c.relpersistence, pg_catalog.pg_get_userbyid(c.relowner), {}, {},"
      " CASE WHEN c.relkind = 'p' THEN pg_catalog.pg_get_partkeydef(c.oid) END,"
      " c.relispartition,"
      " ARRAY(SELECT pg_catalog.json_build_array(pn.nspname, pc.relname)::text FROM pg_catalog.pg_inherits i"
      "   JOIN pg_catalog.pg_class pc ON pc.oid = i.inhparent JOIN pg_catalog.pg_namespace pn ON pn.oid = pc.relnamespace"
      "   WHERE i.inhrelid = c.oid ORDER BY i.inhseqno),"
      " pg_catalog.pg_get_expr(c.relpartbound, c.oid), c.reloptions, am.amname, ts.spcname,"
      " c.relrowsecurity, c.relforcerowsecurity, c.relreplident,"
      " (SELECT ic.relname FROM pg_catalog.pg_index ri JOIN pg_catalog.pg_class ic ON ic.oid = ri.indexrelid"
      "   WHERE ri.indrelid = c.oid AND ri.indisreplident),"
      " c.reltype"
      " FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
      " LEFT JOIN pg_catalog.pg_am am ON am.oid = c.relam"
      " LEFT JOIN pg_catalog.pg_tablespace ts ON ts.oid = c.reltablespace"
      " WHERE c.relkind IN ('r', 'p') AND {}",
      comment_of("pg_class", "c.oid"), acl_entries("c.relacl", "r", "c.relowner"), relation_in_scope("c"));
}

void read_tables(IntrospectContext& ctx, ir::Catalog& catalog, const Result& res) {
  for (int r = 0; r < res.rows(); ++r) {
    ir::Table table;
    table.name = {res.str(r, 1), res.str(r, 2)};
    table.kind = res.get(r, 3) == "p" ? ir::TableKind::Partitioned : ir::TableKind::Regular;
    table.unlogged = res.get(r, 4) == "u";
    if (ctx.options.owners) table.owner = res.str(r, 5);
    table.comment = res.opt(r, 6);
    table.acl = parse_acl(res.get(r, 7));
    table.partition_by = res.opt(r, 8);
    bool is_partition = res.boolean(r, 9);
    auto parents = parse_text_array(res.get(r, 10));
    if (is_partition) {
      if (!parents.empty()) table.partition_of = qualified_from_json(parents.front());
      table.partition_bound = res.opt(r, 11);
    } else {
      for (const auto& parent : parents) table.inherits.push_back(qualified_from_json(parent));
    }
    table.options = sorted_options(res, r, 12);
    if (auto am = res.opt(r, 13); am && *am != "heap") table.access_method = am;
    table.tablespace = res.opt(r, 14);
    table.rls_enabled = res.boolean(r, 15);
    table.rls_forced = res.boolean(r, 16);
    table.replica_identity = letter_at(res, r, 17, 'd');
    table.replica_identity_index = res.opt(r, 18);
    uint32_t oid = to_oid(res.get(r, 0));
    ir::ObjectId id{ir::ObjectKind::Table, table.name, ""};
    ctx.remember(CatalogClass::Relation, oid, id);
    ctx.remember(CatalogClass::Type, to_oid(res.get(r, 19)), id);  // the table's row type
    ctx.relation_names[oid] = table.name;
    catalog.tables.emplace(table.name, std::move(table));
  }
}

std::string views_sql() {
  return fmt::format(
      "SELECT c.oid, n.nspname, c.relname, c.relkind, pg_catalog.pg_get_userbyid(c.relowner), {}, {},"
      " pg_catalog.pg_get_viewdef(c.oid), c.reloptions, c.relispopulated, ts.spcname, c.reltype"
      " FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
      " LEFT JOIN pg_catalog.pg_tablespace ts ON ts.oid = c.reltablespace"
      " WHERE c.relkind IN ('v', 'm') AND {}",
      comment_of("pg_class", "c.oid"), acl_entries("c.relacl", "r", "c.relowner"), relation_in_scope("c"));
}

void read_views(IntrospectContext& ctx, ir::Catalog& catalog, const Result& res) {
  for (int r = 0; r < res.rows(); ++r) {
    ir::View view;
    view.name = {res.str(r, 1), res.str(r, 2)};
    view.materialized = res.get(r, 3) == "m";
    if (ctx.options.owners) view.owner = res.str(r, 4);
    view.comment = res.opt(r, 5);
    view.acl = parse_acl(res.get(r, 6));
    std::string query = res.str(r, 7);
    // pg_get_viewdef ends the query with a semicolon; the IR keeps it without.
    while (!query.empty() && (query.back() == ';' || query.back() == ' ' || query.back() == '\n')) query.pop_back();
    while (!query.empty() && (query.front() == ' ' || query.front() == '\n')) query.erase(0, 1);
    view.query = make_query(query, "view " + view.name.schema + "." + view.name.name);
    for (auto& option : sorted_options(res, r, 8)) {
      // WITH CHECK OPTION is stored as a reloption; the IR has a field of its own for it.
      if (option.rfind("check_option=", 0) == 0) {
        std::string value = option.substr(13);
        std::transform(value.begin(), value.end(), value.begin(), [](unsigned char ch) { return std::toupper(ch); });
        view.check_option = value;
      } else {
        view.options.push_back(option);
      }
    }
    view.with_data = !view.materialized || res.boolean(r, 9);
    view.tablespace = res.opt(r, 10);
    uint32_t oid = to_oid(res.get(r, 0));
    ir::ObjectId id{view.materialized ? ir::ObjectKind::MaterializedView : ir::ObjectKind::View, view.name, ""};
    ctx.remember(CatalogClass::Relation, oid, id);
    ctx.remember(CatalogClass::Type, to_oid(res.get(r, 11)), id);
    ctx.relation_names[oid] = view.name;
    catalog.views.emplace(view.name, std::move(view));
  }
}

}  // namespace schemactl::runtime::introspect_detail
