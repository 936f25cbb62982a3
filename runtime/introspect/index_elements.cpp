// Index columns (shared by standalone indexes and EXCLUDE constraints), described on the client
// from pg_index's vectors (derive_index_elements) and the catalog facts read before: the columns'
// types (read_columns), operator classes, collation names and binary-coercible casts
// (read_index_support). Only what the client cannot know comes from the server, in one flat
// query (read_index_expressions): an expression column's text and type, and operator class
// options. Describing every column in SQL took a correlated subquery per index, with lookups
// per column: the costliest part of the indexes and constraints queries, to plan and to run.
#include <fmt/format.h>

#include "runtime/introspect/context.hpp"

namespace schemactl::runtime::introspect_detail {

std::string index_expressions_sql() {
  // The columns of the indexes of relations in scope that are expressions or have operator
  // class options (found once per query: a hashed subquery over the attributes that have
  // options). An expression's type, as the default-operator-class and collation rules see it,
  // is the type its index attribute stores, except when the operator class stores another
  // (opckeytype): gin_trgm_ops keeps int4 trigrams of a text expression, tsvector_ops text
  // lexemes of a tsvector. It is then the opclass's input type; for the polymorphic array_ops
  // (anyarray stored as anyelement), the array type of the stored element type.
  return fmt::format(
      "SELECT i.indexrelid, k, CASE WHEN i.indkey[k - 1] = 0 THEN pg_catalog.pg_get_indexdef(i.indexrelid, k, true) END,"
      " ia.attoptions::text, et.oid, et.typbasetype, et.typcategory, et.typtype, et.typcollation"
      " FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class tc ON tc.oid = i.indrelid"
      " CROSS JOIN LATERAL pg_catalog.generate_series(1, i.indnatts) k"
      " JOIN pg_catalog.pg_attribute ia ON ia.attrelid = i.indexrelid AND ia.attnum = k"
      " LEFT JOIN pg_catalog.pg_opclass kc ON kc.oid = i.indclass[k - 1] AND kc.opckeytype <> 0"
      " LEFT JOIN pg_catalog.pg_type kt ON kt.oid = kc.opcintype"
      " LEFT JOIN pg_catalog.pg_type at ON at.oid = ia.atttypid"
      " JOIN pg_catalog.pg_type et ON et.oid = COALESCE(CASE WHEN kt.typtype <> 'p' THEN kc.opcintype"
      "   WHEN kc.opcintype = 'pg_catalog.anyarray'::pg_catalog.regtype"
      "     AND kc.opckeytype = 'pg_catalog.anyelement'::pg_catalog.regtype THEN NULLIF(at.typarray, 0) END, ia.atttypid)"
      " WHERE tc.relkind IN ('r', 'p', 'm') AND {}"
      " AND (i.indexprs IS NOT NULL OR i.indexrelid IN (SELECT oa.attrelid FROM pg_catalog.pg_attribute oa"
      "   WHERE oa.attoptions IS NOT NULL))"
      " AND (i.indkey[k - 1] = 0 OR ia.attoptions IS NOT NULL)",
      relation_in_scope("tc"));
}

void IntrospectContext::remember_type_facts(uint32_t type, const Result& res, int row, int first) {
  if (type_facts.count(type)) return;
  type_facts[type] = {to_oid(res.get(row, first)), letter_at(res, row, first + 1), letter_at(res, row, first + 2)};
}

void read_index_expressions(IntrospectContext& ctx, ir::Catalog&, const Result& res) {
  for (int r = 0; r < res.rows(); ++r) {
    IntrospectContext::ServerIndexColumn column;
    column.definition = res.opt(r, 2);
    if (!res.is_null(r, 3)) column.opclass_options = parse_text_array(res.get(r, 3));
    column.type = to_oid(res.get(r, 4));
    column.type_collation = to_oid(res.get(r, 8));
    ctx.remember_type_facts(column.type, res, r, 5);
    ctx.server_index_columns[{to_oid(res.get(r, 0)), static_cast<int>(res.integer(r, 1))}] = std::move(column);
  }
}

std::string index_support_sql() {
  // Small whatever the schema: the operator classes (with their names as pg_get_indexdef
  // prints them) and collations that indexes use (a server with ICU has some 800 collations,
  // of which an index uses a handful), and the binary-coercible casts.
  return "SELECT 'o', opc.oid, opc.opcdefault, opc.opcintype,"
         " CASE opc.opcintype WHEN 'pg_catalog.anyarray'::pg_catalog.regtype THEN 'A'"
         "  WHEN 'pg_catalog.anyenum'::pg_catalog.regtype THEN 'e' WHEN 'pg_catalog.anyrange'::pg_catalog.regtype THEN 'r'"
         "  WHEN 'pg_catalog.anymultirange'::pg_catalog.regtype THEN 'm' END,"
         " CASE WHEN opc.opcnamespace = 'pg_catalog'::pg_catalog.regnamespace THEN pg_catalog.quote_ident(opc.opcname)"
         "  ELSE pg_catalog.quote_ident(opn.nspname) || '.' || pg_catalog.quote_ident(opc.opcname) END"
         " FROM pg_catalog.pg_opclass opc JOIN pg_catalog.pg_namespace opn ON opn.oid = opc.opcnamespace"
         " WHERE opc.oid IN (SELECT pg_catalog.unnest(i.indclass::pg_catalog.oid[]) FROM pg_catalog.pg_index i)"
         " AND $1::pg_catalog.oid[] IS NOT NULL AND $2::text IS NOT NULL AND $3::text IS NOT NULL"
         " UNION ALL SELECT 'c', co.oid, NULL, NULL, NULL,"
         " pg_catalog.quote_ident(cn.nspname) || '.' || pg_catalog.quote_ident(co.collname)"
         " FROM pg_catalog.pg_collation co JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace"
         " WHERE co.oid IN (SELECT pg_catalog.unnest(i.indcollation::pg_catalog.oid[]) FROM pg_catalog.pg_index i)"
         " UNION ALL SELECT 'b', pc.castsource, NULL, pc.casttarget, NULL, NULL FROM pg_catalog.pg_cast pc"
         " WHERE pc.castmethod = 'b'";
}

void read_index_support(IntrospectContext& ctx, ir::Catalog&, const Result& res) {
  for (int r = 0; r < res.rows(); ++r) {
    std::string_view kind = res.get(r, 0);
    uint32_t oid = to_oid(res.get(r, 1));
    if (kind == "o") {
      IntrospectContext::OperatorClass opclass;
      opclass.is_default = res.boolean(r, 2);
      opclass.input_type = to_oid(res.get(r, 3));
      opclass.polymorphic = letter_at(res, r, 4);
      opclass.name = res.str(r, 5);
      ctx.operator_classes[oid] = std::move(opclass);
    } else if (kind == "c") {
      ctx.collation_names[oid] = res.str(r, 5);
    } else if (kind == "b") {
      ctx.binary_casts.emplace(oid, to_oid(res.get(r, 3)));
    }
  }
}

namespace {
// The operator class, unless it is the default one for the element's type, as pg_get_indexdef
// decides it (GetDefaultOpClass accepts binary-coercible types and the polymorphic families).
std::optional<std::string> opclass_unless_default(const IntrospectContext& ctx, uint32_t opclass, uint32_t type) {
  auto found = ctx.operator_classes.find(opclass);
  if (found == ctx.operator_classes.end()) return std::nullopt;
  const IntrospectContext::OperatorClass& opc = found->second;
  if (opc.is_default) {
    if (opc.input_type == type) return std::nullopt;
    if (auto facts = ctx.type_facts.find(type); facts != ctx.type_facts.end()) {
      const IntrospectContext::TypeFacts& et = facts->second;
      if (opc.input_type == et.base_type || (opc.polymorphic == 'A' && et.category == 'A') ||
          (opc.polymorphic == 'e' && et.kind == 'e') || (opc.polymorphic == 'r' && et.kind == 'r') ||
          (opc.polymorphic == 'm' && et.kind == 'm')) {
        return std::nullopt;
      }
    }
    if (ctx.binary_casts.count({type, opc.input_type})) return std::nullopt;
  }
  return opc.name;
}
}  // namespace

std::vector<IndexColumn> derive_index_elements(const IntrospectContext& ctx, uint32_t table, uint32_t index,
                                               std::string_view indkey, std::string_view indclass,
                                               std::string_view indcollation, std::string_view indoption) {
  // indkey has an entry per column; the other vectors only for key columns (not INCLUDE ones).
  auto keys = parse_int_vector(indkey);
  auto classes = parse_int_vector(indclass);
  auto collations = parse_int_vector(indcollation);
  auto options = parse_int_vector(indoption);
  std::vector<IndexColumn> out;
  out.reserve(keys.size());
  for (size_t k = 0; k < keys.size(); ++k) {
    IndexColumn column;
    column.position = static_cast<int>(k) + 1;
    auto from_server = ctx.server_index_columns.find({index, column.position});
    // The element's type and the collation it has by default: the column's, or the expression's.
    uint32_t type = 0;
    uint32_t own_collation = 0;
    if (keys[k] == 0) {
      if (from_server == ctx.server_index_columns.end() || !from_server->second.definition) {
        throw DatabaseError(fmt::format("introspection: expression {} of index {} not found", column.position, index));
      }
      column.definition = *from_server->second.definition;
      type = from_server->second.type;
      own_collation = from_server->second.type_collation;
    } else {
      std::pair<uint32_t, int> attribute{table, static_cast<int>(keys[k])};
      auto name = ctx.column_names.find(attribute);
      auto column_type = ctx.column_types.find(attribute);
      if (name == ctx.column_names.end() || column_type == ctx.column_types.end()) {
        throw DatabaseError(fmt::format("introspection: column {} of relation {} not found", keys[k], table));
      }
      column.column = name->second;
      type = column_type->second.type;
      own_collation = column_type->second.collation;
    }
    if (from_server != ctx.server_index_columns.end()) column.opclass_options = from_server->second.opclass_options;
    if (k < classes.size()) column.opclass = opclass_unless_default(ctx, static_cast<uint32_t>(classes[k]), type);
    if (k < collations.size() && static_cast<uint32_t>(collations[k]) != own_collation) {
      if (auto collation = ctx.collation_names.find(static_cast<uint32_t>(collations[k]));
          collation != ctx.collation_names.end()) {
        column.collation = collation->second;
      }
    }
    if (k < options.size()) column.option = static_cast<int>(options[k]);
    out.push_back(std::move(column));
  }
  return out;
}

}  // namespace schemactl::runtime::introspect_detail
