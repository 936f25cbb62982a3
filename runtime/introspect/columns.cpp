// Columns of tables and views (one query for all relations), then sequences, which either
// stand alone, are owned by a serial column, or back an identity column.
#include <fmt/format.h>

#include "runtime/introspect/context.hpp"

namespace schemactl::runtime::introspect_detail {

namespace {
constexpr const char* kCollationName =
    "pg_catalog.quote_ident(cn.nspname) || '.' || pg_catalog.quote_ident(co.collname)";

std::optional<std::string> storage_name(std::string_view letter) {
  if (letter == "p") return "plain";
  if (letter == "e") return "external";
  if (letter == "x") return "extended";
  if (letter == "m") return "main";
  return std::nullopt;
}
}  // namespace

std::string columns_sql() {
  // A default is deparsed against its table only when it refers to columns (a Var node, as in
  // a generated column): with a relation, pg_get_expr opens it and builds its relation cache
  // entry, which a default without column references (nextval(...), now(), a constant) does not
  // need, and which costs more than the deparse itself. The text is the same either way.
  return fmt::format(
      "SELECT a.attrelid, a.attnum, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull,"
      " pg_catalog.pg_get_expr(ad.adbin, CASE WHEN ad.adbin::text LIKE '%{{VAR %' THEN ad.adrelid ELSE 0 END),"
      " a.attidentity, a.attgenerated,"
      " (SELECT {} FROM pg_catalog.pg_collation co JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace"
      "  WHERE co.oid = a.attcollation AND a.attcollation <> t.typcollation),"
      " CASE WHEN a.attstorage <> t.typstorage THEN a.attstorage END, a.attstattarget, a.attislocal, {}, {}, ad.oid,"
      " a.atttypid, a.attcollation, t.typbasetype, t.typcategory, t.typtype"
      " FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid"
      " JOIN pg_catalog.pg_type t ON t.oid = a.atttypid"
      " LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum"
      " WHERE c.relkind IN ('r', 'p', 'v', 'm') AND a.attnum > 0 AND NOT a.attisdropped AND {}"
      " ORDER BY a.attrelid, a.attnum",
      kCollationName, comment_of("pg_class", "a.attrelid", "a.attnum"),
      column_acl_entries("a.attacl", "c.relowner"), relation_in_scope("c"));
}

void read_columns(IntrospectContext& ctx, ir::Catalog& catalog, const Result& res) {
  for (int r = 0; r < res.rows(); ++r) {
    uint32_t relation = to_oid(res.get(r, 0));
    auto found = ctx.objects.find({CatalogClass::Relation, relation});
    if (found == ctx.objects.end()) continue;
    const ir::ObjectId& owner = found->second;
    std::string name = res.str(r, 2);
    int attnum = static_cast<int>(res.integer(r, 1));
    ctx.column_names[{relation, attnum}] = name;
    if (!res.is_null(r, 14)) ctx.attrdefs[to_oid(res.get(r, 14))] = {relation, attnum};
    // For the columns of indexes (derive_index_elements).
    uint32_t type = to_oid(res.get(r, 15));
    ctx.column_types[{relation, attnum}] = {type, to_oid(res.get(r, 16))};
    ctx.remember_type_facts(type, res, r, 17);
    if (owner.kind == ir::ObjectKind::View || owner.kind == ir::ObjectKind::MaterializedView) {
      ir::View& view = catalog.views.at(owner.name);
      view.columns.push_back(name);
      if (auto comment = res.opt(r, 12)) view.column_comments[name] = *comment;
      if (auto text = res.opt(r, 5))  // ALTER VIEW ... ALTER COLUMN ... SET DEFAULT
        view.column_defaults[name] = make_expr(*text, res.str(r, 3), "default of view column " + owner.name.schema + "." + owner.name.name + "." + name);
      continue;
    }
    if (owner.kind != ir::ObjectKind::Table) continue;
    ir::Column column;
    column.name = name;
    column.type = res.str(r, 3);
    column.not_null = res.boolean(r, 4);
    std::string what = "column " + owner.name.schema + "." + owner.name.name + "." + name;
    if (auto text = res.opt(r, 5)) {
      if (res.get(r, 7) == "s") {
        column.generated = make_expr(*text, column.type, what);
      } else {
        column.default_expr = make_expr(*text, column.type, what);
      }
    }
    if (std::string_view identity = res.get(r, 6); !identity.empty()) {
      column.identity = ir::Identity{};
      column.identity->always = identity == "a";
      // The sequence name and options are filled in by read_sequences.
    }
    column.collation = res.opt(r, 8);
    if (!res.is_null(r, 9)) column.storage = storage_name(res.get(r, 9));
    if (long long target = res.integer(r, 10); target >= 0) column.statistics = static_cast<int>(target);
    column.is_local = res.boolean(r, 11);
    column.comment = res.opt(r, 12);
    column.acl = parse_acl(res.get(r, 13));
    catalog.tables.at(owner.name).columns.push_back(std::move(column));
  }
}

std::string sequences_sql() {
  return fmt::format(
      "SELECT c.oid, n.nspname, c.relname, pg_catalog.pg_get_userbyid(c.relowner), {}, {},"
      " pg_catalog.format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcache,"
      " s.seqcycle, c.relpersistence, d.deptype, tn.nspname, tc.relname, ta.attname"
      " FROM pg_catalog.pg_sequence s JOIN pg_catalog.pg_class c ON c.oid = s.seqrelid"
      " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
      " LEFT JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objid = c.oid"
      "  AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.deptype IN ('a', 'i')"
      " LEFT JOIN pg_catalog.pg_class tc ON tc.oid = d.refobjid"
      " LEFT JOIN pg_catalog.pg_namespace tn ON tn.oid = tc.relnamespace"
      " LEFT JOIN pg_catalog.pg_attribute ta ON ta.attrelid = d.refobjid AND ta.attnum = d.refobjsubid"
      " WHERE c.relkind = 'S' AND {}",
      comment_of("pg_class", "c.oid"), acl_entries("c.relacl", "s", "c.relowner"), relation_in_scope("c"));
}

void read_sequences(IntrospectContext& ctx, ir::Catalog& catalog, const Result& res) {
  for (int r = 0; r < res.rows(); ++r) {
    ir::QualifiedName name{res.str(r, 1), res.str(r, 2)};
    ir::SequenceOptions options;
    options.type = res.str(r, 6);
    options.start = res.integer(r, 7);
    options.increment = res.integer(r, 8);
    options.min_value = res.integer(r, 9);
    options.max_value = res.integer(r, 10);
    options.cache = res.integer(r, 11);
    options.cycle = res.boolean(r, 12);
    uint32_t oid = to_oid(res.get(r, 0));
    if (res.get(r, 14) == "i") {
      // An identity sequence belongs to its column.
      ir::QualifiedName table{res.str(r, 15), res.str(r, 16)};
      auto it = catalog.tables.find(table);
      if (it == catalog.tables.end()) continue;
      for (auto& column : it->second.columns) {
        if (column.name != res.get(r, 17) || !column.identity) continue;
        column.identity->sequence_name = name;
        column.identity->options = options;
      }
      ctx.remember(CatalogClass::Relation, oid, ir::ObjectId{ir::ObjectKind::Column, table, res.str(r, 17)});
      continue;
    }
    ir::Sequence sequence;
    sequence.name = name;
    sequence.options = options;
    if (res.get(r, 14) == "a") {
      sequence.owned_by_table = ir::QualifiedName{res.str(r, 15), res.str(r, 16)};
      sequence.owned_by_column = res.str(r, 17);
    }
    sequence.unlogged = res.get(r, 13) == "u";
    if (ctx.options.owners) sequence.owner = res.str(r, 3);
    sequence.comment = res.opt(r, 4);
    sequence.acl = parse_acl(res.get(r, 5));
    ctx.remember(CatalogClass::Relation, oid, ir::ObjectId{ir::ObjectKind::Sequence, name, ""});
    ctx.relation_names[oid] = name;
    catalog.sequences.emplace(name, std::move(sequence));
  }
}

}  // namespace schemactl::runtime::introspect_detail
