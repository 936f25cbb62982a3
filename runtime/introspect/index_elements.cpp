// Index columns (shared by standalone indexes and EXCLUDE constraints): structure from pg_index,
// expression texts from pg_get_indexdef(index, column, true) (only for expressions: it is the
// costliest call of the query, and plain columns have their name).
#include <fmt/format.h>

#include "runtime/introspect/context.hpp"

namespace schemactl::runtime::introspect_detail {

namespace {
// The element's type, as the default-operator-class lookup sees it: the column's type for a
// column reference, the index attribute's type for an expression.
constexpr const char* kElementType = "COALESCE(ta.atttypid, ia.atttypid)";
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
      "  (SELECT it.typcollation FROM pg_catalog.pg_type it WHERE it.oid = ia.atttypid)))",
      i);
  // The attributes are joined LATERAL, so that each is one index lookup by (relation, attnum).
  return fmt::format(
      "ARRAY(SELECT pg_catalog.json_build_array(k, {0}.indkey[k - 1], ta.attname,"
      "   CASE WHEN {0}.indkey[k - 1] = 0 THEN pg_catalog.pg_get_indexdef({0}.indexrelid, k, true) END,"
      "   {1}, {2}, {0}.indoption[k - 1], ia.attoptions::text)::text"
      " FROM pg_catalog.generate_series(1, {0}.indnatts) k"
      " CROSS JOIN LATERAL (SELECT ia.atttypid, ia.attoptions FROM pg_catalog.pg_attribute ia"
      "   WHERE ia.attrelid = {0}.indexrelid AND ia.attnum = k) ia"
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

}  // namespace schemactl::runtime::introspect_detail
