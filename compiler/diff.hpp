// The differ: compares two catalogs and lists the changes that take the first to the second.
//
// Changes are typed values, one type per operation (Atlas's sql/schema changes are the model).
// Every destructive change carries the full pre-image of what it removes, so that its inverse
// can be built without looking at either catalog again. The differ decides *what* changes; the
// planner (compiler/plan.hpp) decides the order, the SQL and the hazards.
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "compiler/ir.hpp"

namespace schemactl::diff {

using ir::QualifiedName;

// ---- schemas and extensions --------------------------------------------------------------
struct CreateSchema { ir::Schema schema; };
struct DropSchema { ir::Schema schema; };
struct CreateExtension { ir::Extension extension; };
struct DropExtension { ir::Extension extension; };
struct AlterExtension { ir::Extension from, to; };  // version or schema

// ---- collations --------------------------------------------------------------------------
// A changed definition is a drop and a create (collations have no ALTER for their locale).
struct CreateCollation { ir::Collation collation; };
struct DropCollation { ir::Collation collation; };

// ---- types -------------------------------------------------------------------------------
struct CreateEnum { ir::EnumType type; };
struct DropEnum { ir::EnumType type; };
// ALTER TYPE ... ADD VALUE 'x' BEFORE/AFTER 'y'. Its inverse is a RecreateEnum.
struct AddEnumValue {
  ir::EnumType from, to;  // whole types, so the inverse can recreate `from`
  std::string label;
  std::optional<std::string> before, after;
};
// A column that uses a type being recreated (its table, and the column as it is now).
struct ColumnUse {
  QualifiedName table;
  ir::Column column;
  bool operator==(const ColumnUse&) const = default;
};
// Values removed or reordered: rename the old type away, create the new one, cast every column.
struct RecreateEnum {
  ir::EnumType from, to;
  std::vector<ColumnUse> columns;
};
struct CreateDomain { ir::Domain domain; };
struct DropDomain { ir::Domain domain; };
struct AlterDomain { ir::Domain from, to; };  // default, NOT NULL, checks (same base type)
struct CreateCompositeType { ir::CompositeType type; };
struct DropCompositeType { ir::CompositeType type; };
struct AlterCompositeType { ir::CompositeType from, to; };  // attributes added/dropped/retyped

// ---- sequences ---------------------------------------------------------------------------
struct CreateSequence { ir::Sequence sequence; };
struct DropSequence { ir::Sequence sequence; };
struct AlterSequence { ir::Sequence from, to; };  // options and OWNED BY

// ---- tables and columns ------------------------------------------------------------------
// Without foreign keys and NOT VALID constraints (added as separate changes). `parents` are the
// partition parent or INHERITS parents, whose columns the new table does not repeat.
struct CreateTable {
  ir::Table table;
  std::vector<ir::Table> parents = {};
};
struct DropTable { ir::Table table; };
struct RenameTable { QualifiedName from, to; };
struct AlterTable { ir::Table from, to; };  // table-level attributes: logged, options, RLS, replica identity
struct AttachPartition { QualifiedName parent, partition; std::string bound; };
struct DetachPartition { QualifiedName parent, partition; std::string bound; };
struct AddColumn { QualifiedName table; ir::Column column; };
struct DropColumn { QualifiedName table; ir::Column column; };
struct RenameColumn { QualifiedName table; std::string from, to; };
struct AlterColumnType { QualifiedName table; ir::Column from, to; };  // type and/or collation
struct SetNotNull { QualifiedName table; ir::Column column; };
struct DropNotNull { QualifiedName table; ir::Column column; };
struct SetDefault { QualifiedName table; std::string column; std::optional<ir::Expr> from, to; };
struct AlterIdentity { QualifiedName table; std::string column; std::optional<ir::Identity> from, to; };
struct DropExpression { QualifiedName table; ir::Column from, to; };  // generated -> plain column
struct AlterColumnStorage { QualifiedName table; ir::Column from, to; };  // storage, statistics

// ---- constraints and indexes -------------------------------------------------------------
struct AddConstraint { QualifiedName table; ir::Constraint constraint; };
struct DropConstraint { QualifiedName table; ir::Constraint constraint; };
struct RenameConstraint { QualifiedName table; std::string from, to; };
struct ValidateConstraint { QualifiedName table; ir::Constraint from, to; };  // NOT VALID -> valid
struct CreateIndex { ir::Index index; };
struct DropIndex { ir::Index index; };
struct RenameIndex { QualifiedName from, to; };

// ---- views, routines, triggers, policies -------------------------------------------------
struct CreateView { ir::View view; };
struct DropView { ir::View view; };
struct ReplaceView { ir::View from, to; };  // CREATE OR REPLACE VIEW (columns only appended)
struct CreateFunction { ir::Function function; };
struct DropFunction { ir::Function function; };
struct ReplaceFunction { ir::Function from, to; };  // CREATE OR REPLACE (same signature and result)
// A changed aggregate is replaced in place when its kind and argument types stay (CREATE OR
// REPLACE AGGREGATE), else dropped and created.
struct CreateAggregate { ir::Aggregate aggregate; };
struct DropAggregate { ir::Aggregate aggregate; };
struct ReplaceAggregate { ir::Aggregate from, to; };
// `table` is the table or view the trigger is on (views have INSTEAD OF triggers). A view's
// column defaults are SetDefault changes on the view's name.
struct CreateTrigger { QualifiedName table; ir::Trigger trigger; };
struct DropTrigger { QualifiedName table; ir::Trigger trigger; };
struct SetTriggerEnabled { QualifiedName table; std::string trigger; char from, to; };
struct CreatePolicy { QualifiedName table; ir::Policy policy; };
struct DropPolicy { QualifiedName table; ir::Policy policy; };
struct AlterPolicy { QualifiedName table; ir::Policy from, to; };  // roles, USING, WITH CHECK

// ---- attributes of any object ------------------------------------------------------------
// `target` is the object as COMMENT/GRANT/ALTER ... OWNER spell it, e.g. "TABLE public.t",
// "COLUMN public.t.c", "FUNCTION public.f(integer)", "CONSTRAINT c ON public.t".
struct SetComment { ir::ObjectId object; std::string target; std::optional<std::string> from, to; };
struct Grant { ir::ObjectId object; std::string target; std::string column; ir::Privilege privilege; };
struct Revoke { ir::ObjectId object; std::string target; std::string column; ir::Privilege privilege; };
struct SetOwner { ir::ObjectId object; std::string target; std::string from, to; };

using Change = std::variant<
    CreateSchema, DropSchema, CreateExtension, DropExtension, AlterExtension, CreateCollation, DropCollation,
    CreateEnum, DropEnum, AddEnumValue, RecreateEnum, CreateDomain, DropDomain, AlterDomain,
    CreateCompositeType, DropCompositeType, AlterCompositeType,
    CreateSequence, DropSequence, AlterSequence,
    CreateTable, DropTable, RenameTable, AlterTable, AttachPartition, DetachPartition,
    AddColumn, DropColumn, RenameColumn, AlterColumnType, SetNotNull, DropNotNull, SetDefault,
    AlterIdentity, DropExpression, AlterColumnStorage,
    AddConstraint, DropConstraint, RenameConstraint, ValidateConstraint,
    CreateIndex, DropIndex, RenameIndex,
    CreateView, DropView, ReplaceView, CreateFunction, DropFunction, ReplaceFunction,
    CreateAggregate, DropAggregate, ReplaceAggregate,
    CreateTrigger, DropTrigger, SetTriggerEnabled, CreatePolicy, DropPolicy, AlterPolicy,
    SetComment, Grant, Revoke, SetOwner>;

struct DiffOptions {
  // Owners are compared only when this is set and both sides know them.
  bool owners = false;
  // Privileges (GRANT/REVOKE) are compared when set.
  bool privileges = true;
};

// The changes that take `from` to `to`, in the differ's deterministic order (by object kind,
// then name). Renames come only from `renamed_from` annotations on `to`'s tables and columns,
// and from constraints/indexes whose definitions are identical apart from the name.
std::vector<Change> diff(const ir::Catalog& from, const ir::Catalog& to, const DiffOptions& options = {});

// The change that undoes `change` (built from the pre-image it carries).
Change inverse(const Change& change);

// The object a change creates, drops or alters.
ir::ObjectId change_object(const Change& change);

// A one-line human summary: "add column public.users.email", "drop table public.t".
std::string describe(const Change& change);

}  // namespace schemactl::diff
