// make_plan(): renders each change into a step and orders the steps by dependencies.
#include <fmt/format.h>

#include <map>
#include <queue>

#include "compiler/plan.hpp"
#include "compiler/plan/dependencies.hpp"
#include "compiler/quote.hpp"

namespace schemactl::plan {
namespace {

using K = ir::ObjectKind;

enum class Action { Rename = 0, Drop = 1, Alter = 2, Create = 3 };

Action action_of(const diff::Change& change) {
  using namespace diff;
  return std::visit(
      [](const auto& c) {
        using T = std::decay_t<decltype(c)>;
        if constexpr (std::is_same_v<T, RenameTable> || std::is_same_v<T, RenameColumn> ||
                      std::is_same_v<T, RenameConstraint> || std::is_same_v<T, RenameIndex>)
          return Action::Rename;
        else if constexpr (std::is_same_v<T, DropSchema> || std::is_same_v<T, DropExtension> ||
                           std::is_same_v<T, DropCollation> || std::is_same_v<T, DropEnum> || std::is_same_v<T, DropDomain> ||
                           std::is_same_v<T, DropCompositeType> || std::is_same_v<T, DropSequence> ||
                           std::is_same_v<T, DropTable> || std::is_same_v<T, DropColumn> ||
                           std::is_same_v<T, DropConstraint> || std::is_same_v<T, DropIndex> ||
                           std::is_same_v<T, DropView> || std::is_same_v<T, DropFunction> ||
                           std::is_same_v<T, DropAggregate> ||
                           std::is_same_v<T, DropTrigger> || std::is_same_v<T, DropPolicy> ||
                           std::is_same_v<T, DetachPartition> || std::is_same_v<T, Revoke>)
          return Action::Drop;
        else if constexpr (std::is_same_v<T, CreateSchema> || std::is_same_v<T, CreateExtension> ||
                           std::is_same_v<T, CreateCollation> || std::is_same_v<T, CreateEnum> || std::is_same_v<T, CreateDomain> ||
                           std::is_same_v<T, CreateCompositeType> || std::is_same_v<T, CreateSequence> ||
                           std::is_same_v<T, CreateTable> || std::is_same_v<T, AddColumn> ||
                           std::is_same_v<T, AddConstraint> || std::is_same_v<T, CreateIndex> ||
                           std::is_same_v<T, CreateView> || std::is_same_v<T, CreateFunction> ||
                           std::is_same_v<T, CreateAggregate> ||
                           std::is_same_v<T, CreateTrigger> || std::is_same_v<T, CreatePolicy> ||
                           std::is_same_v<T, AttachPartition>)
          return Action::Create;
        else
          return Action::Alter;
      },
      change);
}

// Comments, grants and owners: nothing else waits for them.
bool attribute_only(const diff::Change& change) {
  return std::holds_alternative<diff::SetComment>(change) || std::holds_alternative<diff::Grant>(change) ||
         std::holds_alternative<diff::Revoke>(change) || std::holds_alternative<diff::SetOwner>(change) ||
         std::holds_alternative<diff::AlterTable>(change);
}

bool covers_children(const diff::Change& change) {
  // A view's triggers and column defaults go with DROP VIEW (and have no step then).
  return std::holds_alternative<diff::CreateTable>(change) || std::holds_alternative<diff::DropTable>(change) ||
         std::holds_alternative<diff::CreateView>(change) || std::holds_alternative<diff::DropView>(change);
}

ir::ObjectId normalized(ir::ObjectId id) {
  if (id.kind == K::Procedure) id.kind = K::Function;
  // Comments and grants on a constraint/column/... address the object itself.
  return id;
}

ir::SourceSpan span_of(const ir::Catalog& to, const ir::ObjectId& id) {
  auto table = to.tables.find(id.name);
  switch (id.kind) {
    case K::Schema: if (auto it = to.schemas.find(id.name.name); it != to.schemas.end()) return it->second.span.value; break;
    case K::Extension: if (auto it = to.extensions.find(id.name.name); it != to.extensions.end()) return it->second.span.value; break;
    case K::Enum: if (auto it = to.enums.find(id.name); it != to.enums.end()) return it->second.span.value; break;
    case K::Domain: if (auto it = to.domains.find(id.name); it != to.domains.end()) return it->second.span.value; break;
    case K::CompositeType: if (auto it = to.composite_types.find(id.name); it != to.composite_types.end()) return it->second.span.value; break;
    case K::Sequence: if (auto it = to.sequences.find(id.name); it != to.sequences.end()) return it->second.span.value; break;
    case K::Table: if (table != to.tables.end()) return table->second.span.value; break;
    case K::Column:
      if (table != to.tables.end())
        if (const auto* c = table->second.find_column(id.sub)) return c->span.value.known() ? c->span.value : table->second.span.value;
      break;
    case K::Constraint:
      if (table != to.tables.end()) {
        auto it = table->second.constraints.find(id.sub);
        if (it != table->second.constraints.end() && it->second.span.value.known()) return it->second.span.value;
        return table->second.span.value;
      }
      break;
    case K::Trigger:
      if (table != to.tables.end())
        if (auto it = table->second.triggers.find(id.sub); it != table->second.triggers.end()) return it->second.span.value;
      if (auto v = to.views.find(id.name); v != to.views.end())  // INSTEAD OF triggers on views
        if (auto it = v->second.triggers.find(id.sub); it != v->second.triggers.end()) return it->second.span.value;
      break;
    case K::Policy:
      if (table != to.tables.end())
        if (auto it = table->second.policies.find(id.sub); it != table->second.policies.end()) return it->second.span.value;
      break;
    case K::Index: if (auto it = to.indexes.find(id.name); it != to.indexes.end()) return it->second.span.value; break;
    case K::Collation: if (auto it = to.collations.find(id.name); it != to.collations.end()) return it->second.span.value; break;
    case K::View:
    case K::MaterializedView: if (auto it = to.views.find(id.name); it != to.views.end()) return it->second.span.value; break;
    case K::Function:
    case K::Procedure: {
      auto it = to.functions.find(id.name.schema + "." + id.name.name + id.sub);
      if (it != to.functions.end()) return it->second.span.value;
      break;
    }
    case K::Aggregate: {
      auto it = to.aggregates.find(id.name.schema + "." + id.name.name + id.sub);
      if (it != to.aggregates.end()) return it->second.span.value;
      break;
    }
  }
  return {};
}

// The steps whose object is `id`, or that create/drop the table `id` belongs to.
class StepIndex {
 public:
  StepIndex(const std::vector<Step>& steps, const ir::Catalog& from, const ir::Catalog& to) {
    for (size_t i = 0; i < steps.size(); ++i) {
      exact_[normalized(steps[i].object)].push_back(i);
      if (covers_children(steps[i].change)) tables_[steps[i].object.name].push_back(i);
    }
    for (const ir::Catalog* catalog : {&from, &to})
      for (const auto& [name, index] : catalog->indexes) index_tables_.emplace(name, index.table);
  }
  std::vector<size_t> find(const ir::ObjectId& raw) const {
    ir::ObjectId id = normalized(raw);
    std::vector<size_t> out;
    if (auto it = exact_.find(id); it != exact_.end()) out = it->second;
    if (id.kind == K::Column || id.kind == K::Constraint || id.kind == K::Trigger || id.kind == K::Policy) {
      if (out.empty())
        if (auto it = tables_.find(id.name); it != tables_.end()) out = it->second;
    }
    // An index dropped with its table has no step of its own: the table's carries its
    // dependencies (a function its WHERE or expressions call).
    if (id.kind == K::Index && out.empty())
      if (auto table = index_tables_.find(id.name); table != index_tables_.end())
        if (auto it = tables_.find(table->second); it != tables_.end()) out = it->second;
    return out;
  }

