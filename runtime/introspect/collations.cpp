// User collations (pg_collation in the schemas in scope, not owned by an extension).
#include <fmt/format.h>

#include "runtime/introspect/context.hpp"

namespace schemactl::runtime::introspect_detail {

std::string collations_sql() {
  // PostgreSQL 15 keeps an ICU collation's locale in colliculocale (collcollate/collctype are
  // NULL then) and a libc collation's in collcollate/collctype.
  return fmt::format(
      "SELECT co.oid, n.nspname, co.collname, pg_catalog.pg_get_userbyid(co.collowner), {},"
      " co.collprovider, co.colliculocale, co.collcollate, co.collctype, co.collisdeterministic"
      " FROM pg_catalog.pg_collation co JOIN pg_catalog.pg_namespace n ON n.oid = co.collnamespace"
      " WHERE co.collnamespace = ANY ($1::pg_catalog.oid[]) AND {}"
      " AND $2::text IS NOT NULL AND $3::text IS NOT NULL",
      comment_of("pg_collation", "co.oid"), not_extension_member("pg_collation", "co.oid"));
}

void read_collations(IntrospectContext& ctx, ir::Catalog& catalog, const Result& res) {
  for (int r = 0; r < res.rows(); ++r) {
    ir::Collation collation;
    collation.name = {res.str(r, 1), res.str(r, 2)};
    if (ctx.options.owners) collation.owner = res.str(r, 3);
    collation.comment = res.opt(r, 4);
    collation.provider = res.get(r, 5) == "i" ? "icu" : "libc";
    if (collation.provider == "icu") {
      collation.locale = res.opt(r, 6);
    } else {
      collation.lc_collate = res.opt(r, 7);
      collation.lc_ctype = res.opt(r, 8);
    }
    collation.deterministic = res.boolean(r, 9);
    catalog.collations.emplace(collation.name, std::move(collation));
  }
}

}  // namespace schemactl::runtime::introspect_detail
