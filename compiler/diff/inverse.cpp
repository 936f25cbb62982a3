// inverse(), change_object() and describe(): per-change facts that need no catalog.
#include <fmt/format.h>

#include "compiler/diff.hpp"
#include "compiler/quote.hpp"

namespace schemactl::diff {
namespace {

template <class... Ts>
struct overloaded : Ts... { using Ts::operator()...; };
template <class... Ts>
overloaded(Ts...) -> overloaded<Ts...>;

using K = ir::ObjectKind;

ir::ObjectId function_id(const ir::Function& f) {
  return {f.is_procedure ? K::Procedure : K::Function, f.name, "(" + f.identity_args + ")"};
}
ir::ObjectId aggregate_id(const ir::Aggregate& a) { return {K::Aggregate, a.name, "(" + a.identity_args + ")"}; }
ir::ObjectId view_id(const ir::View& v) { return {v.materialized ? K::MaterializedView : K::View, v.name, {}}; }

std::string name_of(const ir::ObjectId& id) {
  switch (id.kind) {
    case K::Schema:
    case K::Extension: return quote_ident(id.name.name);
    case K::Column:
    case K::Constraint:
    case K::Trigger:
    case K::Policy: return quote_qualified(id.name) + "." + quote_ident(id.sub);
    case K::Function:
    case K::Procedure:
    case K::Aggregate: return quote_qualified(id.name) + id.sub;
    default: return quote_qualified(id.name);
  }
}

const char* kind_word(K kind) {
  switch (kind) {
    case K::Schema: return "schema";
    case K::Extension: return "extension";
    case K::Enum: return "enum";
    case K::Domain: return "domain";
    case K::CompositeType: return "type";
    case K::Sequence: return "sequence";
    case K::Table: return "table";
    case K::Column: return "column";
    case K::Constraint: return "constraint";
    case K::Index: return "index";
    case K::View: return "view";
    case K::MaterializedView: return "materialized view";
    case K::Function: return "function";
    case K::Procedure: return "procedure";
    case K::Trigger: return "trigger";
    case K::Policy: return "policy";
    case K::Collation: return "collation";
    case K::Aggregate: return "aggregate";
  }
  return "object";
}

}  // namespace

Change inverse(const Change& change) {
  return std::visit(
      overloaded{
          [](const CreateSchema& c) -> Change { return DropSchema{c.schema}; },
          [](const DropSchema& c) -> Change { return CreateSchema{c.schema}; },
          [](const CreateExtension& c) -> Change { return DropExtension{c.extension}; },
          [](const DropExtension& c) -> Change { return CreateExtension{c.extension}; },
          [](const AlterExtension& c) -> Change { return AlterExtension{c.to, c.from}; },
          [](const CreateCollation& c) -> Change { return DropCollation{c.collation}; },
          [](const DropCollation& c) -> Change { return CreateCollation{c.collation}; },
          [](const CreateEnum& c) -> Change { return DropEnum{c.type}; },
          [](const DropEnum& c) -> Change { return CreateEnum{c.type}; },
          [](const AddEnumValue& c) -> Change { return RecreateEnum{c.to, c.from, {}}; },
          [](const RecreateEnum& c) -> Change { return RecreateEnum{c.to, c.from, c.columns}; },
          [](const CreateDomain& c) -> Change { return DropDomain{c.domain}; },
          [](const DropDomain& c) -> Change { return CreateDomain{c.domain}; },
          [](const AlterDomain& c) -> Change { return AlterDomain{c.to, c.from}; },
          [](const CreateCompositeType& c) -> Change { return DropCompositeType{c.type}; },
          [](const DropCompositeType& c) -> Change { return CreateCompositeType{c.type}; },
          [](const AlterCompositeType& c) -> Change { return AlterCompositeType{c.to, c.from}; },
          [](const CreateSequence& c) -> Change { return DropSequence{c.sequence}; },
          [](const DropSequence& c) -> Change { return CreateSequence{c.sequence}; },
          [](const AlterSequence& c) -> Change { return AlterSequence{c.to, c.from}; },
          [](const CreateTable& c) -> Change { return DropTable{c.table}; },
          [](const DropTable& c) -> Change { return CreateTable{c.table}; },
          [](const RenameTable& c) -> Change { return RenameTable{c.to, c.from}; },
          [](const AlterTable& c) -> Change { return AlterTable{c.to, c.from}; },
          [](const AttachPartition& c) -> Change { return DetachPartition{c.parent, c.partition, c.bound}; },
          [](const DetachPartition& c) -> Change { return AttachPartition{c.parent, c.partition, c.bound}; },
          [](const AddColumn& c) -> Change { return DropColumn{c.table, c.column}; },
          [](const DropColumn& c) -> Change { return AddColumn{c.table, c.column}; },
          [](const RenameColumn& c) -> Change { return RenameColumn{c.table, c.to, c.from}; },
          [](const AlterColumnType& c) -> Change { return AlterColumnType{c.table, c.to, c.from}; },
          [](const SetNotNull& c) -> Change { return DropNotNull{c.table, c.column}; },
          [](const DropNotNull& c) -> Change { return SetNotNull{c.table, c.column}; },
          [](const SetDefault& c) -> Change { return SetDefault{c.table, c.column, c.to, c.from}; },
          [](const AlterIdentity& c) -> Change { return AlterIdentity{c.table, c.column, c.to, c.from}; },
          [](const DropExpression& c) -> Change { return DropColumn{c.table, c.to}; },
          [](const AlterColumnStorage& c) -> Change { return AlterColumnStorage{c.table, c.to, c.from}; },
          [](const AddConstraint& c) -> Change { return DropConstraint{c.table, c.constraint}; },
          [](const DropConstraint& c) -> Change { return AddConstraint{c.table, c.constraint}; },
          [](const RenameConstraint& c) -> Change { return RenameConstraint{c.table, c.to, c.from}; },
          [](const ValidateConstraint& c) -> Change {
            // A validated constraint cannot be made NOT VALID again: recreate it as it was.
            return AddConstraint{c.table, c.from};
          },
          [](const CreateIndex& c) -> Change { return DropIndex{c.index}; },
          [](const DropIndex& c) -> Change { return CreateIndex{c.index}; },
          [](const RenameIndex& c) -> Change { return RenameIndex{c.to, c.from}; },
          [](const CreateView& c) -> Change { return DropView{c.view}; },
          [](const DropView& c) -> Change { return CreateView{c.view}; },
          [](const ReplaceView& c) -> Change { return ReplaceView{c.to, c.from}; },
          [](const CreateFunction& c) -> Change { return DropFunction{c.function}; },
          [](const DropFunction& c) -> Change { return CreateFunction{c.function}; },
          [](const ReplaceFunction& c) -> Change { return ReplaceFunction{c.to, c.from}; },
          [](const CreateAggregate& c) -> Change { return DropAggregate{c.aggregate}; },
          [](const DropAggregate& c) -> Change { return CreateAggregate{c.aggregate}; },
          [](const ReplaceAggregate& c) -> Change { return ReplaceAggregate{c.to, c.from}; },
          [](const CreateTrigger& c) -> Change { return DropTrigger{c.table, c.trigger}; },
          [](const DropTrigger& c) -> Change { return CreateTrigger{c.table, c.trigger}; },
          [](const SetTriggerEnabled& c) -> Change { return SetTriggerEnabled{c.table, c.trigger, c.to, c.from}; },
          [](const CreatePolicy& c) -> Change { return DropPolicy{c.table, c.policy}; },
          [](const DropPolicy& c) -> Change { return CreatePolicy{c.table, c.policy}; },
          [](const AlterPolicy& c) -> Change { return AlterPolicy{c.table, c.to, c.from}; },
          [](const SetComment& c) -> Change { return SetComment{c.object, c.target, c.to, c.from}; },
          [](const Grant& c) -> Change { return Revoke{c.object, c.target, c.column, c.privilege}; },
          [](const Revoke& c) -> Change { return Grant{c.object, c.target, c.column, c.privilege}; },
          [](const SetOwner& c) -> Change { return SetOwner{c.object, c.target, c.to, c.from}; },
      },
      change);
}

ir::ObjectId change_object(const Change& change) {
  return std::visit(
      overloaded{
          [](const CreateSchema& c) -> ir::ObjectId { return {K::Schema, {"", c.schema.name}, {}}; },
          [](const DropSchema& c) -> ir::ObjectId { return {K::Schema, {"", c.schema.name}, {}}; },
          [](const CreateExtension& c) -> ir::ObjectId { return {K::Extension, {"", c.extension.name}, {}}; },
          [](const DropExtension& c) -> ir::ObjectId { return {K::Extension, {"", c.extension.name}, {}}; },
          [](const AlterExtension& c) -> ir::ObjectId { return {K::Extension, {"", c.to.name}, {}}; },
          [](const CreateCollation& c) -> ir::ObjectId { return {K::Collation, c.collation.name, {}}; },
          [](const DropCollation& c) -> ir::ObjectId { return {K::Collation, c.collation.name, {}}; },
          [](const CreateEnum& c) -> ir::ObjectId { return {K::Enum, c.type.name, {}}; },
          [](const DropEnum& c) -> ir::ObjectId { return {K::Enum, c.type.name, {}}; },
          [](const AddEnumValue& c) -> ir::ObjectId { return {K::Enum, c.to.name, {}}; },
          [](const RecreateEnum& c) -> ir::ObjectId { return {K::Enum, c.to.name, {}}; },
          [](const CreateDomain& c) -> ir::ObjectId { return {K::Domain, c.domain.name, {}}; },
          [](const DropDomain& c) -> ir::ObjectId { return {K::Domain, c.domain.name, {}}; },
          [](const AlterDomain& c) -> ir::ObjectId { return {K::Domain, c.to.name, {}}; },
          [](const CreateCompositeType& c) -> ir::ObjectId { return {K::CompositeType, c.type.name, {}}; },
          [](const DropCompositeType& c) -> ir::ObjectId { return {K::CompositeType, c.type.name, {}}; },
          [](const AlterCompositeType& c) -> ir::ObjectId { return {K::CompositeType, c.to.name, {}}; },
          [](const CreateSequence& c) -> ir::ObjectId { return {K::Sequence, c.sequence.name, {}}; },
          [](const DropSequence& c) -> ir::ObjectId { return {K::Sequence, c.sequence.name, {}}; },
          [](const AlterSequence& c) -> ir::ObjectId {
            // OWNED BY is its own step identity: it must follow the owning table's creation
            // while the sequence itself must precede it (the column default uses it).
            if (c.from.owned_by_table != c.to.owned_by_table || c.from.owned_by_column != c.to.owned_by_column)
              return {K::Sequence, c.to.name, "owned_by"};
            return {K::Sequence, c.to.name, {}};
          },
          [](const CreateTable& c) -> ir::ObjectId { return {K::Table, c.table.name, {}}; },
          [](const DropTable& c) -> ir::ObjectId { return {K::Table, c.table.name, {}}; },
          [](const RenameTable& c) -> ir::ObjectId { return {K::Table, c.to, {}}; },
          [](const AlterTable& c) -> ir::ObjectId { return {K::Table, c.to.name, {}}; },
          [](const AttachPartition& c) -> ir::ObjectId { return {K::Table, c.partition, {}}; },
          [](const DetachPartition& c) -> ir::ObjectId { return {K::Table, c.partition, {}}; },
          [](const AddColumn& c) -> ir::ObjectId { return {K::Column, c.table, c.column.name}; },
          [](const DropColumn& c) -> ir::ObjectId { return {K::Column, c.table, c.column.name}; },
          [](const RenameColumn& c) -> ir::ObjectId { return {K::Column, c.table, c.to}; },
          [](const AlterColumnType& c) -> ir::ObjectId { return {K::Column, c.table, c.to.name}; },
          [](const SetNotNull& c) -> ir::ObjectId { return {K::Column, c.table, c.column.name}; },
          [](const DropNotNull& c) -> ir::ObjectId { return {K::Column, c.table, c.column.name}; },
          [](const SetDefault& c) -> ir::ObjectId { return {K::Column, c.table, c.column}; },
          [](const AlterIdentity& c) -> ir::ObjectId { return {K::Column, c.table, c.column}; },
          [](const DropExpression& c) -> ir::ObjectId { return {K::Column, c.table, c.to.name}; },
          [](const AlterColumnStorage& c) -> ir::ObjectId { return {K::Column, c.table, c.to.name}; },
          [](const AddConstraint& c) -> ir::ObjectId { return {K::Constraint, c.table, c.constraint.name}; },
          [](const DropConstraint& c) -> ir::ObjectId { return {K::Constraint, c.table, c.constraint.name}; },
          [](const RenameConstraint& c) -> ir::ObjectId { return {K::Constraint, c.table, c.to}; },
          [](const ValidateConstraint& c) -> ir::ObjectId { return {K::Constraint, c.table, c.to.name}; },
          [](const CreateIndex& c) -> ir::ObjectId { return {K::Index, c.index.name, {}}; },
          [](const DropIndex& c) -> ir::ObjectId { return {K::Index, c.index.name, {}}; },
          [](const RenameIndex& c) -> ir::ObjectId { return {K::Index, c.to, {}}; },
          [](const CreateView& c) -> ir::ObjectId { return view_id(c.view); },
          [](const DropView& c) -> ir::ObjectId { return view_id(c.view); },
          [](const ReplaceView& c) -> ir::ObjectId { return view_id(c.to); },
          [](const CreateFunction& c) -> ir::ObjectId { return function_id(c.function); },
          [](const DropFunction& c) -> ir::ObjectId { return function_id(c.function); },
          [](const ReplaceFunction& c) -> ir::ObjectId { return function_id(c.to); },
          [](const CreateAggregate& c) -> ir::ObjectId { return aggregate_id(c.aggregate); },
          [](const DropAggregate& c) -> ir::ObjectId { return aggregate_id(c.aggregate); },
          [](const ReplaceAggregate& c) -> ir::ObjectId { return aggregate_id(c.to); },
          [](const CreateTrigger& c) -> ir::ObjectId { return {K::Trigger, c.table, c.trigger.name}; },
          [](const DropTrigger& c) -> ir::ObjectId { return {K::Trigger, c.table, c.trigger.name}; },
          [](const SetTriggerEnabled& c) -> ir::ObjectId { return {K::Trigger, c.table, c.trigger}; },
          [](const CreatePolicy& c) -> ir::ObjectId { return {K::Policy, c.table, c.policy.name}; },
          [](const DropPolicy& c) -> ir::ObjectId { return {K::Policy, c.table, c.policy.name}; },
          [](const AlterPolicy& c) -> ir::ObjectId { return {K::Policy, c.table, c.to.name}; },
          [](const SetComment& c) -> ir::ObjectId { return c.object; },
          [](const Grant& c) -> ir::ObjectId { return c.object; },
          [](const Revoke& c) -> ir::ObjectId { return c.object; },
          [](const SetOwner& c) -> ir::ObjectId { return c.object; },
      },
      change);
}

std::string describe(const Change& change) {
  std::string object = name_of(change_object(change));
  const char* kind = kind_word(change_object(change).kind);
  return std::visit(
      overloaded{
          [&](const AddEnumValue& c) { return fmt::format("add value '{}' to enum {}", c.label, object); },
          [&](const RecreateEnum&) { return fmt::format("recreate enum {} (values removed or reordered)", object); },
          [&](const RenameTable& c) { return fmt::format("rename table {} to {}", quote_qualified(c.from), object); },
          [&](const RenameColumn& c) {
            return fmt::format("rename column {}.{} to {}", quote_qualified(c.table), quote_ident(c.from), object);
          },
          [&](const RenameConstraint& c) {
            return fmt::format("rename constraint {}.{} to {}", quote_qualified(c.table), quote_ident(c.from), object);
          },
          [&](const RenameIndex& c) { return fmt::format("rename index {} to {}", quote_qualified(c.from), object); },
          [&](const AlterColumnType& c) {
            return fmt::format("change type of column {} from {} to {}", object, c.from.type, c.to.type);
          },
          [&](const SetNotNull&) { return fmt::format("set not null on column {}", object); },
          [&](const DropNotNull&) { return fmt::format("drop not null on column {}", object); },
          [&](const SetDefault& c) {
            return c.to ? fmt::format("set default of column {}", object)
                        : fmt::format("drop default of column {}", object);
          },
          [&](const AlterIdentity& c) {
            return !c.from ? fmt::format("add identity to column {}", object)
                   : !c.to ? fmt::format("drop identity of column {}", object)
                           : fmt::format("alter identity of column {}", object);
          },
          [&](const DropExpression&) { return fmt::format("drop generation expression of column {}", object); },
          [&](const AlterColumnStorage&) { return fmt::format("alter storage of column {}", object); },
          [&](const ValidateConstraint&) { return fmt::format("validate constraint {}", object); },
          [&](const AttachPartition& c) {
            return fmt::format("attach partition {} to {}", object, quote_qualified(c.parent));
          },
          [&](const DetachPartition& c) {
            return fmt::format("detach partition {} from {}", object, quote_qualified(c.parent));
          },
          [&](const SetTriggerEnabled&) { return fmt::format("enable/disable trigger {}", object); },
          [&](const SetComment& c) {
            return fmt::format("{} comment on {}", c.to ? "set" : "remove", c.target);
          },
          [&](const Grant& c) {
            return fmt::format("grant {}{} on {} to {}", c.privilege.privilege,
                               c.column.empty() ? "" : " (" + quote_ident(c.column) + ")", c.target,
                               c.privilege.grantee);
          },
          [&](const Revoke& c) {
            return fmt::format("revoke {}{} on {} from {}", c.privilege.privilege,
                               c.column.empty() ? "" : " (" + quote_ident(c.column) + ")", c.target,
                               c.privilege.grantee);
          },
          [&](const SetOwner& c) { return fmt::format("set owner of {} to {}", c.target, c.to); },
          [&](const AlterSequence& c) {
            if (c.from.owned_by_table == c.to.owned_by_table && c.from.owned_by_column == c.to.owned_by_column)
              return fmt::format("alter sequence {}", object);
            if (!c.to.owned_by_table) return fmt::format("sequence {} owned by none", object);
            return fmt::format("sequence {} owned by {}.{}", object, quote_qualified(*c.to.owned_by_table),
                               quote_ident(c.to.owned_by_column.value_or("")));
          },
          [&](const auto& c) {
            using T = std::decay_t<decltype(c)>;
            const char* verb = "alter";
            if constexpr (std::is_same_v<T, CreateSchema> || std::is_same_v<T, CreateExtension> ||
                          std::is_same_v<T, CreateCollation> ||
                          std::is_same_v<T, CreateEnum> || std::is_same_v<T, CreateDomain> ||
                          std::is_same_v<T, CreateCompositeType> || std::is_same_v<T, CreateSequence> ||
                          std::is_same_v<T, CreateTable> || std::is_same_v<T, CreateIndex> ||
                          std::is_same_v<T, CreateView> || std::is_same_v<T, CreateFunction> ||
                          std::is_same_v<T, CreateAggregate> ||
                          std::is_same_v<T, CreateTrigger> || std::is_same_v<T, CreatePolicy>)
              verb = "create";
            else if constexpr (std::is_same_v<T, AddColumn> || std::is_same_v<T, AddConstraint>)
              verb = "add";
            else if constexpr (std::is_same_v<T, DropSchema> || std::is_same_v<T, DropExtension> ||
                               std::is_same_v<T, DropCollation> ||
                               std::is_same_v<T, DropEnum> || std::is_same_v<T, DropDomain> ||
                               std::is_same_v<T, DropCompositeType> || std::is_same_v<T, DropSequence> ||
                               std::is_same_v<T, DropTable> || std::is_same_v<T, DropIndex> ||
                               std::is_same_v<T, DropView> || std::is_same_v<T, DropFunction> ||
                               std::is_same_v<T, DropAggregate> ||
                               std::is_same_v<T, DropTrigger> || std::is_same_v<T, DropPolicy> ||
                               std::is_same_v<T, DropColumn> || std::is_same_v<T, DropConstraint>)
              verb = "drop";
            else if constexpr (std::is_same_v<T, ReplaceView> || std::is_same_v<T, ReplaceFunction> ||
                               std::is_same_v<T, ReplaceAggregate>)
              verb = "replace";
            return fmt::format("{} {} {}", verb, kind, object);
          },
      },
      change);
}

}  // namespace schemactl::diff
