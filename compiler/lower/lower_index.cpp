// CREATE INDEX: elements (column or expression, collation, opclass, order), INCLUDE, WHERE,
// WITH, and the name PostgreSQL picks when none is given.
#include <unordered_set>

#include "compiler/lower/constraints.hpp"
#include "compiler/naming.hpp"
#include "compiler/quote.hpp"

namespace schemactl::lower {
namespace {

// Operator classes that are the default for their type's btree/hash/gin/gist family: spelling
// them out changes nothing, and pg_get_indexdef leaves them out.
bool default_opclass(std::string_view name) {
  static const std::unordered_set<std::string_view> defaults = {
      "int2_ops", "int4_ops", "int8_ops", "text_ops", "numeric_ops", "timestamp_ops", "timestamptz_ops",
      "date_ops", "bool_ops", "uuid_ops", "float4_ops", "float8_ops", "bpchar_ops", "bytea_ops",
      "jsonb_ops", "array_ops", "tsvector_ops", "range_ops", "multirange_ops", "enum_ops", "oid_ops",
      "char_ops", "name_ops", "interval_ops", "time_ops", "timetz_ops", "money_ops", "macaddr_ops",
      "macaddr8_ops", "bit_ops", "varbit_ops", "tsquery_ops", "pg_lsn_ops", "record_ops", "oidvector_ops"};
  return defaults.count(name) > 0;
}

// Non-default operator classes of pg_catalog; any other unqualified one (gin_trgm_ops...) comes
// from an extension and is qualified with the schema, as pg_get_indexdef prints it.
bool catalog_opclass(std::string_view name) {
  static const std::unordered_set<std::string_view> builtin = {
      "text_pattern_ops", "varchar_pattern_ops", "bpchar_pattern_ops", "jsonb_path_ops", "varchar_ops",
      "inet_ops", "box_ops", "point_ops", "poly_ops", "circle_ops", "kd_point_ops", "quad_point_ops",
      "range_ops", "network_ops", "text_ops", "tsvector_ops", "tsquery_ops", "array_ops", "jsonb_ops"};
  if (builtin.count(name) || default_opclass(name)) return true;
  for (std::string_view suffix : {"_minmax_ops", "_minmax_multi_ops", "_bloom_ops", "_inclusion_ops"})
    if (name.size() > suffix.size() && name.substr(name.size() - suffix.size()) == suffix) return true;
  return false;
}

}  // namespace

void transform_index(Context& ctx, Element stmt) {
  Element rv;
  if (!json::get(stmt, "relation", rv)) return;
  int64_t loc = json::integer(rv, "location", -1);
  ir::QualifiedName table_name = ctx.resolve_relation(rv);
  bool is_table = ctx.catalog.tables.count(table_name) > 0;
  bool is_matview = !is_table && ctx.catalog.views.count(table_name) && ctx.catalog.views[table_name].materialized;
  if (!is_table && !is_matview) {
    ctx.defer_or_report("table " + quote_qualified(table_name), loc);
    return;
  }
  ir::Index index;
  index.table = table_name;
  index.unique = json::boolean(stmt, "unique");
  index.nulls_not_distinct = json::boolean(stmt, "nulls_not_distinct");
  std::string_view method = json::str(stmt, "accessMethod");
  index.method = method.empty() ? "btree" : std::string(method);
  std::vector<std::string> names_for_naming;
  json::each(stmt, "indexParams", [&](Element p) {
    Element elem, e;
    if (!json::node_of(p, "IndexElem", elem)) return;
    ir::IndexElement ie;
    std::string_view colname = json::str(elem, "name");
    if (!colname.empty()) {
      ie.column = std::string(colname);
      names_for_naming.emplace_back(colname);
      if (is_table && !ctx.catalog.tables[table_name].find_column(ie.column.value()) &&
          ctx.catalog.tables[table_name].inherits.empty() && !ctx.catalog.tables[table_name].partition_of) {
        ctx.error(diag::kUnknownColumn, loc, "column {} does not exist in table {}", quote_ident(colname), quote_qualified(table_name));
      }
    } else if (json::get(elem, "expr", e)) {
      std::string_view sql = ctx.element_slice(e);
      ie.expr = ctx.expr(sql, ctx.slice_offset(sql), {}, is_table ? &ctx.catalog.tables[table_name] : nullptr);
      names_for_naming.push_back(!json::str(elem, "indexcolname").empty() ? std::string(json::str(elem, "indexcolname"))
                                                                         : naming::index_expression_name(e));
    }
    auto coll = json::strings(elem, "collation");
    if (!coll.empty() && !(coll.size() == 1 && coll[0] == "default")) ie.collation = collation_name(coll);
    auto opclass = json::strings(elem, "opclass");
    if (!opclass.empty() && !(default_opclass(opclass.back()) && (opclass.size() == 1 || opclass[0] == "pg_catalog"))) {
      std::string schema = opclass.size() >= 2 ? opclass[opclass.size() - 2]
                           : catalog_opclass(opclass.back()) ? std::string("pg_catalog")
                                                             : ctx.creation_schema();
      ie.opclass = schema != "pg_catalog" ? quote_ident(schema) + "." + quote_ident(opclass.back()) : quote_ident(opclass.back());
    }
    ie.opclass_options = reloptions(elem, "opclassopts");
    ie.descending = json::str(elem, "ordering") == "SORTBY_DESC";
    std::string_view nulls = json::str(elem, "nulls_ordering");
    ie.nulls_first = nulls == "SORTBY_NULLS_FIRST" || (ie.descending && nulls != "SORTBY_NULLS_LAST");
    index.elements.push_back(std::move(ie));
  });
  json::each(stmt, "indexIncludingParams", [&](Element p) {
    Element elem;
    if (!json::node_of(p, "IndexElem", elem)) return;
    index.include.emplace_back(json::str(elem, "name"));
    names_for_naming.emplace_back(json::str(elem, "name"));
  });
  Element where;
  if (json::get(stmt, "whereClause", where)) {
    std::string_view sql = ctx.slice_after(static_cast<size_t>(ctx.location_of(where)), "", {});
    // The WHERE clause runs to the end of the statement; find its keyword before the predicate.
    const Tokens& toks = ctx.tokens();
    size_t i = toks.at_or_after(static_cast<size_t>(ctx.location_of(where)));
    while (i > 0 && !toks.is(i - 1, "WHERE")) --i;
    if (i > 0) sql = ctx.text.substr(toks[i].begin, toks[toks.size() - 1].end - toks[i].begin);
    while (!sql.empty() && sql.back() == ';') sql.remove_suffix(1);
    index.where = ctx.expr(sql, ctx.slice_offset(sql), {}, is_table ? &ctx.catalog.tables[table_name] : nullptr);
  }
  index.options = reloptions(stmt);
  std::string_view space = json::str(stmt, "tableSpace");
  if (!space.empty()) index.tablespace = std::string(space);
  std::string_view idxname = json::str(stmt, "idxname");
  std::string name;
  if (!idxname.empty()) {
    name = std::string(idxname);
    if (ctx.relation_taken(table_name.schema, name)) {
      if (!json::boolean(stmt, "if_not_exists"))
        ctx.error(diag::kDuplicateObject, loc, "relation {} is defined twice", quote_qualified({table_name.schema, name}));
      return;
    }
  } else {
    name = naming::choose_name(table_name.name, naming::name_addition(naming::index_column_names(names_for_naming)), "idx",
                               [&](const std::string& n) { return ctx.relation_taken(table_name.schema, n); });
  }
  ctx.claim_relation(table_name.schema, name);
  index.name = {table_name.schema, name};
  index.span.value = ctx.span_at(static_cast<int>(ctx.stmt_begin));
  auto [it, inserted] = ctx.catalog.indexes.emplace(index.name, std::move(index));
  if (inserted && is_table && json::boolean(rv, "inh") && ctx.catalog.tables[table_name].kind == ir::TableKind::Partitioned)
    propagate_index(ctx, it->second);
}

}  // namespace schemactl::lower
