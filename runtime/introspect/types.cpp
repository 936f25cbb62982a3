// User-defined types: enums, domains (with their CHECK constraints) and composite types.
#include <fmt/format.h>

#include "runtime/introspect/context.hpp"

namespace schemactl::runtime::introspect_detail {

namespace {
// Columns 0-6 of every type query: oid, array type oid, schema, name, owner, comment, acl.
std::string type_columns() {
  return fmt::format(
      "t.oid, t.typarray, n.nspname, t.typname, pg_catalog.pg_get_userbyid(t.typowner), {}, {}",
      comment_of("pg_type", "t.oid"), acl_entries("t.typacl", "T", "t.typowner"));
}
std::string type_scope() {
  return "t.typnamespace = ANY ($1::pg_catalog.oid[]) AND " + not_extension_member("pg_type", "t.oid") +
         " AND $2::text IS NOT NULL AND $3::text IS NOT NULL";
}
// The SQL spelling of a collation: "pg_catalog.\"C\"" style, as pg_dump prints it.
constexpr const char* kCollationName =
    "pg_catalog.quote_ident(cn.nspname) || '.' || pg_catalog.quote_ident(co.collname)";

void remember_type(IntrospectContext& ctx, const Result& res, int r, ir::ObjectKind kind,
                   const ir::QualifiedName& name) {
  ir::ObjectId id{kind, name, ""};
  ctx.remember(CatalogClass::Type, to_oid(res.get(r, 0)), id);
  // Columns of an array of the type depend on the array type: map it to the type itself.
  ctx.remember(CatalogClass::Type, to_oid(res.get(r, 1)), id);
}
}  // namespace

std::string enums_sql() {
  return fmt::format(
      "SELECT {}, ARRAY(SELECT e.enumlabel FROM pg_catalog.pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder)"
      " FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace"
      " WHERE t.typtype = 'e' AND {}",
      type_columns(), type_scope());
}

void read_enums(IntrospectContext& ctx, ir::Catalog& catalog, const Result& res) {
  for (int r = 0; r < res.rows(); ++r) {
    ir::EnumType type;
    type.name = {res.str(r, 2), res.str(r, 3)};
    if (ctx.options.owners) type.owner = res.str(r, 4);
    type.comment = res.opt(r, 5);
    type.acl = parse_acl(res.get(r, 6));
    type.labels = parse_text_array(res.get(r, 7));
    remember_type(ctx, res, r, ir::ObjectKind::Enum, type.name);
    catalog.enums.emplace(type.name, std::move(type));
  }
}

std::string domains_sql() {
  return fmt::format(
      "SELECT {}, pg_catalog.format_type(t.typbasetype, t.typtypmod), t.typnotnull,"
      " pg_catalog.pg_get_expr(t.typdefaultbin, 0),"
      " (SELECT {} FROM pg_catalog.pg_collation co JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace"
      "  WHERE co.oid = t.typcollation AND t.typcollation <> bt.typcollation),"
      " (SELECT pg_catalog.array_agg(pg_catalog.json_build_array(c.conname, pg_catalog.pg_get_expr(c.conbin, 0),"
      "    NOT c.convalidated, {}, c.oid)::text ORDER BY c.conname)"
      "  FROM pg_catalog.pg_constraint c WHERE c.contypid = t.oid AND c.contype = 'c')"
      " FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace"
      " JOIN pg_catalog.pg_type bt ON bt.oid = t.typbasetype"
      " WHERE t.typtype = 'd' AND {}",
      type_columns(), kCollationName, comment_of("pg_constraint", "c.oid"), type_scope());
}

void read_domains(IntrospectContext& ctx, ir::Catalog& catalog, const Result& res) {
  for (int r = 0; r < res.rows(); ++r) {
    ir::Domain domain;
    domain.name = {res.str(r, 2), res.str(r, 3)};
    if (ctx.options.owners) domain.owner = res.str(r, 4);
    domain.comment = res.opt(r, 5);
    domain.acl = parse_acl(res.get(r, 6));
    domain.base_type = res.str(r, 7);
    domain.not_null = res.boolean(r, 8);
    std::string what = "domain " + domain.name.schema + "." + domain.name.name;
    if (auto text = res.opt(r, 9)) domain.default_expr = make_expr(*text, domain.base_type, what);
    domain.collation = res.opt(r, 10);
    if (!res.is_null(r, 11)) {
      for (const auto& json : parse_text_array(res.get(r, 11))) {
        // [name, expr, not_valid, comment, oid]: decoded by the tiny JSON reader below.
        std::vector<std::optional<std::string>> fields = parse_json_row(json);
        ir::CheckConstraint check;
        check.name = fields.at(0).value_or("");
        check.expr = make_expr(fields.at(1).value_or(""), "", what + " constraint " + check.name);
        check.not_valid = fields.at(2) == std::optional<std::string>("true");
        check.comment = fields.at(3);
        // The check's own dependencies (a function it calls) are the domain's.
        ctx.remember(CatalogClass::Constraint, to_oid(fields.at(4).value_or("0")),
                     ir::ObjectId{ir::ObjectKind::Domain, domain.name, ""});
        domain.checks.emplace(check.name, std::move(check));
      }
    }
    remember_type(ctx, res, r, ir::ObjectKind::Domain, domain.name);
    catalog.domains.emplace(domain.name, std::move(domain));
  }
}

std::string composite_types_sql() {
  // The attributes come with their type, as one array (in attnum order), so that composite
  // types cost one query whether there are any or not.
  return fmt::format(
      "SELECT {}, t.typrelid,"
      " ARRAY(SELECT pg_catalog.json_build_array(a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod),"
      "   (SELECT {} FROM pg_catalog.pg_collation co JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace"
      "    WHERE co.oid = a.attcollation AND a.attcollation <> at.typcollation), {})::text"
      "   FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_type at ON at.oid = a.atttypid"
      "   WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum)"
      " FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace"
      " JOIN pg_catalog.pg_class c ON c.oid = t.typrelid"
      " WHERE t.typtype = 'c' AND c.relkind = 'c' AND {}",
      type_columns(), kCollationName, comment_of("pg_class", "a.attrelid", "a.attnum"), type_scope());
}

void read_composite_types(IntrospectContext& ctx, ir::Catalog& catalog, const Result& res) {
  for (int r = 0; r < res.rows(); ++r) {
    ir::CompositeType type;
    type.name = {res.str(r, 2), res.str(r, 3)};
    if (ctx.options.owners) type.owner = res.str(r, 4);
    type.comment = res.opt(r, 5);
    type.acl = parse_acl(res.get(r, 6));
    remember_type(ctx, res, r, ir::ObjectKind::CompositeType, type.name);
    uint32_t relation = to_oid(res.get(r, 7));
    ctx.remember(CatalogClass::Relation, relation, ir::ObjectId{ir::ObjectKind::CompositeType, type.name, ""});
    for (const auto& json : parse_text_array(res.get(r, 8))) {
      // [name, type, collation, comment]
      auto fields = parse_json_row(json);
      ir::CompositeAttribute attribute;
      attribute.name = fields.at(0).value_or("");
      attribute.type = fields.at(1).value_or("");
      attribute.collation = fields.at(2);
      attribute.comment = fields.at(3);
      type.attributes.push_back(std::move(attribute));
    }
    catalog.composite_types.emplace(type.name, std::move(type));
  }
}

}  // namespace schemactl::runtime::introspect_detail
