// SQL fragments shared by the catalog queries, and the query counter.
#include <fmt/format.h>

#include "runtime/introspect/context.hpp"

namespace schemactl::runtime::introspect_detail {

void IntrospectContext::record_query(double seconds) {
  ++stats.queries;
  record_wait(seconds);
}

void IntrospectContext::record_wait(double seconds) {
  stats.query_seconds += seconds;
  auto& by_reader = stats.query_seconds_by_reader;
  if (by_reader.empty() || by_reader.back().first != reader) by_reader.emplace_back(reader, 0.0);
  by_reader.back().second += seconds;
}

std::string not_extension_member(const std::string& catalog, const std::string& oid) {
  // The members of all extensions are found once per query through pg_depend's index on the
  // referenced object (an uncorrelated subquery, hashed), instead of an anti-join the planner
  // runs as a scan of all of pg_depend (130,000 rows for 5,000 tables) in every query.
  return fmt::format(
      "{1} NOT IN (SELECT xd.objid FROM pg_catalog.pg_depend xd"
      " WHERE xd.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass"
      " AND xd.classid = 'pg_catalog.{0}'::pg_catalog.regclass AND xd.deptype = 'e')",
      catalog, oid);
}

std::string relation_in_scope(const std::string& c) {
  return fmt::format(
      "{0}.relnamespace = ANY ($1::pg_catalog.oid[]) AND {1}"
      " AND NOT COALESCE({0}.relname = $3 AND {0}.relnamespace = (SELECT mn.oid FROM pg_catalog.pg_namespace mn"
      " WHERE mn.nspname = $2), false)",
      c, not_extension_member("pg_class", c + ".oid"));
}

std::string comment_of(const std::string& catalog, const std::string& oid, const std::string& subid) {
  return fmt::format(
      "(SELECT cd.description FROM pg_catalog.pg_description cd WHERE cd.objoid = {}"
      " AND cd.classoid = 'pg_catalog.{}'::pg_catalog.regclass AND cd.objsubid = {})",
      oid, catalog, subid);
}

namespace {
constexpr const char* kAclEntry =
    "(CASE WHEN acl_e.grantee = 0 THEN 'PUBLIC' ELSE pg_catalog.pg_get_userbyid(acl_e.grantee) END"
    " || pg_catalog.chr(31) || acl_e.privilege_type || pg_catalog.chr(31)"
    " || CASE WHEN acl_e.is_grantable THEN 't' ELSE 'f' END)";
}

std::string acl_entries(const std::string& acl, const std::string& kind, const std::string& owner) {
  return fmt::format(
      "(SELECT pg_catalog.array_agg({0}) FROM pg_catalog.aclexplode(COALESCE({1}, pg_catalog.acldefault('{2}', {3}))) acl_e"
      " WHERE acl_e.grantee <> {3})",
      kAclEntry, acl, kind, owner);
}

std::string column_acl_entries(const std::string& acl, const std::string& owner) {
  return fmt::format(
      "(SELECT pg_catalog.array_agg({0}) FROM pg_catalog.aclexplode({1}) acl_e WHERE {1} IS NOT NULL AND acl_e.grantee <> {2})",
      kAclEntry, acl, owner);
}

std::string column_names_sql(const std::string& relation, const std::string& attnums) {
  return fmt::format(
      "ARRAY(SELECT na.attname FROM pg_catalog.unnest({1}) WITH ORDINALITY u(attnum, ord)"
      " JOIN pg_catalog.pg_attribute na ON na.attrelid = {0} AND na.attnum = u.attnum ORDER BY u.ord)",
      relation, attnums);
}

}  // namespace schemactl::runtime::introspect_detail