 private:
  std::map<ir::ObjectId, std::vector<size_t>> exact_;
  std::map<ir::QualifiedName, std::vector<size_t>> tables_;
  std::map<ir::QualifiedName, ir::QualifiedName> index_tables_;  // index -> its table
};

// Kahn's algorithm, always taking the available step with the smallest (action, index): a
// stable topological sort that keeps renames, drops, alterations and creations in that order
// wherever dependencies allow.
std::vector<size_t> order(const std::vector<Step>& steps, const std::vector<Action>& actions,
                          const std::vector<std::set<size_t>>& after) {
  size_t n = steps.size();
  std::vector<int> indegree(n, 0);
  for (size_t i = 0; i < n; ++i)
    for (size_t j : after[i]) ++indegree[j];
  using Key = std::pair<int, size_t>;
  std::priority_queue<Key, std::vector<Key>, std::greater<>> ready;
  for (size_t i = 0; i < n; ++i)
    if (indegree[i] == 0) ready.push({static_cast<int>(actions[i]), i});
  std::vector<size_t> result;
  while (!ready.empty()) {
    size_t i = ready.top().second;
    ready.pop();
    result.push_back(i);
    for (size_t j : after[i])
      if (--indegree[j] == 0) ready.push({static_cast<int>(actions[j]), j});
  }
  if (result.size() != n) {
    std::string names;
    for (size_t i = 0; i < n; ++i)
      if (indegree[i] > 0) names += "\n  " + steps[i].summary;
    throw PlanError("cannot order the migration: these steps depend on each other in a cycle:" + names);
  }
  return result;
}

}  // namespace

std::string Step::sql() const {
  std::string out;
  for (const auto& s : statements) out += s;
  return out;
}

std::string Step::reverse_sql() const {
  std::string out;
  for (const auto& s : reverse) out += s;
  return out;
}

Plan make_plan(const ir::Catalog& from, const ir::Catalog& to, const std::vector<diff::Change>& changes) {
  std::set<ir::QualifiedName> new_tables;
  for (const auto& c : changes)
    if (const auto* t = std::get_if<diff::CreateTable>(&c)) new_tables.insert(t->table.name);

  std::vector<Step> steps;
  std::vector<Action> actions;
  for (const auto& change : changes) {
    Step step;
    step.change = change;
    step.statements = render(change);
    if (step.statements.empty()) continue;
    step.summary = diff::describe(change);
    step.reverse = render(diff::inverse(change));
    step.object = diff::change_object(change);
    step.hazards = hazards_of(change, new_tables);
    step.span = span_of(to, step.object);
    actions.push_back(action_of(change));
    steps.push_back(std::move(step));
  }

  std::vector<std::set<size_t>> after(steps.size());  // after[i]: steps that must follow i
  auto edge = [&](size_t first, size_t then) {
    if (first != then) after[first].insert(then);
  };
  StepIndex index(steps, from, to);
  // Steps on the same object keep the differ's order. A view's triggers and column defaults count
  // as the view: the differ lists them after the view's (re)creation, and before a drop only
  // when they change on a view that stays.
  auto view_of_member = [&](ir::ObjectId id) {
    if (id.kind != K::Column && id.kind != K::Trigger) return id;
    for (const ir::Catalog* c : {&from, &to})
      if (auto v = c->views.find(id.name); v != c->views.end() && !c->tables.count(id.name))
        return ir::ObjectId{v->second.materialized ? K::MaterializedView : K::View, id.name, {}};
    return id;
  };
  std::vector<ir::ObjectId> chain(steps.size());
  std::map<ir::ObjectId, size_t> last_on_object;
  for (size_t i = 0; i < steps.size(); ++i) {
    chain[i] = view_of_member(normalized(steps[i].object));
    if (auto it = last_on_object.find(chain[i]); it != last_on_object.end()) edge(it->second, i);
    last_on_object[chain[i]] = i;
  }
  // Between a view and its members only that order counts: a trigger's edge to its view in
  // `from` would otherwise put the new trigger's comment before the old view's drop.
  auto same_chain = [&](size_t a, size_t b) {
    return chain[a] == chain[b] && (chain[a].kind == K::View || chain[a].kind == K::MaterializedView);
  };
  // What is dropped or altered follows `from`'s dependencies.
  for (const auto& dep : dependencies_of(from)) {
    auto ys = index.find(dep.from), xs = index.find(dep.to);
    for (size_t y : ys)
      for (size_t x : xs) {
        if (attribute_only(steps[x].change) || same_chain(y, x)) continue;
        if ((actions[y] == Action::Drop && (actions[x] == Action::Drop || actions[x] == Action::Alter)) ||
            (actions[y] == Action::Alter && actions[x] == Action::Drop))
          edge(y, x);
      }
  }
  // What is created or altered follows `to`'s dependencies.
  for (const auto& dep : dependencies_of(to)) {
    auto ys = index.find(dep.from), xs = index.find(dep.to);
    for (size_t y : ys)
      for (size_t x : xs) {
        if (attribute_only(steps[x].change) || same_chain(y, x)) continue;
        if ((actions[x] == Action::Create && (actions[y] == Action::Create || actions[y] == Action::Alter)) ||
            (actions[x] == Action::Alter && actions[y] == Action::Create))
          edge(x, y);
      }
  }

  // Dropping a column drops the constraints, indexes, triggers and policies that use it, so the
  // ones the migration drops itself go first (the compiler records no columns of a CHECK or an
  // index expression, so no edge says so).
  std::map<ir::QualifiedName, std::vector<size_t>> column_drops;
  for (size_t i = 0; i < steps.size(); ++i)
    if (const auto* c = std::get_if<diff::DropColumn>(&steps[i].change)) column_drops[c->table].push_back(i);
  for (size_t i = 0; i < steps.size() && !column_drops.empty(); ++i) {
    std::optional<ir::QualifiedName> table;
    if (const auto* c = std::get_if<diff::DropConstraint>(&steps[i].change)) table = c->table;
    else if (const auto* c = std::get_if<diff::DropIndex>(&steps[i].change)) table = c->index.table;
    else if (const auto* c = std::get_if<diff::DropTrigger>(&steps[i].change)) table = c->table;
    else if (const auto* c = std::get_if<diff::DropPolicy>(&steps[i].change)) table = c->table;
    if (!table) continue;
    if (auto it = column_drops.find(*table); it != column_drops.end())
      for (size_t j : it->second) edge(i, j);
  }

  // Extensions provide types, operator classes and functions that pg_depend ties to objects the
  // IR does not list: create them before everything else and drop them after everything else.
  for (size_t e = 0; e < steps.size(); ++e) {
    bool create = std::holds_alternative<diff::CreateExtension>(steps[e].change);
    bool drop = std::holds_alternative<diff::DropExtension>(steps[e].change);
    if (!create && !drop) continue;
    for (size_t i = 0; i < steps.size(); ++i) {
      if (std::holds_alternative<diff::CreateExtension>(steps[i].change) ||
          std::holds_alternative<diff::DropExtension>(steps[i].change) ||
          std::holds_alternative<diff::CreateSchema>(steps[i].change) ||
          std::holds_alternative<diff::DropSchema>(steps[i].change))
        continue;
      if (create && actions[i] != Action::Drop && actions[i] != Action::Rename) edge(e, i);
      if (drop && actions[i] == Action::Drop) edge(i, e);
    }
  }

  Plan plan;
  for (size_t i : order(steps, actions, after)) plan.steps.push_back(std::move(steps[i]));

  // ALTER TYPE ... ADD VALUE: the new value cannot be used in the transaction that adds it.
  for (size_t i = 0; i < plan.steps.size(); ++i) {
    const auto* add = std::get_if<diff::AddEnumValue>(&plan.steps[i].change);
    if (!add) continue;
    std::string literal = quote_literal(add->label);
    for (size_t j = i + 1; j < plan.steps.size(); ++j) {
      if (std::holds_alternative<diff::AddEnumValue>(plan.steps[j].change)) continue;
      if (plan.steps[j].sql().find(literal) != std::string::npos) {
        plan.steps[i].transactional = false;
        plan.steps[i].hazards.push_back(
            {Hazard::NoTransaction, "the new value is used later in this migration, so it must be committed first"});
        break;
      }
    }
  }
  return plan;
}

Plan make_plan(const ir::Catalog& from, const ir::Catalog& to, const diff::DiffOptions& options) {
  return make_plan(from, to, diff::diff(from, to, options));
}

}  // namespace schemactl::plan
