// Schemas (pg_namespace): also decides which schemas every later query looks at.
#include <fmt/format.h>

#include <chrono>

#include "runtime/introspect/context.hpp"

namespace schemactl::runtime::introspect_detail {

namespace {
std::string array_literal(const std::vector<std::string>& values) {
  std::string out = "{";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i) out += ',';
    out += '"';
    for (char ch : values[i]) {
      if (ch == '"' || ch == '\\') out += '\\';
      out += ch;
    }
    out += '"';
  }
  return out + "}";
}
}  // namespace

void read_schemas(IntrospectContext& ctx, ir::Catalog& catalog) {
  const std::string sql = fmt::format(
      "SELECT n.oid, n.nspname, pg_catalog.pg_get_userbyid(n.nspowner), {}, {}"
      " FROM pg_catalog.pg_namespace n"
      " WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')"
      " AND n.nspname NOT LIKE 'pg\\_temp\\_%' AND n.nspname NOT LIKE 'pg\\_toast\\_temp\\_%' AND {}"
      " AND (pg_catalog.cardinality($1::text[]) = 0 OR n.nspname = ANY ($1::text[]))"
      " AND NOT n.nspname = ANY ($2::text[])"
      " ORDER BY n.nspname",
      comment_of("pg_namespace", "n.oid"), acl_entries("n.nspacl", "n", "n.nspowner"),
      not_extension_member("pg_namespace", "n.oid"));
  auto start = std::chrono::steady_clock::now();
  Result res = ctx.connection.exec_params(
      sql, {array_literal(ctx.options.include_schemas), array_literal(ctx.options.exclude_schemas)});
  ctx.record_query(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  std::string oids = "{";
  for (int r = 0; r < res.rows(); ++r) {
    uint32_t oid = to_oid(res.get(r, 0));
    if (r) oids += ',';
    oids += std::to_string(oid);
    // public exists in every database: its objects are read, the schema itself is not an
    // object of the IR (the compiler ignores CREATE SCHEMA public, and its comment and grants).
    if (res.get(r, 1) == "public") continue;
    ir::Schema schema;
    schema.name = res.str(r, 1);
    if (ctx.options.owners) schema.owner = res.str(r, 2);
    schema.comment = res.opt(r, 3);
    schema.acl = parse_acl(res.get(r, 4));
    ctx.remember(CatalogClass::Namespace, oid, ir::ObjectId{ir::ObjectKind::Schema, {"", schema.name}, ""});
    catalog.schemas.emplace(schema.name, std::move(schema));
  }
  ctx.namespace_oids = oids + "}";
}

std::string extensions_sql() {
  // Extensions created by initdb (plpgsql) have system oids and are part of every database,
  // so, like pg_dump, they are not listed. The installed version is recorded (a schema file
  // that states a version must match it, one that does not matches any: ir::Extension); with
  // pinned_extension_versions_only, only when it is not the one CREATE EXTENSION installs by
  // default, so that a dump does not pin whatever the server happens to ship.
  return fmt::format(
      "SELECT e.oid, e.extname, n.nspname, e.extversion, e.extversion IS NOT DISTINCT FROM av.default_version, {}"
      " FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace"
      " LEFT JOIN LATERAL (SELECT av.default_version, av.comment FROM pg_catalog.pg_available_extensions av"
      "   WHERE av.name = e.extname) av ON true"
      " WHERE e.oid >= 16384 AND (e.extnamespace = ANY ($1::pg_catalog.oid[]) OR n.nspname = 'pg_catalog')"
      " AND $2::text IS NOT NULL AND $3::text IS NOT NULL"
      " ORDER BY e.extname",
      comment_of("pg_extension", "e.oid"));
}

void read_extensions(IntrospectContext& ctx, ir::Catalog& catalog, const Result& res) {
  for (int r = 0; r < res.rows(); ++r) {
    ir::Extension extension;
    extension.name = res.str(r, 1);
    extension.schema = res.str(r, 2);
    bool default_version = res.boolean(r, 4);
    if (!(ctx.options.pinned_extension_versions_only && default_version)) extension.version = res.opt(r, 3);
    extension.comment = res.opt(r, 5);
    ctx.remember(CatalogClass::Extension, to_oid(res.get(r, 0)),
                 ir::ObjectId{ir::ObjectKind::Extension, {"", extension.name}, ""});
    catalog.extensions.emplace(extension.name, std::move(extension));
  }
}

}  // namespace schemactl::runtime::introspect_detail
