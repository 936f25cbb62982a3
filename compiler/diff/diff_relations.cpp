// Indexes, views and functions, and the dependents (views, triggers, policies) that must be
// dropped and recreated around a change to something they depend on.
#include <deque>

#include "compiler/diff/differ.hpp"
#include "compiler/quote.hpp"

namespace schemactl::diff::detail {
namespace {

std::string index_target(const ir::Index& i) { return "INDEX " + quote_qualified(i.name); }

// The index as it would be named in `to` when its table was renamed.
ir::Index in_to_terms(const Differ& d, ir::Index index) {
  for (const auto& [to_name, from_name] : d.table_renamed_from)
    if (index.table == from_name) index.table = to_name;
  return index;
}

bool same_index_definition(ir::Index a, ir::Index b) {
  a.name = b.name;
  a.comment = b.comment;
  return a == b;
}

void create_index(Differ& d, const ir::Index& index) {
  ir::Index base = index;
  base.comment.reset();
  d.add(CreateIndex{base});
  diff_comment(d, {ir::ObjectKind::Index, index.name, {}}, index_target(index), std::nullopt, index.comment);
}

void create_view(Differ& d, const ir::View& view) {
  ir::View base = view;
  base.comment.reset();
  base.column_comments.clear();
  base.acl.clear();
  base.triggers.clear();
  base.column_defaults.clear();
  d.add(CreateView{base});
  create_view_members(d, view);
  ir::ObjectId oid{view.materialized ? ir::ObjectKind::MaterializedView : ir::ObjectKind::View, view.name, {}};
  diff_comment(d, oid, view_target(view), std::nullopt, view.comment);
  for (const auto& [column, comment] : view.column_comments)
    diff_comment(d, oid, "COLUMN " + quote_qualified(view.name) + "." + quote_ident(column), std::nullopt, comment);
  diff_acl(d, oid, "TABLE " + quote_qualified(view.name), "", {}, view.acl);
}

void view_attributes(Differ& d, const ir::View* from, const ir::View& to) {
  ir::ObjectId oid{to.materialized ? ir::ObjectKind::MaterializedView : ir::ObjectKind::View, to.name, {}};
  diff_comment(d, oid, view_target(to), from ? from->comment : std::nullopt, to.comment);
  std::map<std::string, std::string> none;
  const auto& old_comments = from ? from->column_comments : none;
  for (const auto& [column, comment] : old_comments)
    if (!to.column_comments.count(column))
      diff_comment(d, oid, "COLUMN " + quote_qualified(to.name) + "." + quote_ident(column), comment, std::nullopt);
  for (const auto& [column, comment] : to.column_comments) {
    auto it = old_comments.find(column);
    diff_comment(d, oid, "COLUMN " + quote_qualified(to.name) + "." + quote_ident(column),
                 it == old_comments.end() ? std::nullopt : std::optional(it->second), comment);
  }
  diff_acl(d, oid, "TABLE " + quote_qualified(to.name), "", from ? from->acl : ir::Acl{}, to.acl);
  if (from) diff_owner(d, oid, view_target(to), from->owner, to.owner);
}

bool view_definition_equal(ir::View a, ir::View b) {
  a.comment = b.comment;
  a.column_comments = b.column_comments;
  a.acl = b.acl;
  a.owner = b.owner;
  a.triggers = b.triggers;  // kept by CREATE OR REPLACE, compared on their own
  a.column_defaults = b.column_defaults;
  return a == b;
}

// CREATE OR REPLACE VIEW keeps the existing columns (names, order) and may only append.
bool replaceable(const ir::View& from, const ir::View& to) {
  if (from.materialized || to.materialized || to.columns.size() < from.columns.size()) return false;
  for (size_t i = 0; i < from.columns.size(); ++i)
    if (from.columns[i] != to.columns[i]) return false;
  return true;
}

void create_function(Differ& d, const ir::Function& f) {
  ir::Function base = f;
  base.comment.reset();
  base.acl.clear();
  d.add(CreateFunction{base});
  ir::ObjectId oid = change_object(CreateFunction{f});
  diff_comment(d, oid, function_target(f), std::nullopt, f.comment);
  // A new function is executable by PUBLIC by default; the IR lists effective privileges.
  diff_acl(d, oid, function_target(f), "", {{"PUBLIC", "EXECUTE", false}}, f.acl);
}

bool function_definition_equal(ir::Function a, ir::Function b) {
  a.comment = b.comment;
  a.acl = b.acl;
  a.owner = b.owner;
  return a == b;
}

}  // namespace

void diff_indexes(Differ& d) {
  std::vector<const ir::Index*> dropped, added;
  for (const auto& [name, index] : d.from.indexes) {
    if (d.dropped_tables.count(index.table)) continue;  // goes with its table
    auto it = d.to.indexes.find(name);
    if (it == d.to.indexes.end()) { dropped.push_back(&index); continue; }
    ir::Index old = in_to_terms(d, index);
    if (!same_index_definition(old, it->second)) {
      d.add(DropIndex{old});
      create_index(d, it->second);
      continue;
    }
    diff_comment(d, {ir::ObjectKind::Index, name, {}}, index_target(it->second), old.comment, it->second.comment);
  }
  for (const auto& [name, index] : d.to.indexes)
    if (!d.from.indexes.count(name) || d.dropped_tables.count(d.from.indexes.at(name).table)) added.push_back(&index);
  for (auto& a : added) {
    if (d.created_tables.count(a->table)) continue;
    for (auto& r : dropped) {
      if (!r) continue;
      ir::Index old = in_to_terms(d, *r);
      if (old.name.schema == a->name.schema && same_index_definition(old, *a)) {
        d.add(RenameIndex{old.name, a->name});
        diff_comment(d, {ir::ObjectKind::Index, a->name, {}}, index_target(*a), old.comment, a->comment);
        r = nullptr;
        a = nullptr;
        break;
      }
    }
  }
  for (const auto* r : dropped)
    if (r) d.add(DropIndex{in_to_terms(d, *r)});
  for (const auto* a : added)
    if (a) create_index(d, *a);
}

void diff_views(Differ& d) {
  for (const auto& [name, view] : d.from.views)
    if (!d.to.views.count(name)) d.add(DropView{view});
  for (const auto& [name, view] : d.to.views) {
    auto it = d.from.views.find(name);
    if (it == d.from.views.end()) { create_view(d, view); continue; }
    const ir::View& old = it->second;
    if (view_definition_equal(old, view)) {
      view_attributes(d, &old, view);
      diff_view_members(d, old, view);
    } else if (replaceable(old, view)) {
      d.add(ReplaceView{old, view});
      view_attributes(d, &old, view);
      diff_view_members(d, old, view);
    } else {
      d.add(DropView{old});
      create_view(d, view);
    }
  }
}

void diff_functions(Differ& d) {
  for (const auto& [sig, f] : d.from.functions)
    if (!d.to.functions.count(sig)) d.add(DropFunction{f});
  for (const auto& [sig, f] : d.to.functions) {
    auto it = d.from.functions.find(sig);
    if (it == d.from.functions.end()) { create_function(d, f); continue; }
    const ir::Function& old = it->second;
    ir::ObjectId oid = change_object(CreateFunction{f});
    if (!function_definition_equal(old, f)) {
      if (old.returns == f.returns && old.arguments == f.arguments && old.is_procedure == f.is_procedure) {
        d.add(ReplaceFunction{old, f});
      } else {
        d.add(DropFunction{old});
        create_function(d, f);
        continue;
      }
    }
    diff_comment(d, oid, function_target(f), old.comment, f.comment);
    diff_acl(d, oid, function_target(f), "", old.acl, f.acl);
    diff_owner(d, oid, function_target(f), old.owner, f.owner);
  }
}

void recreate_dependents(Differ& d) {
  // What the changes so far invalidate, and what they already drop.
  std::deque<ir::ObjectId> invalid;
  std::set<ir::ObjectId> dropped;
  std::set<ir::ObjectId> created;
  std::set<ir::ObjectId> recreated;
  for (const auto& change : d.changes) {
    std::visit(
        [&](const auto& c) {
          using T = std::decay_t<decltype(c)>;
          if constexpr (std::is_same_v<T, AlterColumnType> || std::is_same_v<T, DropColumn>) {
            invalid.push_back(change_object(change));
          } else if constexpr (std::is_same_v<T, RecreateEnum>) {
            invalid.push_back({ir::ObjectKind::Enum, c.from.name, {}});
            // Its columns are retyped too: a view that reads one (not the type itself) is in
            // the way of ALTER COLUMN ... TYPE as well.
            std::string type = quote_qualified(c.from.name);
            for (const auto& [name, t] : d.from.tables)
              for (const auto& col : t.columns)
                if (col.type == type || col.type == type + "[]")
                  invalid.push_back({ir::ObjectKind::Column, name, col.name});
          } else if constexpr (std::is_same_v<T, DropView> || std::is_same_v<T, DropFunction> ||
                               std::is_same_v<T, DropAggregate> ||
                               std::is_same_v<T, DropDomain> || std::is_same_v<T, DropCompositeType> ||
                               std::is_same_v<T, DropTable> || std::is_same_v<T, DropTrigger> ||
                               std::is_same_v<T, DropPolicy>) {
            dropped.insert(change_object(change));
            invalid.push_back(change_object(change));
          } else if constexpr (std::is_same_v<T, CreateView> || std::is_same_v<T, CreateAggregate> ||
                               std::is_same_v<T, CreateTrigger> ||
                               std::is_same_v<T, CreatePolicy>) {
            created.insert(change_object(change));
          }
        },
        change);
  }
  std::multimap<ir::ObjectId, ir::ObjectId> dependents;  // depended-on -> dependent
  for (const auto& dep : d.from.dependencies.value) {
    dependents.emplace(dep.to, dep.from);
    // A dependency on a column is also one on its table, for invalidations of whole tables.
    if (dep.to.kind == ir::ObjectKind::Column) {
      dependents.emplace(ir::ObjectId{ir::ObjectKind::Table, dep.to.name, {}}, dep.from);
      // A column of a view stands for the view.
      if (auto v = d.from.views.find(dep.to.name); v != d.from.views.end())
        dependents.emplace(
            ir::ObjectId{v->second.materialized ? ir::ObjectKind::MaterializedView : ir::ObjectKind::View, dep.to.name, {}},
            dep.from);
    }
  }
  while (!invalid.empty()) {
    ir::ObjectId id = invalid.front();
    invalid.pop_front();
    auto [lo, hi] = dependents.equal_range(id);
    for (auto it = lo; it != hi; ++it) {
      const ir::ObjectId& dep = it->second;
      if (dropped.count(dep)) continue;
      // Triggers and policies only stand in the way of a change to a column they name, or of
      // dropping what they are attached to or call.
      if ((dep.kind == ir::ObjectKind::Trigger || dep.kind == ir::ObjectKind::Policy) &&
          id.kind == ir::ObjectKind::Table && dep.name == id.name)
        continue;
      if (dep.kind == ir::ObjectKind::View || dep.kind == ir::ObjectKind::MaterializedView) {
        auto from_view = d.from.views.find(dep.name);
        auto to_view = d.to.views.find(dep.name);
        if (from_view == d.from.views.end()) continue;
        d.add(DropView{from_view->second});
        if (to_view != d.to.views.end() && !created.count(dep)) {
          forget_view_members(d, dep.name);
          create_view(d, to_view->second);
        }
      } else if (auto on_view = d.from.views.find(dep.name);
                 dep.kind == ir::ObjectKind::Trigger && on_view != d.from.views.end()) {
        // A view's trigger: goes and comes back with the view when the view is recreated.
        ir::ObjectId view_id{on_view->second.materialized ? ir::ObjectKind::MaterializedView : ir::ObjectKind::View,
                             dep.name, {}};
        if (dropped.count(view_id)) continue;
        auto old = on_view->second.triggers.find(dep.sub);
        if (old == on_view->second.triggers.end()) continue;
        d.add(DropTrigger{dep.name, old->second});
        auto to_view = d.to.views.find(dep.name);
        if (to_view != d.to.views.end() && !created.count(dep))
          if (auto now = to_view->second.triggers.find(dep.sub); now != to_view->second.triggers.end())
            create_trigger(d, dep.name, now->second);  // with its comment
      } else if (dep.kind == ir::ObjectKind::Aggregate) {
        // An aggregate over a support function that is dropped and created again.
        std::string signature = dep.name.schema + "." + dep.name.name + dep.sub;
        auto from_aggregate = d.from.aggregates.find(signature);
        if (from_aggregate == d.from.aggregates.end()) continue;
        d.add(DropAggregate{from_aggregate->second});
        if (auto to_aggregate = d.to.aggregates.find(signature); to_aggregate != d.to.aggregates.end() && !created.count(dep))
          create_aggregate(d, to_aggregate->second);
      } else if (dep.kind == ir::ObjectKind::Trigger || dep.kind == ir::ObjectKind::Policy) {
        auto from_table = d.from.tables.find(dep.name);
        if (from_table == d.from.tables.end() || d.dropped_tables.count(dep.name)) continue;
        const ir::Table* to_table = nullptr;
        for (const auto& [n, t] : d.to.tables)
          if (d.from_table_for(n) == &from_table->second) to_table = &t;
        if (!to_table) continue;
        if (dep.kind == ir::ObjectKind::Trigger) {
          auto old = from_table->second.triggers.find(dep.sub);
          if (old == from_table->second.triggers.end()) continue;
          d.add(DropTrigger{to_table->name, old->second});
          auto now = to_table->triggers.find(dep.sub);
          if (now != to_table->triggers.end() && !created.count(dep)) create_trigger(d, to_table->name, now->second);
        } else {
          auto old = from_table->second.policies.find(dep.sub);
          if (old == from_table->second.policies.end()) continue;
          d.add(DropPolicy{to_table->name, old->second});
          auto now = to_table->policies.find(dep.sub);
          if (now != to_table->policies.end() && !created.count(dep)) create_policy(d, to_table->name, now->second);
        }
      } else {
        continue;
      }
      dropped.insert(dep);
      recreated.insert(dep);
      invalid.push_back(dep);
    }
  }
  // A view or aggregate recreated around a change needs no CREATE OR REPLACE of its own.
  std::erase_if(d.changes, [&](const Change& c) {
    return (std::holds_alternative<ReplaceView>(c) || std::holds_alternative<ReplaceAggregate>(c)) &&
           recreated.count(change_object(c));
  });
}

}  // namespace schemactl::diff::detail
