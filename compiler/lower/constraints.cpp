// Constraints: naming (ChooseConstraintName / ChooseIndexName), PRIMARY KEY/UNIQUE/EXCLUDE/
// FOREIGN KEY/CHECK lowering, the foreign key target check, and inheritance/partitions.
#include "compiler/lower/constraints.hpp"

#include <algorithm>
#include <set>
#include <tuple>

#include <fmt/ranges.h>

#include "compiler/naming.hpp"
#include "compiler/quote.hpp"

namespace schemactl::lower {
namespace {

// Distinct column names referenced by an expression (pull_var_clause on the raw tree).
void collect_columns(Element e, std::set<std::string>& out) {
  if (e.is_object()) {
    for (auto field : simdjson::dom::object(e)) {
      if (field.key == "ColumnRef") {
        auto parts = json::strings(field.value, "fields");
        if (!parts.empty()) out.insert(parts.back());
        continue;
      }
      if (field.value.is_object() || field.value.is_array()) collect_columns(field.value, out);
    }
  } else if (e.is_array()) {
    for (Element item : simdjson::dom::array(e)) collect_columns(item, out);
  }
}

bool constraint_deferrable(const PendingConstraint& p) {
  return p.deferrable.value_or(json::boolean(p.node, "deferrable"));
}
bool constraint_deferred(const PendingConstraint& p) {
  return p.initially_deferred.value_or(json::boolean(p.node, "initdeferred"));
}

// Element of an index or exclusion constraint as written: column or expression.
void lower_index_elem(Context& ctx, Element elem, std::optional<std::string>& column, std::optional<ir::Expr>& expr,
                      std::string& name_for_naming) {
  Element e;
  std::string_view colname = json::str(elem, "name");
  if (!colname.empty()) {
    column = std::string(colname);
    name_for_naming = std::string(colname);
    return;
  }
  if (!json::get(elem, "expr", e)) return;
  std::string_view sql = ctx.element_slice(e);
  expr = ctx.expr(sql, ctx.slice_offset(sql));
  name_for_naming = !json::str(elem, "indexcolname").empty() ? std::string(json::str(elem, "indexcolname"))
                                                            : naming::index_expression_name(e);
}

bool has_column_or_parent(const ir::Table& table, const std::string& column) {
  return table.find_column(column) || !table.inherits.empty() || table.partition_of;
}

void check_foreign_key(Context& ctx, const ir::QualifiedName& table_name, const std::string& constraint_name,
                       int ref_offset, const SourceFile* file) {
  ir::Table* table = ctx.find_table(table_name);
  if (!table) return;
  auto it = table->constraints.find(constraint_name);
  if (it == table->constraints.end() || !it->second.foreign_key) return;
  ir::Constraint& c = it->second;
  ir::ForeignKey& fk = *c.foreign_key;
  ir::Table* ref = ctx.find_table(fk.ref_table);
  if (!ref) {
    ctx.diags.add(diag::kUnknownTable, file, ref_offset, 1, "foreign key {} references table {}, which does not exist",
                  quote_ident(constraint_name), quote_qualified(fk.ref_table));
    return;
  }
  for (const auto& col : c.columns) {
    if (!table->find_column(col))
      ctx.diags.add(diag::kUnknownColumn, file, ref_offset, 1, "column {} of foreign key {} does not exist in table {}",
                    quote_ident(col), quote_ident(constraint_name), quote_qualified(table_name));
  }
  if (fk.ref_columns.empty()) {
    for (const auto& [n, rc] : ref->constraints)
      if (rc.kind == ir::ConstraintKind::PrimaryKey) fk.ref_columns = rc.columns;
    if (fk.ref_columns.empty()) {
      ctx.diags.add(diag::kForeignKeyTarget, file, ref_offset, 1, "there is no primary key for referenced table {}",
                    quote_qualified(fk.ref_table));
      return;
    }
  }
  for (const auto& col : fk.ref_columns) {
    if (!ref->find_column(col)) {
      ctx.diags.add(diag::kUnknownColumn, file, ref_offset, 1, "column {} referenced in foreign key {} does not exist in table {}",
                    quote_ident(col), quote_ident(constraint_name), quote_qualified(fk.ref_table));
      return;
    }
  }
  std::set<std::string> wanted(fk.ref_columns.begin(), fk.ref_columns.end());
  bool unique = false;
  for (const auto& [n, rc] : ref->constraints) {
    if ((rc.kind == ir::ConstraintKind::PrimaryKey || rc.kind == ir::ConstraintKind::Unique) &&
        std::set<std::string>(rc.columns.begin(), rc.columns.end()) == wanted && rc.columns.size() == wanted.size())
      unique = true;
  }
  for (auto it = ctx.catalog.indexes.lower_bound({fk.ref_table.schema, ""}); !unique && it != ctx.catalog.indexes.end() &&
                                                                          it->first.schema == fk.ref_table.schema;
       ++it) {
    const ir::Index& index = it->second;
    if (index.table != fk.ref_table || !index.unique || index.where) continue;
    std::set<std::string> cols;
    bool plain = true;
    for (const auto& e : index.elements) {
      if (e.column) cols.insert(*e.column);
      else plain = false;
    }
    if (plain && cols == wanted && index.elements.size() == wanted.size()) unique = true;
  }
  if (!unique) {
    ctx.diags.add(diag::kForeignKeyTarget, file, ref_offset, 1,
                  "there is no unique constraint matching given keys ({}) for referenced table {}",
                  fmt::join(fk.ref_columns, ", "), quote_qualified(fk.ref_table));
  }
}

}  // namespace

void apply_constraints(Context& ctx, ir::Table& table, PendingConstraints& pending, bool in_create) {
  const std::string& schema = table.name.schema;
  std::vector<std::string> check_names;
  auto add = [&](ir::Constraint c, int64_t loc) -> bool {
    if (table.constraints.count(c.name)) {
      ctx.error(diag::kDuplicateObject, loc, "constraint {} for relation {} already exists", quote_ident(c.name),
                quote_qualified(table.name));
      return false;
    }
    c.span.value = ctx.span_at(ctx.at(loc));
    ctx.claim_constraint(schema, c.name);
    table.constraints.emplace(c.name, std::move(c));
    return true;
  };

  for (auto& p : pending.checks) {
    ir::Constraint c;
    c.kind = ir::ConstraintKind::Check;
    int64_t loc = json::integer(p.node, "location", -1);
    Element raw;
    if (!json::get(p.node, "raw_expr", raw)) continue;
    std::string_view sql = ctx.paren_slice(raw);
    c.check = ctx.expr(sql, ctx.slice_offset(sql), {}, &table);
    c.no_inherit = json::boolean(p.node, "is_no_inherit");
    c.not_valid = !in_create && json::boolean(p.node, "skip_validation");
    std::string_view conname = json::str(p.node, "conname");
    if (!conname.empty()) {
      c.name = std::string(conname);
    } else {
      std::set<std::string> vars;
      collect_columns(raw, vars);
      std::string column = vars.size() == 1 ? *vars.begin() : std::string();
      c.name = naming::choose_name(table.name.name, column, "check", [&](const std::string& n) {
        return ctx.constraint_taken(schema, n) || table.constraints.count(n) ||
               std::find(check_names.begin(), check_names.end(), n) != check_names.end();
      });
    }
    check_names.push_back(c.name);
    add(std::move(c), loc);
  }

  // transformIndexConstraints: the primary key first, then the others; a UNIQUE that repeats an
  // earlier index constraint exactly (UNIQUE PRIMARY KEY) is dropped.
  if (in_create) {
    std::stable_partition(pending.indexes.begin(), pending.indexes.end(), [](const PendingConstraint& p) {
      return json::str(p.node, "contype") == "CONSTR_PRIMARY";
    });
    std::vector<PendingConstraint> kept;
    auto signature = [](const PendingConstraint& p) {
      auto cols = json::strings(p.node, "keys");
      if (cols.empty() && !p.column.empty()) cols.push_back(p.column);
      auto inc = json::strings(p.node, "including");
      return std::make_tuple(cols, inc, json::boolean(p.node, "nulls_not_distinct"), constraint_deferrable(p),
                             constraint_deferred(p));
    };
    for (auto& p : pending.indexes) {
      bool duplicate = false;
      if (json::str(p.node, "contype") != "CONSTR_EXCLUSION") {
        for (auto& prior : kept) {
          if (json::str(prior.node, "contype") == "CONSTR_EXCLUSION" || signature(prior) != signature(p)) continue;
          if (json::str(prior.node, "conname").empty() && prior.node_name_override.empty() && !json::str(p.node, "conname").empty())
            prior.node_name_override = std::string(json::str(p.node, "conname"));
          duplicate = true;
          break;
        }
      }
      if (!duplicate) kept.push_back(p);
    }
    pending.indexes = std::move(kept);
  }
  for (auto& p : pending.indexes) {
    ir::Constraint c;
    std::string_view contype = json::str(p.node, "contype");
    int64_t loc = json::integer(p.node, "location", -1);
    std::vector<std::string> names_for_naming;
    if (contype == "CONSTR_EXCLUSION") {
      c.kind = ir::ConstraintKind::Exclude;
      ir::Exclusion& exclusion = c.exclusion.emplace();
      exclusion.method = std::string(json::str(p.node, "access_method"));
      if (exclusion.method.empty()) exclusion.method = "btree";
      json::each(p.node, "exclusions", [&](Element pair) {
        Element list;
        if (!json::node_of(pair, "List", list)) return;
        ir::ExcludeElement ee;
        int idx = 0;
        json::each(list, "items", [&](Element item) {
          Element elem, ops;
          if (idx++ == 0 && json::node_of(item, "IndexElem", elem)) {
            std::string nm;
            lower_index_elem(ctx, elem, ee.column, ee.expr, nm);
            names_for_naming.push_back(nm);
            auto opclass = json::strings(elem, "opclass");
            if (!opclass.empty()) ee.opclass = quote_ident(opclass.back());
            ee.descending = json::str(elem, "ordering") == "SORTBY_DESC";
            std::string_view nulls = json::str(elem, "nulls_ordering");
            ee.nulls_first = nulls == "SORTBY_NULLS_FIRST" || (ee.descending && nulls != "SORTBY_NULLS_LAST");
          } else if (json::node_of(item, "List", ops)) {
            auto op = json::strings(ops, "items");
            ee.op = op.size() >= 2 && op[op.size() - 2] != "pg_catalog" ? fmt::format("{}", fmt::join(op, ".")) : op.back();
          }
        });
        exclusion.elements.push_back(std::move(ee));
      });
      Element where;
      if (json::get(p.node, "where_clause", where)) {
        std::string_view sql = ctx.paren_slice(where);
        exclusion.where = ctx.expr(sql, ctx.slice_offset(sql));
      }
    } else {
      c.kind = contype == "CONSTR_PRIMARY" ? ir::ConstraintKind::PrimaryKey : ir::ConstraintKind::Unique;
      c.columns = json::strings(p.node, "keys");
      if (c.columns.empty() && !p.column.empty()) c.columns.push_back(p.column);
      c.include = json::strings(p.node, "including");
      c.nulls_not_distinct = json::boolean(p.node, "nulls_not_distinct");
      names_for_naming = c.columns;
      names_for_naming.insert(names_for_naming.end(), c.include.begin(), c.include.end());
      if (std::string_view using_index = json::str(p.node, "indexname"); !using_index.empty()) {
        // ADD CONSTRAINT ... USING INDEX: the index becomes the constraint's (and takes its name).
        auto idx = ctx.catalog.indexes.find({schema, std::string(using_index)});
        if (idx == ctx.catalog.indexes.end() || idx->second.table != table.name) {
          ctx.error(diag::kUnknownObject, loc, "index {} does not exist on table {}", quote_ident(using_index),
                    quote_qualified(table.name));
          continue;
        }
        bool plain = true;
        for (const auto& e : idx->second.elements) {
          if (e.column) c.columns.push_back(*e.column);
          else plain = false;
        }
        if (!plain || idx->second.where) {
          ctx.error(diag::kInvalidDefinition, loc, "index {} has expressions or a predicate and cannot back a constraint",
                    quote_ident(using_index));
          continue;
        }
        c.include = idx->second.include;
        c.nulls_not_distinct = idx->second.nulls_not_distinct;
        c.index_options = idx->second.options;
        if (json::str(p.node, "conname").empty()) p.node_name_override = std::string(using_index);
        ctx.catalog.indexes.erase(idx);
        ctx.release_relation(schema, std::string(using_index));
      }
    }
    if (c.kind == ir::ConstraintKind::PrimaryKey) {
      bool has_pk = false;
      for (const auto& [n, other] : table.constraints) has_pk = has_pk || other.kind == ir::ConstraintKind::PrimaryKey;
      if (has_pk) {
        ctx.error(diag::kDuplicateObject, loc, "multiple primary keys for table {} are not allowed", quote_qualified(table.name));
        continue;
      }
      for (const auto& col : c.columns) {
        ir::Column* column = nullptr;
        for (auto& tc : table.columns)
          if (tc.name == col) column = &tc;
        if (column) column->not_null = true;
        else if (!has_column_or_parent(table, col))
          ctx.error(diag::kUnknownColumn, loc, "column {} named in key does not exist", quote_ident(col));
      }
    } else if (c.kind == ir::ConstraintKind::Unique) {
      for (const auto& col : c.columns)
        if (!has_column_or_parent(table, col))
          ctx.error(diag::kUnknownColumn, loc, "column {} named in key does not exist", quote_ident(col));
    }
    if (c.index_options.empty()) c.index_options = reloptions(p.node);
    std::string_view space = json::str(p.node, "indexspace");
    if (!space.empty()) c.index_tablespace = std::string(space);
    c.deferrable = constraint_deferrable(p);
    c.initially_deferred = constraint_deferred(p);
    std::string_view conname = json::str(p.node, "conname");
    if (!p.node_name_override.empty()) {
      c.name = p.node_name_override;
    } else if (!conname.empty()) {
      c.name = std::string(conname);
    } else {
      std::string label = c.kind == ir::ConstraintKind::PrimaryKey ? "pkey"
                          : c.kind == ir::ConstraintKind::Exclude  ? "excl"
                                                                   : "key";
      std::string addition = c.kind == ir::ConstraintKind::PrimaryKey
                                 ? std::string()
                                 : naming::name_addition(naming::index_column_names(names_for_naming));
      c.name = naming::choose_name(table.name.name, addition, label, [&](const std::string& n) {
        return ctx.relation_taken(schema, n) || ctx.constraint_taken(schema, n);
      });
    }
    if (ctx.relation_taken(schema, c.name)) {
      ctx.error(diag::kDuplicateObject, loc, "relation {} already exists (constraint index name)", quote_ident(c.name));
      continue;
    }
    std::string name = c.name;
    if (add(std::move(c), loc)) ctx.claim_relation(schema, name);
  }

  for (auto& p : pending.foreign_keys) {
    ir::Constraint c;
    c.kind = ir::ConstraintKind::ForeignKey;
    int64_t loc = json::integer(p.node, "location", -1);
    c.columns = json::strings(p.node, "fk_attrs");
    if (c.columns.empty() && !p.column.empty()) c.columns.push_back(p.column);
    ir::ForeignKey fk;
    Element pk;
    int ref_offset = ctx.at(loc);
    if (json::get(p.node, "pktable", pk)) {
      fk.ref_table = ctx.resolve_relation(pk);
      ref_offset = ctx.at(json::integer(pk, "location", -1));
    }
    fk.ref_columns = json::strings(p.node, "pk_attrs");
    auto action = [&](std::string_view key) {
      std::string_view v = json::str(p.node, key);
      return v.empty() ? 'a' : v[0];
    };
    fk.match = action("fk_matchtype") == 'a' ? 's' : action("fk_matchtype");
    fk.on_update = action("fk_upd_action");
    fk.on_delete = action("fk_del_action");
    fk.on_delete_set_columns = json::strings(p.node, "fk_del_set_cols");
    c.foreign_key = std::move(fk);
    c.deferrable = constraint_deferrable(p);
    c.initially_deferred = constraint_deferred(p);
    c.not_valid = !in_create && json::boolean(p.node, "skip_validation");
    std::string_view conname = json::str(p.node, "conname");
    if (!conname.empty()) {
      c.name = std::string(conname);
    } else {
      c.name = naming::choose_name(table.name.name, naming::name_addition(c.columns), "fkey", [&](const std::string& n) {
        return ctx.constraint_taken(schema, n) || table.constraints.count(n);
      });
    }
    std::string name = c.name;
    if (add(std::move(c), loc)) {
      ctx.finalizers.push_back([&ctx, tn = table.name, name, ref_offset, file = ctx.file] {
        check_foreign_key(ctx, tn, name, ref_offset, file);
      });
    }
  }
}

namespace {

bool same_index(const ir::Index& a, const ir::Index& b) {
  return a.unique == b.unique && a.method == b.method && a.elements == b.elements && a.include == b.include &&
         a.where == b.where;
}

}  // namespace

void clone_constraint_to_child(Context& ctx, ir::Table& child, const ir::Constraint& pcon, bool is_partition) {
  const ir::QualifiedName& child_name = child.name;
  if (pcon.kind == ir::ConstraintKind::Check) {
    if (pcon.no_inherit) return;
    auto it = child.constraints.find(pcon.name);
    if (it != child.constraints.end()) return;
    ir::Constraint c = pcon;
    c.is_local = false;
    c.comment.reset();
    child.constraints.emplace(c.name, std::move(c));
    ctx.claim_constraint(child_name.schema, pcon.name);
    return;
  }
  if (!is_partition) return;
  if (pcon.kind == ir::ConstraintKind::ForeignKey) {
    if (child.constraints.count(pcon.name)) return;
    ir::Constraint c = pcon;
    c.is_local = false;
    c.comment.reset();
    child.constraints.emplace(c.name, std::move(c));
    return;
  }
  for (const auto& [n, existing] : child.constraints)
    if (existing.kind == pcon.kind && existing.columns == pcon.columns) return;  // attached by the dump
  ir::Constraint c = pcon;
  c.comment.reset();
  c.is_local = false;  // the partition's index is attached to the parent's
  std::vector<std::string> cols = c.columns;
  cols.insert(cols.end(), c.include.begin(), c.include.end());
  std::string label = c.kind == ir::ConstraintKind::PrimaryKey ? "pkey" : c.kind == ir::ConstraintKind::Exclude ? "excl" : "key";
  std::string addition =
      c.kind == ir::ConstraintKind::PrimaryKey ? std::string() : naming::name_addition(naming::index_column_names(cols));
  c.name = naming::choose_name(child_name.name, addition, label, [&](const std::string& n) {
    return ctx.relation_taken(child_name.schema, n) || ctx.constraint_taken(child_name.schema, n);
  });
  ctx.claim_relation(child_name.schema, c.name);
  ctx.claim_constraint(child_name.schema, c.name);
  if (c.kind == ir::ConstraintKind::PrimaryKey) {
    for (auto& col : child.columns)
      if (std::find(c.columns.begin(), c.columns.end(), col.name) != c.columns.end()) col.not_null = true;
  }
  child.constraints.emplace(c.name, std::move(c));
}

void clone_index_to_partition(Context& ctx, const ir::QualifiedName& child_name, const ir::Index& index) {
  for (const auto& [n, existing] : ctx.catalog.indexes)
    if (existing.table == child_name && same_index(existing, index)) return;  // attached by the dump
  ir::Index copy = index;
  copy.table = child_name;
  copy.comment.reset();
  std::vector<std::string> cols;
  for (const auto& e : index.elements) cols.push_back(e.column ? *e.column : "expr");
  cols.insert(cols.end(), index.include.begin(), index.include.end());
  copy.name = {child_name.schema,
               naming::choose_name(child_name.name, naming::name_addition(naming::index_column_names(cols)), "idx",
                                   [&](const std::string& n) { return ctx.relation_taken(child_name.schema, n); })};
  ctx.claim_relation(copy.name.schema, copy.name.name);
  ctx.catalog.indexes.emplace(copy.name, std::move(copy));
}

void propagate_constraint(Context& ctx, const ir::Table& parent, const std::string& name) {
  auto it = parent.constraints.find(name);
  if (it == parent.constraints.end()) return;
  ir::Constraint con = it->second;
  for (auto& [tn, t] : ctx.catalog.tables) {
    bool partition = t.partition_of && *t.partition_of == parent.name;
    bool inherits = std::find(t.inherits.begin(), t.inherits.end(), parent.name) != t.inherits.end();
    if (partition || inherits) clone_constraint_to_child(ctx, t, con, partition);
  }
}

void propagate_index(Context& ctx, const ir::Index& index) {
  std::vector<ir::QualifiedName> children;
  for (const auto& [tn, t] : ctx.catalog.tables)
    if (t.partition_of && *t.partition_of == index.table) children.push_back(tn);
  for (const auto& c : children) clone_index_to_partition(ctx, c, index);
}

void inherit_from_parents(Context& ctx, const ir::QualifiedName& child_name,
                          const std::vector<std::pair<ir::QualifiedName, int>>& parents, bool is_partition,
                          const SourceFile* file) {
  ir::Table* child = ctx.find_table(child_name);
  if (!child) return;
  std::vector<ir::Column> merged;
  std::vector<const ir::Table*> found;
  for (const auto& [parent_name, offset] : parents) {
    ir::Table* parent = ctx.find_table(parent_name);
    if (!parent) {
      ctx.diags.add(diag::kUnknownTable, file, offset, 1, "parent table {} does not exist", quote_qualified(parent_name));
      continue;
    }
    found.push_back(parent);
    for (const auto& pc : parent->columns) {
      if (std::any_of(merged.begin(), merged.end(), [&](const ir::Column& c) { return c.name == pc.name; })) continue;
      ir::Column c = pc;
      c.is_local = false;
      c.identity.reset();
      c.comment.reset();
      c.acl.clear();
      c.renamed_from.value.reset();
      merged.push_back(std::move(c));
    }
  }
  for (auto& own : child->columns) {
    auto it = std::find_if(merged.begin(), merged.end(), [&](const ir::Column& c) { return c.name == own.name; });
    if (it == merged.end()) {
      merged.push_back(std::move(own));
      continue;
    }
    // A column declared in the child and a parent: local, with the child's additions.
    bool not_null = it->not_null || own.not_null;
    auto parent_default = it->default_expr;
    std::string type = it->type;
    bool was_local = own.is_local;
    *it = std::move(own);
    it->is_local = !is_partition && was_local;
    if (is_partition) it->type = type;
    it->not_null = not_null;
    if (!it->default_expr) it->default_expr = parent_default;
  }
  child->columns = std::move(merged);
  for (const ir::Table* parent : found) {
    std::vector<ir::Constraint> cons;
    for (const auto& [n, c] : parent->constraints) cons.push_back(c);
    for (const auto& c : cons) clone_constraint_to_child(ctx, *child, c, is_partition);
    if (is_partition) {
      std::vector<ir::Index> indexes;
      for (const auto& [n, index] : ctx.catalog.indexes)
        if (index.table == parent->name) indexes.push_back(index);
      for (const auto& index : indexes) clone_index_to_partition(ctx, child_name, index);
    }
  }
  for (const auto& [n, c] : child->constraints) {
    if (c.kind != ir::ConstraintKind::PrimaryKey) continue;
    for (auto& tc : child->columns)
      if (std::find(c.columns.begin(), c.columns.end(), tc.name) != c.columns.end()) tc.not_null = true;
  }
}

}  // namespace schemactl::lower
