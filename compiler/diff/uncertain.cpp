// uncertain_objects(): the changes an offline diff may report falsely (see uncertain.hpp).
#include "compiler/diff/uncertain.hpp"

#include <cctype>
#include <map>

namespace schemactl::diff {
namespace {

using K = ir::ObjectKind;

// Columns, constraints, triggers and policies are decided with their table.
ir::ObjectId top_level(ir::ObjectId id) {
  if (id.kind == K::Column || id.kind == K::Constraint || id.kind == K::Trigger || id.kind == K::Policy) {
    id.kind = K::Table;
    id.sub.clear();
  }
  if (id.kind == K::Procedure) id.kind = K::Function;
  if (id.kind == K::MaterializedView) id.kind = K::View;
  return id;
}

enum class Direction { None, Drop, Create };

Direction direction(const Change& change) {
  return std::visit(
      [](const auto& c) {
        using T = std::decay_t<decltype(c)>;
        if constexpr (std::is_same_v<T, DropConstraint> || std::is_same_v<T, DropIndex> ||
                      std::is_same_v<T, DropView> || std::is_same_v<T, DropFunction> ||
                      std::is_same_v<T, DropAggregate> ||
                      std::is_same_v<T, DropTrigger> || std::is_same_v<T, DropPolicy> ||
                      std::is_same_v<T, DropDomain> || std::is_same_v<T, DropEnum> ||
                      std::is_same_v<T, DropCompositeType> || std::is_same_v<T, DropSequence> ||
                      std::is_same_v<T, DropTable> || std::is_same_v<T, DropColumn> ||
                      std::is_same_v<T, DetachPartition>)
          return Direction::Drop;
        else if constexpr (std::is_same_v<T, AddConstraint> || std::is_same_v<T, CreateIndex> ||
                           std::is_same_v<T, CreateView> || std::is_same_v<T, CreateFunction> ||
                           std::is_same_v<T, CreateAggregate> ||
                           std::is_same_v<T, CreateTrigger> || std::is_same_v<T, CreatePolicy> ||
                           std::is_same_v<T, CreateDomain> || std::is_same_v<T, CreateEnum> ||
                           std::is_same_v<T, CreateCompositeType> || std::is_same_v<T, CreateSequence> ||
                           std::is_same_v<T, CreateTable> || std::is_same_v<T, AddColumn> ||
                           std::is_same_v<T, AttachPartition>)
          return Direction::Create;
        else
          return Direction::None;
      },
      change);
}

// Changes that compare expressions or definitions in place, or that rest on what the server adds
// by itself: an extension's comment (from its control file), owners' own privileges, and a new
// view's references (the compiler records no dependencies of a query; the server's pg_depend
// orders the view after what it reads).
bool compares_text(const Change& change) {
  if (const auto* c = std::get_if<SetComment>(&change)) return c->object.kind == K::Extension;
  return std::holds_alternative<Grant>(change) || std::holds_alternative<Revoke>(change) ||
         std::holds_alternative<CreateView>(change) || std::holds_alternative<RenameConstraint>(change) || std::holds_alternative<RenameIndex>(change) ||
         std::holds_alternative<ReplaceView>(change) || std::holds_alternative<ReplaceFunction>(change) ||
         std::holds_alternative<AlterDomain>(change) || std::holds_alternative<AlterPolicy>(change) ||
         std::holds_alternative<DropExpression>(change);
}

// Whether `text` calls a function named like one of `names` ("name(" after a non-identifier).
bool calls_any(const std::string& text, const std::set<std::string>& names) {
  for (const auto& name : names)
    for (size_t p = text.find(name + "("); p != std::string::npos; p = text.find(name + "(", p + 1)) {
      unsigned char before = p ? text[p - 1] : ' ';
      if (!(std::isalnum(before) || before == '_')) return true;
    }
  return false;
}

// The expressions a created or changed table member carries.
std::vector<const ir::Expr*> expressions_of(const Change& change) {
  std::vector<const ir::Expr*> out;
  auto column = [&](const ir::Column& c) {
    if (c.default_expr) out.push_back(&*c.default_expr);
    if (c.generated) out.push_back(&*c.generated);
  };
  auto constraint = [&](const ir::Constraint& k) {
    if (k.check) out.push_back(&*k.check);
    if (k.exclusion && k.exclusion->where) out.push_back(&*k.exclusion->where);
  };
  if (const auto* c = std::get_if<CreateTable>(&change)) {
    for (const auto& col : c->table.columns) column(col);
    for (const auto& [n, k] : c->table.constraints) constraint(k);
  } else if (const auto* c = std::get_if<AddColumn>(&change)) {
    column(c->column);
  } else if (const auto* c = std::get_if<AddConstraint>(&change)) {
    constraint(c->constraint);
  } else if (const auto* c = std::get_if<SetDefault>(&change)) {
    if (c->to) out.push_back(&*c->to);
  } else if (const auto* c = std::get_if<CreateIndex>(&change)) {
    if (c->index.where) out.push_back(&*c->index.where);
    for (const auto& e : c->index.elements)
      if (e.expr) out.push_back(&*e.expr);
  }
  return out;
}

}  // namespace

std::set<ir::ObjectId> uncertain_objects(const std::vector<Change>& changes, const ir::Catalog* desired) {
  std::set<ir::ObjectId> out;
  std::set<std::string> functions;
  if (desired)
    for (const auto& [key, f] : desired->functions) functions.insert(f.name.name);
  if (!functions.empty())
    for (const auto& change : changes)
      for (const auto* e : expressions_of(change))
        if (calls_any(e->text, functions)) {
          out.insert(top_level(change_object(change)));
          break;
        }
  std::map<ir::ObjectId, unsigned> seen;  // bit 1: dropped, bit 2: created (same exact object)
  for (const auto& change : changes) {
    ir::ObjectId id = change_object(change);
    if (compares_text(change)) out.insert(top_level(id));
    // A changed default is dropped and set again (SetDefault without `to`, then without `from`).
    if (const auto* d = std::get_if<SetDefault>(&change)) {
      if (d->from) seen[id] |= 1;
      if (d->to) seen[id] |= 2;
      if (d->from && d->to) out.insert(top_level(id));
    }
    switch (direction(change)) {
      case Direction::Drop: seen[id] |= 1; break;
      case Direction::Create: seen[id] |= 2; break;
      case Direction::None: break;
    }
  }
  for (const auto& [id, bits] : seen)
    if (bits == 3) out.insert(top_level(id));
  return out;
}

}  // namespace schemactl::diff
