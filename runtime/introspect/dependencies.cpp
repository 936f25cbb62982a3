// Dependency edges between the objects read, from pg_depend (one query). Rows of pg_rewrite
// stand for their view and rows of pg_attrdef for their column, so that a view depends on the
// tables it reads and a column on the sequence or function its default calls.
#include <fmt/format.h>

#include <tuple>

#include "runtime/introspect/context.hpp"

namespace schemactl::runtime::introspect_detail {

namespace {
// Tags one pg_depend side with the catalog class we index objects by. A pg_rewrite row is
// resolved to its relation in SQL (there are few: one per view); a pg_attrdef row ('d') to its
// column on the client, from the default oids read_columns recorded: a schema has a default on
// most tables, and two subqueries per row cost more than the rest of the query.
constexpr const char* kSide = R"(
  CASE {0}classid
    WHEN 'pg_catalog.pg_class'::pg_catalog.regclass THEN 'r'
    WHEN 'pg_catalog.pg_rewrite'::pg_catalog.regclass THEN 'r'
    WHEN 'pg_catalog.pg_attrdef'::pg_catalog.regclass THEN 'd'
    WHEN 'pg_catalog.pg_type'::pg_catalog.regclass THEN 't'
    WHEN 'pg_catalog.pg_proc'::pg_catalog.regclass THEN 'f'
    WHEN 'pg_catalog.pg_constraint'::pg_catalog.regclass THEN 'c'
    WHEN 'pg_catalog.pg_trigger'::pg_catalog.regclass THEN 'g'
    WHEN 'pg_catalog.pg_policy'::pg_catalog.regclass THEN 'p'
    WHEN 'pg_catalog.pg_namespace'::pg_catalog.regclass THEN 'n'
    WHEN 'pg_catalog.pg_extension'::pg_catalog.regclass THEN 'e'
  END,
  CASE {0}classid
    WHEN 'pg_catalog.pg_rewrite'::pg_catalog.regclass THEN (SELECT rw.ev_class FROM pg_catalog.pg_rewrite rw WHERE rw.oid = d.{0}objid)
    ELSE d.{0}objid
  END,
  CASE {0}classid
    WHEN 'pg_catalog.pg_rewrite'::pg_catalog.regclass THEN 0
    ELSE d.{0}objsubid
  END)";

std::optional<CatalogClass> catalog_class(std::string_view tag) {
  if (tag == "r" || tag == "d") return CatalogClass::Relation;
  if (tag == "t") return CatalogClass::Type;
  if (tag == "f") return CatalogClass::Proc;
  if (tag == "c") return CatalogClass::Constraint;
  if (tag == "g") return CatalogClass::Trigger;
  if (tag == "p") return CatalogClass::Policy;
  if (tag == "n") return CatalogClass::Namespace;
  if (tag == "e") return CatalogClass::Extension;
  return std::nullopt;
}
}  // namespace

std::string dependencies_sql() {
  // Only normal and automatic dependencies among user objects (oid >= FirstNormalObjectId):
  // internal ones tie an object to its own parts, extension ones were filtered out earlier.
  return fmt::format(
      "SELECT {}, {} FROM pg_catalog.pg_depend d"
      " WHERE d.deptype IN ('n', 'a') AND d.objid >= 16384 AND d.refobjid >= 16384"
      " AND $1::pg_catalog.oid[] IS NOT NULL AND $2::text IS NOT NULL AND $3::text IS NOT NULL",
      fmt::format(kSide, ""), fmt::format(kSide, "ref"));
}

void read_dependencies(IntrospectContext& ctx, ir::Catalog& catalog, const Result& res) {
  auto resolve = [&](int r, int c) -> std::optional<ir::ObjectId> {
    if (res.is_null(r, c) || res.is_null(r, c + 1)) return std::nullopt;
    std::string_view tag = res.get(r, c);
    auto cls = catalog_class(tag);
    if (!cls) return std::nullopt;
    uint32_t oid = to_oid(res.get(r, c + 1));
    int sub = res.is_null(r, c + 2) ? 0 : static_cast<int>(res.integer(r, c + 2));
    if (tag == "d") {  // a column default stands for its column
      auto attrdef = ctx.attrdefs.find(oid);
      if (attrdef == ctx.attrdefs.end()) return std::nullopt;
      std::tie(oid, sub) = attrdef->second;
    }
    auto found = ctx.objects.find({*cls, oid});
    if (found == ctx.objects.end()) return std::nullopt;
    if (*cls == CatalogClass::Relation && sub > 0 && found->second.kind != ir::ObjectKind::Column) {
      auto column = ctx.column_names.find({oid, sub});
      if (column != ctx.column_names.end()) {
        return ir::ObjectId{ir::ObjectKind::Column, found->second.name, column->second};
      }
    }
    return found->second;
  };
  auto& edges = catalog.dependencies.value;
  for (int r = 0; r < res.rows(); ++r) {
    auto from = resolve(r, 0);
    auto to = resolve(r, 3);
    if (!from || !to || *from == *to) continue;
    // A column's own default depends on its table: that is containment, not an ordering edge.
    if (from->kind == ir::ObjectKind::Column && to->kind != ir::ObjectKind::Column && to->name == from->name &&
        (to->kind == ir::ObjectKind::Table)) {
      continue;
    }
    edges.insert(ir::Dependency{*from, *to});
  }
}

}  // namespace schemactl::runtime::introspect_detail
