// Who owns each object read, and who the session is (ir::Catalog::owners, session_role): the
// differ needs them to tell a GRANT to an owner, which changes nothing, from a real one.
// One query; its result is matched with the objects the other readers found (ctx.objects), so
// it is read after theirs.
#include "runtime/introspect/context.hpp"

namespace schemactl::runtime::introspect_detail {

std::string owners_sql() {
  return
      "SELECT 'r', c.oid, pg_catalog.pg_get_userbyid(c.relowner) FROM pg_catalog.pg_class c"
      "  WHERE c.relnamespace = ANY ($1::pg_catalog.oid[]) AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')"
      " UNION ALL SELECT 'p', p.oid, pg_catalog.pg_get_userbyid(p.proowner) FROM pg_catalog.pg_proc p"
      "  WHERE p.pronamespace = ANY ($1::pg_catalog.oid[])"
      " UNION ALL SELECT 't', t.oid, pg_catalog.pg_get_userbyid(t.typowner) FROM pg_catalog.pg_type t"
      "  WHERE t.typnamespace = ANY ($1::pg_catalog.oid[]) AND t.typtype IN ('e', 'd', 'c')"
      " UNION ALL SELECT 'n', n.oid, pg_catalog.pg_get_userbyid(n.nspowner) FROM pg_catalog.pg_namespace n"
      "  WHERE n.oid = ANY ($1::pg_catalog.oid[])"
      " UNION ALL SELECT 'u', 0, CURRENT_USER WHERE $2::text IS NOT NULL AND $3::text IS NOT NULL";
}

void read_owners(IntrospectContext& ctx, ir::Catalog& catalog, const Result& res) {
  for (int r = 0; r < res.rows(); ++r) {
    std::string_view cls = res.get(r, 0);
    if (cls == "u") {
      catalog.session_role.value = res.str(r, 2);
      continue;
    }
    CatalogClass c = cls == "r"   ? CatalogClass::Relation
                     : cls == "p" ? CatalogClass::Proc
                     : cls == "t" ? CatalogClass::Type
                                  : CatalogClass::Namespace;
    auto it = ctx.objects.find({c, to_oid(res.get(r, 1))});
    if (it == ctx.objects.end()) continue;  // not read: out of scope, an extension's, the migrations table
    catalog.owners.value.emplace(ir::owner_key(it->second), res.str(r, 2));
  }
}

}  // namespace schemactl::runtime::introspect_detail
