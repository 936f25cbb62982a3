// Index columns (shared by standalone indexes and EXCLUDE constraints): structure from pg_index,
// expression texts from pg_get_indexdef(index, column, true) (only for expressions: it is the
// costliest call of the query, and plain columns have their name). The columns of an index on
// plain columns are derived on the client instead (derive_index_elements), by the same rules,
// from pg_index's vectors and the catalog facts read before: the per-index subquery was the
// larger part of the indexes query.
#include <fmt/format.h>

#include "runtime/introspect/context.hpp"

namespace schemactl::runtime::introspect_detail {

namespace {
// The element's type, as the default-operator-class lookup sees it: the column's type for a
// column reference, the expression's type for an expression (ia.exprtype, below).
constexpr const char* kElementType = "COALESCE(ta.atttypid, ia.exprtype)";
}  // namespace

std::string index_elements_sql(const std::string& i) {
  // An operator class is left out when it is the default one for the element's type in its
  // access method, as pg_get_indexdef decides it (GetDefaultOpClass accepts binary-coercible
  // types and the polymorphic families). Every lookup goes through a catalog index (oid, or
  // pg_cast's source/target), so that it costs the same whatever the number of opclasses.
  std::string opclass = fmt::format(
      "(SELECT CASE WHEN opc.opcdefault AND (opc.opcintype = {1}"
      "   OR EXISTS (SELECT 1 FROM pg_catalog.pg_type et WHERE et.oid = {1} AND (opc.opcintype = et.typbasetype"
      "     OR (opc.opcintype = 'pg_catalog.anyarray'::pg_catalog.regtype AND et.typcategory = 'A')"
      "     OR (opc.opcintype = 'pg_catalog.anyenum'::pg_catalog.regtype AND et.typtype = 'e')"
      "     OR (opc.opcintype = 'pg_catalog.anyrange'::pg_catalog.regtype AND et.typtype = 'r')"
      "     OR (opc.opcintype = 'pg_catalog.anymultirange'::pg_catalog.regtype AND et.typtype = 'm')))"
      "   OR EXISTS (SELECT 1 FROM pg_catalog.pg_cast pc WHERE pc.castsource = {1} AND pc.casttarget = opc.opcintype"
      "     AND pc.castmethod = 'b'))"
      "  THEN NULL"
      "  WHEN opc.opcnamespace = 'pg_catalog'::pg_catalog.regnamespace THEN pg_catalog.quote_ident(opc.opcname)"
      "  ELSE (SELECT pg_catalog.quote_ident(opn.nspname) FROM pg_catalog.pg_namespace opn WHERE opn.oid = opc.opcnamespace)"
      "   || '.' || pg_catalog.quote_ident(opc.opcname) END"
      " FROM pg_catalog.pg_opclass opc WHERE opc.oid = {0}.indclass[k - 1])",
      i, kElementType);
  // The common case first: the opclass is a default one for exactly the element's type. The
  // (opclass, input type) pairs of all default opclasses are collected once per query (an
  // uncorrelated subquery: an InitPlan), so most elements skip the lookups above.
  opclass = fmt::format(
      "CASE WHEN (({0}.indclass[k - 1]::pg_catalog.int8 << 32) | {1}::pg_catalog.int8) = ANY ("
      "(SELECT pg_catalog.array_agg((dopc.oid::pg_catalog.int8 << 32) | dopc.opcintype::pg_catalog.int8)"
      " FROM pg_catalog.pg_opclass dopc WHERE dopc.opcdefault)::pg_catalog.int8[]) THEN NULL ELSE {2} END",
      i, kElementType, opclass);
  std::string collation = fmt::format(
      "(SELECT pg_catalog.quote_ident(cn.nspname) || '.' || pg_catalog.quote_ident(co.collname)"
      " FROM pg_catalog.pg_collation co JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace"
      " WHERE co.oid = {0}.indcollation[k - 1] AND {0}.indcollation[k - 1] <> COALESCE(ta.attcollation,"
      "  (SELECT it.typcollation FROM pg_catalog.pg_type it WHERE it.oid = ia.exprtype)))",
      i);
  // The attributes are joined LATERAL, so that each is one index lookup by (relation, attnum).
  // An index attribute has the type its operator class stores (opckeytype) when it has one:
  // gin_trgm_ops keeps int4 trigrams of a text expression, tsvector_ops text lexemes of a
  // tsvector. The expression's own type, which decides the default opclass and collation, is
  // then the opclass's input type; for the polymorphic array_ops (anyarray stored as
  // anyelement) the array type of the stored element type.
  return fmt::format(
      "ARRAY(SELECT pg_catalog.json_build_array(k, {0}.indkey[k - 1], ta.attname,"
      "   CASE WHEN {0}.indkey[k - 1] = 0 THEN pg_catalog.pg_get_indexdef({0}.indexrelid, k, true) END,"
      "   {1}, {2}, {0}.indoption[k - 1], ia.attoptions::text)::text"
      " FROM pg_catalog.generate_series(1, {0}.indnatts) k"
      " CROSS JOIN LATERAL (SELECT ia.atttypid, ia.attoptions, COALESCE((SELECT CASE"
      "     WHEN kt.typtype <> 'p' THEN kc.opcintype"
      "     WHEN kc.opcintype = 'pg_catalog.anyarray'::pg_catalog.regtype"
      "       AND kc.opckeytype = 'pg_catalog.anyelement'::pg_catalog.regtype THEN"
      "       (SELECT NULLIF(at.typarray, 0) FROM pg_catalog.pg_type at WHERE at.oid = ia.atttypid) END"
      "     FROM pg_catalog.pg_opclass kc JOIN pg_catalog.pg_type kt ON kt.oid = kc.opcintype"
      "     WHERE kc.oid = {0}.indclass[k - 1] AND kc.opckeytype <> 0), ia.atttypid) AS exprtype"
      "   FROM pg_catalog.pg_attribute ia WHERE ia.attrelid = {0}.indexrelid AND ia.attnum = k) ia"
      " LEFT JOIN LATERAL (SELECT ta.attname, ta.atttypid, ta.attcollation FROM pg_catalog.pg_attribute ta"
      "   WHERE ta.attrelid = {0}.indrelid AND ta.attnum = {0}.indkey[k - 1] AND {0}.indkey[k - 1] <> 0) ta ON true"
      " ORDER BY k)",
      i, opclass, collation);
}

std::vector<IndexColumn> parse_index_elements(std::string_view literal) {
  std::vector<IndexColumn> out;
  if (literal.empty()) return out;  // NULL: not asked for
  for (const auto& json : parse_text_array(literal)) {
    auto fields = parse_json_row(json);
    IndexColumn column;
    column.position = std::stoi(fields.at(0).value_or("0"));
    column.column = fields.at(2);
    column.definition = fields.at(3).value_or("");
    column.opclass = fields.at(4);
    column.collation = fields.at(5);
    column.option = fields.at(6) ? std::stoi(*fields.at(6)) : 0;
    if (fields.at(7)) column.opclass_options = parse_text_array(*fields.at(7));
    out.push_back(std::move(column));
  }
  return out;
}

std::string column_names_sql(const std::string& relation, const std::string& attnums) {
  return fmt::format(
      "ARRAY(SELECT na.attname FROM pg_catalog.unnest({1}) WITH ORDINALITY u(attnum, ord)"
      " JOIN pg_catalog.pg_attribute na ON na.attrelid = {0} AND na.attnum = u.attnum ORDER BY u.ord)",
      relation, attnums);
}

std::string index_elements_need_server(const std::string& i) {
  // Operator class options live in the index's pg_attribute rows; the indexes that have any
  // are found once per query (a hashed subquery).
  return fmt::format(
      "(0 = ANY ({0}.indkey::pg_catalog.int2[]) OR {0}.indexrelid IN (SELECT oa.attrelid FROM pg_catalog.pg_attribute oa"
      " WHERE oa.attoptions IS NOT NULL))",
      i);
}

std::string index_support_sql() {
  // Small whatever the schema: every operator class (with its name as pg_get_indexdef prints
  // it), every collation's name, the binary-coercible casts.
  return "SELECT 'o', opc.oid, opc.opcdefault, opc.opcintype,"
         " CASE opc.opcintype WHEN 'pg_catalog.anyarray'::pg_catalog.regtype THEN 'A'"
         "  WHEN 'pg_catalog.anyenum'::pg_catalog.regtype THEN 'e' WHEN 'pg_catalog.anyrange'::pg_catalog.regtype THEN 'r'"
         "  WHEN 'pg_catalog.anymultirange'::pg_catalog.regtype THEN 'm' END,"
         " CASE WHEN opc.opcnamespace = 'pg_catalog'::pg_catalog.regnamespace THEN pg_catalog.quote_ident(opc.opcname)"
         "  ELSE pg_catalog.quote_ident(opn.nspname) || '.' || pg_catalog.quote_ident(opc.opcname) END"
         " FROM pg_catalog.pg_opclass opc JOIN pg_catalog.pg_namespace opn ON opn.oid = opc.opcnamespace"
         " WHERE $1::pg_catalog.oid[] IS NOT NULL AND $2::text IS NOT NULL AND $3::text IS NOT NULL"
         " UNION ALL SELECT 'c', co.oid, NULL, NULL, NULL,"
         " pg_catalog.quote_ident(cn.nspname) || '.' || pg_catalog.quote_ident(co.collname)"
         " FROM pg_catalog.pg_collation co JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace"
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
      opclass.polymorphic = res.get(r, 4).empty() ? 0 : res.get(r, 4)[0];
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
// The operator class, unless it is the default one for the element's type: the rule of the
// opclass expression in index_elements_sql, step by step.
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

std::vector<IndexColumn> derive_index_elements(const IntrospectContext& ctx, uint32_t table, std::string_view indkey,
                                               std::string_view indclass, std::string_view indcollation,
                                               std::string_view indoption) {
  // indkey has an entry per column; the other vectors only for key columns (not INCLUDE ones).
  auto keys = parse_int_vector(indkey);
  auto classes = parse_int_vector(indclass);
  auto collations = parse_int_vector(indcollation);
  auto options = parse_int_vector(indoption);
  std::vector<IndexColumn> out;
  out.reserve(keys.size());
  for (size_t k = 0; k < keys.size(); ++k) {
    std::pair<uint32_t, int> attribute{table, static_cast<int>(keys[k])};
    auto name = ctx.column_names.find(attribute);
    auto type = ctx.column_types.find(attribute);
    if (name == ctx.column_names.end() || type == ctx.column_types.end()) {
      throw DatabaseError(fmt::format("introspection: column {} of relation {} not found", keys[k], table));
    }
    IndexColumn column;
    column.position = static_cast<int>(k) + 1;
    column.column = name->second;
    if (k < classes.size()) column.opclass = opclass_unless_default(ctx, static_cast<uint32_t>(classes[k]), type->second.type);
    if (k < collations.size() && static_cast<uint32_t>(collations[k]) != type->second.collation) {
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
