// Table constraints: PRIMARY KEY, UNIQUE, FOREIGN KEY, CHECK and EXCLUDE (one query). The index
// behind a PK/UNIQUE/EXCLUDE constraint belongs to the constraint, not to catalog.indexes.
#include <fmt/format.h>

#include <algorithm>

#include "runtime/introspect/context.hpp"

namespace schemactl::runtime::introspect_detail {

namespace {
ir::ConstraintKind constraint_kind(std::string_view type) {
  if (type == "p") return ir::ConstraintKind::PrimaryKey;
  if (type == "u") return ir::ConstraintKind::Unique;
  if (type == "f") return ir::ConstraintKind::ForeignKey;
  if (type == "x") return ir::ConstraintKind::Exclude;
  return ir::ConstraintKind::Check;
}
}  // namespace

std::string constraints_sql() {
  // Constraints cloned onto a partition from its partitioned parent (conparentid) are read as
  // the compiler models them: constraints of the partition that are not local (is_local false),
  // which the emitter leaves to the server. Left out are the per-partition copies of a foreign
  // key that references a partitioned table: they sit on the referencing table itself (same
  // conrelid as their parent) and the IR has no counterpart for them. No ORDER BY: constraints
  // are keyed by table and name, so sorting these wide rows would be work nobody needs.
  return fmt::format(
      "SELECT con.oid, con.conrelid, con.conname, con.contype, con.conkey, fn.nspname, fc.relname, con.confkey,"
      " con.confmatchtype, con.confupdtype, con.confdeltype, con.confdelsetcols,"
      " pg_catalog.pg_get_expr(con.conbin, con.conrelid), con.connoinherit, con.condeferrable, con.condeferred,"
      " con.convalidated, con.conislocal, {1},"
      " i.indnkeyatts, i.indnullsnotdistinct, ic.reloptions, its.spcname, am.amname,"
      " CASE WHEN con.contype = 'x' OR i.indnatts > i.indnkeyatts"
      "   THEN pg_catalog.json_build_array(i.indkey::pg_catalog.text, i.indclass::pg_catalog.text,"
      "     i.indcollation::pg_catalog.text, i.indoption::pg_catalog.text) END,"
      " pg_catalog.pg_get_expr(i.indpred, i.indrelid),"
      " CASE WHEN con.contype = 'x' THEN ARRAY(SELECT CASE WHEN opn.nspname = 'pg_catalog' THEN o.oprname"
      "   ELSE pg_catalog.quote_ident(opn.nspname) || '.' || o.oprname END"
      "   FROM pg_catalog.unnest(con.conexclop) WITH ORDINALITY u(op, ord)"
      "   JOIN pg_catalog.pg_operator o ON o.oid = u.op JOIN pg_catalog.pg_namespace opn ON opn.oid = o.oprnamespace"
      "   ORDER BY u.ord) END,"
      " con.conindid,"
      " CASE WHEN con.contype = 'f' AND NOT ({3}) THEN {0} END, con.confrelid"
      " FROM pg_catalog.pg_constraint con JOIN pg_catalog.pg_class c ON c.oid = con.conrelid"
      " LEFT JOIN pg_catalog.pg_class fc ON fc.oid = con.confrelid"
      " LEFT JOIN pg_catalog.pg_namespace fn ON fn.oid = fc.relnamespace"
      " LEFT JOIN pg_catalog.pg_index i ON i.indexrelid = con.conindid AND con.contype IN ('p', 'u', 'x')"
      " LEFT JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid"
      " LEFT JOIN pg_catalog.pg_tablespace its ON its.oid = ic.reltablespace"
      " LEFT JOIN pg_catalog.pg_am am ON am.oid = ic.relam"
      " WHERE con.contype IN ('p', 'u', 'f', 'c', 'x') AND c.relkind IN ('r', 'p') AND {2}"
      " AND (con.conparentid = 0 OR EXISTS (SELECT 1 FROM pg_catalog.pg_constraint pcon WHERE pcon.oid = con.conparentid"
      "   AND pcon.conrelid <> con.conrelid AND pcon.confrelid = con.confrelid))",
      column_names_sql("con.confrelid", "con.confkey"), comment_of("pg_constraint", "con.oid"),
      relation_in_scope("c"), relation_in_scope("fc"));
}

void read_constraints(IntrospectContext& ctx, ir::Catalog& catalog, const Result& res) {
  for (int r = 0; r < res.rows(); ++r) {
    uint32_t relation = to_oid(res.get(r, 1));
    auto found = ctx.relation_names.find(relation);
    if (found == ctx.relation_names.end()) continue;
    ir::Table& table = catalog.tables.at(found->second);
    // Column numbers are named from the columns read before (read_columns), which costs far
    // less than naming them in SQL for every constraint; only a foreign key to a table out of
    // scope (whose columns were not read) has its referenced names from the server.
    auto names = [&](uint32_t owner, std::string_view attnums) {
      std::vector<std::string> out;
      if (attnums.empty()) return out;
      for (int64_t attnum : parse_int_vector(attnums)) {
        auto column = ctx.column_names.find({owner, static_cast<int>(attnum)});
        if (column == ctx.column_names.end()) {
          throw DatabaseError(fmt::format("introspection: column {} of relation {} not found", attnum, owner));
        }
        out.push_back(column->second);
      }
      return out;
    };
    ir::Constraint constraint;
    constraint.name = res.str(r, 2);
    constraint.kind = constraint_kind(res.get(r, 3));
    std::string what = "constraint " + constraint.name + " on " + table.name.schema + "." + table.name.name;
    if (constraint.kind != ir::ConstraintKind::Check && constraint.kind != ir::ConstraintKind::Exclude) {
      constraint.columns = names(relation, res.get(r, 4));
    }
    if (constraint.kind == ir::ConstraintKind::ForeignKey) {
      ir::ForeignKey fk;
      fk.ref_table = {res.str(r, 5), res.str(r, 6)};
      fk.ref_columns = res.is_null(r, 28) ? names(to_oid(res.get(r, 29)), res.get(r, 7)) : parse_text_array(res.get(r, 28));
      fk.match = res.get(r, 8)[0];
      fk.on_update = res.get(r, 9)[0];
      fk.on_delete = res.get(r, 10)[0];
      fk.on_delete_set_columns = names(relation, res.get(r, 11));
      constraint.foreign_key = std::move(fk);
    }
    if (constraint.kind == ir::ConstraintKind::Check) {
      constraint.check = make_expr(res.str(r, 12), "", what);
      constraint.no_inherit = res.boolean(r, 13);
    }
    constraint.deferrable = res.boolean(r, 14);
    constraint.initially_deferred = res.boolean(r, 15);
    constraint.not_valid = !res.boolean(r, 16);
    constraint.is_local = res.boolean(r, 17);
    constraint.comment = res.opt(r, 18);
    if (!res.is_null(r, 19)) {  // backed by an index
      int key_columns = static_cast<int>(res.integer(r, 19));
      constraint.nulls_not_distinct = res.boolean(r, 20);
      if (!res.is_null(r, 21)) {
        constraint.index_options = parse_text_array(res.get(r, 21));
        std::sort(constraint.index_options.begin(), constraint.index_options.end());
      }
      constraint.index_tablespace = res.opt(r, 22);
      if (constraint.kind == ir::ConstraintKind::Exclude) constraint.exclusion.emplace();
      // Elements are only described where the IR needs them: INCLUDE columns and EXCLUDE
      // elements (column 24: the index's vectors, only then).
      std::vector<IndexColumn> elements;
      if (!res.is_null(r, 24)) {
        auto vectors = parse_json_row(res.get(r, 24));
        elements = derive_index_elements(ctx, relation, to_oid(res.get(r, 27)), vectors.at(0).value_or(""),
                                         vectors.at(1).value_or(""), vectors.at(2).value_or(""),
                                         vectors.at(3).value_or(""));
      }
      auto operators = res.is_null(r, 26) ? std::vector<std::string>{} : parse_text_array(res.get(r, 26));
      for (const auto& element : elements) {
        if (element.position > key_columns) {
          constraint.include.push_back(element.column.value_or(element.definition));
          continue;
        }
        if (!constraint.exclusion) continue;
        ir::ExcludeElement exclude;
        if (element.column) {
          exclude.column = element.column;
        } else {
          exclude.expr = make_expr(element.definition, "", what);
        }
        exclude.opclass = element.opclass;
        exclude.descending = (element.option & 1) != 0;
        exclude.nulls_first = (element.option & 2) != 0;
        size_t index = static_cast<size_t>(element.position - 1);
        if (index < operators.size()) exclude.op = operators[index];
        constraint.exclusion->elements.push_back(std::move(exclude));
      }
      if (constraint.exclusion) {
        constraint.exclusion->method = res.str(r, 23);
        if (auto where = res.opt(r, 25)) constraint.exclusion->where = make_expr(*where, "", what);
      }
      // The backing index stands for the constraint in dependencies.
      ctx.remember(CatalogClass::Relation, to_oid(res.get(r, 27)),
                   ir::ObjectId{ir::ObjectKind::Constraint, table.name, constraint.name});
    }
    ctx.remember(CatalogClass::Constraint, to_oid(res.get(r, 0)),
                 ir::ObjectId{ir::ObjectKind::Constraint, table.name, constraint.name});
    table.constraints.emplace(constraint.name, std::move(constraint));
  }
}

std::string indexes_sql() {
  // Left out: indexes that implement a constraint. The partitions of a partitioned index (which
  // the server creates on each partition, or attaches) are read as the compiler models them:
  // indexes of the partition, which the emitter leaves to the server.
  return fmt::format(
      "SELECT ic.oid, n.nspname, ic.relname, tc.relname, i.indisunique, i.indnullsnotdistinct, am.amname,"
      " i.indnkeyatts, pg_catalog.pg_get_expr(i.indpred, i.indrelid), ic.reloptions,"
      " ts.spcname, {0}, i.indrelid, i.indkey, i.indclass, i.indcollation, i.indoption"
      " FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid"
      " JOIN pg_catalog.pg_class tc ON tc.oid = i.indrelid"
      " JOIN pg_catalog.pg_namespace n ON n.oid = tc.relnamespace"
      " JOIN pg_catalog.pg_am am ON am.oid = ic.relam"
      " LEFT JOIN pg_catalog.pg_tablespace ts ON ts.oid = ic.reltablespace"
      " WHERE tc.relkind IN ('r', 'p', 'm') AND {1}"
      " AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint x WHERE x.conindid = i.indexrelid"
      "   AND x.conrelid = i.indrelid AND x.contype IN ('p', 'u', 'x'))",
      comment_of("pg_class", "ic.oid"), relation_in_scope("tc"));
}

void read_indexes(IntrospectContext& ctx, ir::Catalog& catalog, const Result& res) {
  for (int r = 0; r < res.rows(); ++r) {
    ir::Index index;
    index.name = {res.str(r, 1), res.str(r, 2)};
    index.table = {res.str(r, 1), res.str(r, 3)};
    index.unique = res.boolean(r, 4);
    index.nulls_not_distinct = res.boolean(r, 5);
    index.method = res.str(r, 6);
    int key_columns = static_cast<int>(res.integer(r, 7));
    std::string what = "index " + index.name.schema + "." + index.name.name;
    uint32_t oid = to_oid(res.get(r, 0));
    auto elements = derive_index_elements(ctx, to_oid(res.get(r, 12)), oid, res.get(r, 13), res.get(r, 14),
                                          res.get(r, 15), res.get(r, 16));
    for (const auto& element : elements) {
      if (element.position > key_columns) {
        index.include.push_back(element.column.value_or(element.definition));
        continue;
      }
      ir::IndexElement out;
      if (element.column) {
        out.column = element.column;
      } else {
        out.expr = make_expr(element.definition, "", what);
      }
      out.collation = element.collation;
      out.opclass = element.opclass;
      out.opclass_options = element.opclass_options;
      out.descending = (element.option & 1) != 0;
      out.nulls_first = (element.option & 2) != 0;
      index.elements.push_back(std::move(out));
    }
    if (auto where = res.opt(r, 8)) index.where = make_expr(*where, "", what);
    if (!res.is_null(r, 9)) {
      index.options = parse_text_array(res.get(r, 9));
      std::sort(index.options.begin(), index.options.end());
    }
    index.tablespace = res.opt(r, 10);
    index.comment = res.opt(r, 11);
    ctx.remember(CatalogClass::Relation, oid, ir::ObjectId{ir::ObjectKind::Index, index.name, ""});
    catalog.indexes.emplace(index.name, std::move(index));
  }
}

}  // namespace schemactl::runtime::introspect_detail
