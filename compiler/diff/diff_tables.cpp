// Tables: renames (only from renamed_from annotations), creation and dropping, and for tables on
// both sides their columns, constraints, triggers, policies and table-level attributes.
#include <algorithm>

#include "compiler/diff/differ.hpp"
#include "compiler/quote.hpp"

namespace schemactl::diff::detail {
namespace {

ir::ObjectId table_id(const QualifiedName& name) { return {ir::ObjectKind::Table, name, {}}; }
ir::ObjectId column_id(const QualifiedName& table, const std::string& column) {
  return {ir::ObjectKind::Column, table, column};
}
std::string column_target(const QualifiedName& table, const std::string& column) {
  return "COLUMN " + quote_qualified(table) + "." + quote_ident(column);
}
std::string constraint_target(const QualifiedName& table, const std::string& name) {
  return "CONSTRAINT " + quote_ident(name) + " ON " + quote_qualified(table);
}

// Two constraints with the same definition (only the name and the comment may differ).
bool same_definition(ir::Constraint a, ir::Constraint b) {
  a.name = b.name;
  a.comment = b.comment;
  return a == b;
}

// The table as CREATE TABLE creates it: no foreign keys (added after all tables, so cycles
// never matter), and none of the attributes that need their own statements.
ir::Table creatable(const ir::Table& table) {
  ir::Table t = table;
  for (auto it = t.constraints.begin(); it != t.constraints.end();) {
    if (it->second.kind == ir::ConstraintKind::ForeignKey || it->second.not_valid) it = t.constraints.erase(it);
    else { it->second.comment.reset(); ++it; }
  }
  for (auto& c : t.columns) { c.comment.reset(); c.acl.clear(); }
  t.triggers.clear();
  t.policies.clear();
  t.rls_enabled = t.rls_forced = false;
  t.replica_identity = 'd';
  t.replica_identity_index.reset();
  t.comment.reset();
  t.acl.clear();
  return t;
}

void add_constraint_attributes(Differ& d, const QualifiedName& table, const ir::Constraint* from,
                               const ir::Constraint& to) {
  diff_comment(d, {ir::ObjectKind::Constraint, table, to.name}, constraint_target(table, to.name),
               from ? from->comment : std::nullopt, to.comment);
}

void create_table(Differ& d, const ir::Table& table) {
  ir::Table base = creatable(table);
  // Serial columns create their own sequence: written as `serial`, one statement for both.
  for (auto& column : base.columns) make_serial(d, table, column);
  std::vector<ir::Table> parents;
  auto parent = [&](const QualifiedName& name) {
    if (auto it = d.to.tables.find(name); it != d.to.tables.end()) parents.push_back(it->second);
  };
  if (table.partition_of) parent(*table.partition_of);
  for (const auto& p : table.inherits) parent(p);
  d.add(CreateTable{base, parents});
  for (const auto& [name, c] : table.constraints) {
    if (!c.is_local) continue;  // inherited from a parent: comes with it
    if (c.kind == ir::ConstraintKind::ForeignKey || c.not_valid) d.add(AddConstraint{table.name, c});
    add_constraint_attributes(d, table.name, nullptr, c);
  }
  if (base.rls_enabled != table.rls_enabled || base.rls_forced != table.rls_forced ||
      base.replica_identity != table.replica_identity)
    d.add(AlterTable{base, table});
  for (const auto& [name, p] : table.policies) create_policy(d, table.name, p);
  for (const auto& [name, t] : table.triggers) create_trigger(d, table.name, t);
  diff_comment(d, table_id(table.name), table_target(table), std::nullopt, table.comment);
  diff_acl(d, table_id(table.name), table_target(table), "", {}, table.acl);
  for (const auto& c : table.columns) {
    diff_comment(d, column_id(table.name, c.name), column_target(table.name, c.name), std::nullopt, c.comment);
    diff_acl(d, column_id(table.name, c.name), table_target(table), c.name, {}, c.acl);
  }
}

void drop_table(Differ& d, const ir::Table& table) {
  // Partitions go with their partitioned parent.
  if (table.partition_of && d.dropped_tables.count(*table.partition_of)) return;
  // Foreign keys to other tables are dropped first, so that tables referencing each other
  // can be dropped in any order.
  for (const auto& [name, c] : table.constraints)
    if (c.is_local && c.kind == ir::ConstraintKind::ForeignKey && c.foreign_key->ref_table != table.name)
      d.add(DropConstraint{table.name, c});
  d.add(DropTable{table});
}

void add_column(Differ& d, const QualifiedName& table, const ir::Column& column) {
  ir::Column c = column;
  c.comment.reset();
  c.acl.clear();
  if (auto it = d.to.tables.find(table); it != d.to.tables.end()) make_serial(d, it->second, c);
  d.add(AddColumn{table, c});
  diff_comment(d, column_id(table, c.name), column_target(table, c.name), std::nullopt, column.comment);
  diff_acl(d, column_id(table, c.name), "TABLE " + quote_qualified(table), c.name, {}, column.acl);
}

// An inherited-only column (not is_local) goes with its parent's column when that is dropped
// (PostgreSQL recurses DROP COLUMN into children that do not define the column themselves).
bool dropped_with_parent_column(const Differ& d, const ir::Table& from, const ir::Table& to, const ir::Column& column) {
  if (column.is_local) return false;
  bool dropped = false;
  for (const auto& parent : from.inherits) {
    auto old_parent = d.from.tables.find(parent);
    if (old_parent == d.from.tables.end() || !old_parent->second.find_column(column.name)) continue;
    bool still_parent = std::find(to.inherits.begin(), to.inherits.end(), parent) != to.inherits.end();
    auto new_parent = d.to.tables.find(parent);
    if (!still_parent) return false;  // NO INHERIT keeps the column as the child's own
    if (new_parent == d.to.tables.end()) return false;
    if (new_parent->second.find_column(column.name)) return false;  // still inherited from there
    dropped = true;
  }
  return dropped;
}

void diff_column(Differ& d, const QualifiedName& table, const ir::Column& from, const ir::Column& to) {
  // A generation expression can only be dropped (PostgreSQL 15); any other change of it
  // recreates the column.
  bool regenerate = to.generated && (!from.generated || !(*from.generated == *to.generated));
  if (regenerate) {
    d.add(DropColumn{table, from});
    add_column(d, table, to);
    return;
  }
  if (from.generated && !to.generated) {
    ir::Column plain = from;
    plain.generated.reset();
    d.add(DropExpression{table, from, plain});
  }
  if (from.identity && !to.identity) d.add(AlterIdentity{table, to.name, from.identity, std::nullopt});

  bool retype = from.type != to.type || from.collation != to.collation;
  bool default_changed = !(from.default_expr == to.default_expr) || (retype && from.default_expr);
  if (!retype && d.recreated_type_columns.count({table, to.name})) default_changed = false;
  // A default that cannot be cast to the new type would fail the ALTER TYPE: drop it first and
  // set the new one afterwards.
  if (default_changed && from.default_expr) d.add(SetDefault{table, to.name, from.default_expr, std::nullopt});
  if (retype) d.add(AlterColumnType{table, from, to});
  if (default_changed && to.default_expr) d.add(SetDefault{table, to.name, std::nullopt, to.default_expr});

  if (!from.not_null && to.not_null) d.add(SetNotNull{table, to});
  if (to.identity && !from.identity) d.add(AlterIdentity{table, to.name, std::nullopt, to.identity});
  if (to.identity && from.identity && !(*to.identity == *from.identity))
    d.add(AlterIdentity{table, to.name, from.identity, to.identity});
  if (from.not_null && !to.not_null) d.add(DropNotNull{table, from});
  if (from.storage != to.storage || from.statistics != to.statistics)
    d.add(AlterColumnStorage{table, from, to});
  diff_comment(d, column_id(table, to.name), column_target(table, to.name), from.comment, to.comment);
  diff_acl(d, column_id(table, to.name), "TABLE " + quote_qualified(table), to.name, from.acl, to.acl);
}

void diff_columns(Differ& d, const ir::Table& from, const ir::Table& to) {
  std::map<std::string, const ir::Column*> source;  // name in `from` for each column of `to`
  std::set<std::string> renamed_sources;
  for (const auto& c : to.columns) {
    if (from.find_column(c.name)) { source[c.name] = from.find_column(c.name); continue; }
    const auto& rf = c.renamed_from.value;
    if (rf && from.find_column(*rf) && !to.find_column(*rf)) {
      d.add(RenameColumn{to.name, *rf, c.name});
      source[c.name] = from.find_column(*rf);
      renamed_sources.insert(*rf);
    }
  }
  for (const auto& c : from.columns)
    if (!to.find_column(c.name) && !renamed_sources.count(c.name) && c.is_local)
      d.add(DropColumn{to.name, c});
  for (const auto& c : to.columns) {
    auto it = source.find(c.name);
    if (it == source.end()) {
      if (c.is_local) add_column(d, to.name, c);
      continue;
    }
    if (c.is_local && dropped_with_parent_column(d, from, to, *it->second)) {
      add_column(d, to.name, c);  // after the parent's DROP COLUMN, which takes this one along
      continue;
    }
    ir::Column old = *it->second;
    old.name = c.name;
    diff_column(d, to.name, old, c);
  }
}

void diff_constraints(Differ& d, const ir::Table& from, const ir::Table& to) {
  std::vector<const ir::Constraint*> dropped, added;
  for (const auto& [name, c] : from.constraints) {
    if (!c.is_local) continue;  // inherited constraints follow their parent's
    auto it = to.constraints.find(name);
    if (it == to.constraints.end()) { dropped.push_back(&c); continue; }
    const ir::Constraint& n = it->second;
    ir::Constraint validated = c;
    validated.not_valid = n.not_valid;
    if (same_definition(c, n)) {
      add_constraint_attributes(d, to.name, &c, n);
    } else if (same_definition(validated, n) && c.not_valid && !n.not_valid) {
      d.add(ValidateConstraint{to.name, c, n});
      add_constraint_attributes(d, to.name, &c, n);
    } else {
      d.add(DropConstraint{to.name, c});
      d.add(AddConstraint{to.name, n});
      add_constraint_attributes(d, to.name, nullptr, n);
    }
  }
  for (const auto& [name, c] : to.constraints)
    if (c.is_local && (!from.constraints.count(name) || !from.constraints.at(name).is_local)) added.push_back(&c);
  // A constraint whose definition is unchanged but whose name is: a rename.
  for (auto& a : added) {
    for (auto& r : dropped) {
      if (r && a && same_definition(*r, *a)) {
        d.add(RenameConstraint{to.name, r->name, a->name});
        add_constraint_attributes(d, to.name, r, *a);
        r = nullptr;
        a = nullptr;
        break;
      }
    }
  }
  for (const auto* r : dropped) {
    if (!r) continue;
    // Constraints on a single dropped column go with the column.
    d.add(DropConstraint{to.name, *r});
  }
  for (const auto* a : added) {
    if (!a) continue;
    d.add(AddConstraint{to.name, *a});
    add_constraint_attributes(d, to.name, nullptr, *a);
  }
}

void diff_triggers(Differ& d, const ir::Table& from, const ir::Table& to) {
  for (const auto& [name, t] : from.triggers)
    if (!to.triggers.count(name)) d.add(DropTrigger{to.name, t});
  for (const auto& [name, t] : to.triggers) {
    auto it = from.triggers.find(name);
    if (it == from.triggers.end()) { create_trigger(d, to.name, t); continue; }
    ir::Trigger same = it->second;
    same.enabled = t.enabled;
    same.comment = t.comment;
    if (!(same == t)) {
      d.add(DropTrigger{to.name, it->second});
      create_trigger(d, to.name, t);
      continue;
    }
    if (it->second.enabled != t.enabled) d.add(SetTriggerEnabled{to.name, name, it->second.enabled, t.enabled});
    diff_comment(d, {ir::ObjectKind::Trigger, to.name, name}, trigger_target(to.name, name), it->second.comment,
                 t.comment);
  }
}

void diff_policies(Differ& d, const ir::Table& from, const ir::Table& to) {
  for (const auto& [name, p] : from.policies)
    if (!to.policies.count(name)) d.add(DropPolicy{to.name, p});
  for (const auto& [name, p] : to.policies) {
    auto it = from.policies.find(name);
    if (it == from.policies.end()) { create_policy(d, to.name, p); continue; }
    const ir::Policy& old = it->second;
    ir::Policy same = old;
    same.comment = p.comment;
    if (same == p) {
    } else if (old.command == p.command && old.permissive == p.permissive &&
               // ALTER POLICY cannot remove a USING or WITH CHECK expression
               (p.using_expr || !old.using_expr) && (p.check_expr || !old.check_expr)) {
      d.add(AlterPolicy{to.name, old, p});
    } else {
      d.add(DropPolicy{to.name, old});
      create_policy(d, to.name, p);
      continue;
    }
    diff_comment(d, {ir::ObjectKind::Policy, to.name, name},
                 "POLICY " + quote_ident(name) + " ON " + quote_qualified(to.name), old.comment, p.comment);
  }
}

bool needs_recreate(const ir::Table& from, const ir::Table& to) {
  return from.kind != to.kind || from.partition_by != to.partition_by || from.inherits != to.inherits ||
         from.access_method != to.access_method;
}

void diff_table(Differ& d, const ir::Table& from_named, const ir::Table& to) {
  ir::Table from = from_named;
  from.name = to.name;  // after a rename, everything is addressed by the new name
  if (needs_recreate(from, to)) {
    d.dropped_tables.insert(from_named.name);
    drop_table(d, from);
    d.created_tables.insert(to.name);
    create_table(d, to);
    return;
  }
  if (from.partition_of && (from.partition_of != to.partition_of || from.partition_bound != to.partition_bound))
    d.add(DetachPartition{*from.partition_of, to.name, from.partition_bound.value_or("")});
  diff_columns(d, from, to);
  diff_constraints(d, from, to);
  if (from.unlogged != to.unlogged || from.options != to.options || from.rls_enabled != to.rls_enabled ||
      from.rls_forced != to.rls_forced || from.replica_identity != to.replica_identity ||
      from.replica_identity_index != to.replica_identity_index || from.tablespace != to.tablespace)
    d.add(AlterTable{from, to});
  if (to.partition_of && (from.partition_of != to.partition_of || from.partition_bound != to.partition_bound))
    d.add(AttachPartition{*to.partition_of, to.name, to.partition_bound.value_or("")});
  diff_policies(d, from, to);
  diff_triggers(d, from, to);
  diff_comment(d, table_id(to.name), table_target(to), from.comment, to.comment);
  diff_acl(d, table_id(to.name), table_target(to), "", from.acl, to.acl);
  diff_owner(d, table_id(to.name), table_target(to), from.owner, to.owner);
}

}  // namespace

std::string trigger_target(const QualifiedName& relation, const std::string& name) {
  return "TRIGGER " + quote_ident(name) + " ON " + quote_qualified(relation);
}

void create_trigger(Differ& d, const QualifiedName& relation, const ir::Trigger& trigger) {
  ir::Trigger statement = trigger;
  statement.comment.reset();
  d.add(CreateTrigger{relation, statement});
  diff_comment(d, {ir::ObjectKind::Trigger, relation, trigger.name}, trigger_target(relation, trigger.name),
               std::nullopt, trigger.comment);
}

void create_policy(Differ& d, const QualifiedName& table, const ir::Policy& policy) {
  ir::Policy statement = policy;
  statement.comment.reset();
  d.add(CreatePolicy{table, statement});
  diff_comment(d, {ir::ObjectKind::Policy, table, policy.name},
               "POLICY " + quote_ident(policy.name) + " ON " + quote_qualified(table), std::nullopt, policy.comment);
}

void diff_tables(Differ& d) {
  for (const auto& [name, t] : d.to.tables) {
    if (d.from.tables.count(name) || !t.renamed_from.value) continue;
    QualifiedName source = *t.renamed_from.value;
    if (source.schema.empty()) source.schema = name.schema;
    if (d.from.tables.count(source) && !d.to.tables.count(source)) {
      d.table_renamed_from[name] = source;
      d.add(RenameTable{source, name});
    }
  }
  std::set<QualifiedName> rename_sources;
  for (const auto& [to_name, from_name] : d.table_renamed_from) rename_sources.insert(from_name);
  for (const auto& [name, t] : d.from.tables)
    if (!d.to.tables.count(name) && !rename_sources.count(name)) d.dropped_tables.insert(name);
  for (const auto& name : d.dropped_tables) drop_table(d, d.from.tables.at(name));
  for (const auto& [name, t] : d.to.tables) {
    if (const ir::Table* old = d.from_table_for(name)) {
      diff_table(d, *old, t);
    } else {
      d.created_tables.insert(name);
      create_table(d, t);
    }
  }
}

}  // namespace schemactl::diff::detail
