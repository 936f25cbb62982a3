// What a view carries besides its query: INSTEAD OF triggers and column defaults. Both go with
// the view when it is dropped, so a recreated view gets them back from `to`.
#include "compiler/diff/differ.hpp"

namespace schemactl::diff::detail {
void create_view_members(Differ& d, const ir::View& view) {
  for (const auto& [column, expr] : view.column_defaults) d.add(SetDefault{view.name, column, std::nullopt, expr});
  for (const auto& [name, trigger] : view.triggers) create_trigger(d, view.name, trigger);
}

void diff_view_members(Differ& d, const ir::View& from, const ir::View& to) {
  // The planner keeps a view's member steps in this order: removed triggers first.
  for (const auto& [name, trigger] : from.triggers)
    if (!to.triggers.count(name)) d.add(DropTrigger{to.name, trigger});
  for (const auto& [column, expr] : from.column_defaults)
    if (!to.column_defaults.count(column)) d.add(SetDefault{to.name, column, expr, std::nullopt});
  for (const auto& [column, expr] : to.column_defaults) {
    auto old = from.column_defaults.find(column);
    if (old == from.column_defaults.end()) d.add(SetDefault{to.name, column, std::nullopt, expr});
    else if (!(old->second == expr)) d.add(SetDefault{to.name, column, old->second, expr});
  }
  for (const auto& [name, trigger] : to.triggers) {
    auto old = from.triggers.find(name);
    if (old == from.triggers.end()) {
      create_trigger(d, to.name, trigger);
      continue;
    }
    ir::Trigger same = old->second;
    same.comment = trigger.comment;
    if (!(same == trigger)) {
      d.add(DropTrigger{to.name, old->second});
      create_trigger(d, to.name, trigger);
      continue;
    }
    diff_comment(d, {ir::ObjectKind::Trigger, to.name, name}, trigger_target(to.name, name), old->second.comment,
                 trigger.comment);
  }
}

void forget_view_members(Differ& d, const QualifiedName& view) {
  std::erase_if(d.changes, [&](const Change& c) {
    if (const auto* t = std::get_if<CreateTrigger>(&c)) return t->table == view;
    if (const auto* s = std::get_if<SetDefault>(&c)) return s->table == view && !d.from.tables.count(view);
    if (const auto* s = std::get_if<SetComment>(&c))
      return s->object.kind == ir::ObjectKind::Trigger && s->object.name == view && !d.from.tables.count(view);
    return false;
  });
}

}  // namespace schemactl::diff::detail
