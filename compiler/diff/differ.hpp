// Internal to the differ: the state shared by the per-family diff functions.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "compiler/diff.hpp"

namespace schemactl::diff::detail {

struct Differ {
  const ir::Catalog& from;
  const ir::Catalog& to;
  const DiffOptions& options;
  std::vector<Change> changes;

  // Tables of `from` that are dropped (by name in `from`), and tables of `to` that are created.
  std::set<QualifiedName> dropped_tables;
  std::set<QualifiedName> created_tables;
  // Renames: table name in `to` -> name in `from`.
  std::map<QualifiedName, QualifiedName> table_renamed_from;
  // Columns converted (and given their desired default) by a RecreateEnum.
  std::set<std::pair<QualifiedName, std::string>> recreated_type_columns;
  // Sequences of `to` that a created table's serial column creates (no CREATE SEQUENCE of their own).
  std::set<QualifiedName> serial_sequences;

  void add(Change change) { changes.push_back(std::move(change)); }

  // The table of `from` that `to`'s table `name` corresponds to (following renames), or nullptr.
  const ir::Table* from_table_for(const QualifiedName& name) const;
};

// The sequence that makes `column` of `table` (in `catalog`) a serial column, as `serial` would
// create it: named <table>_<column>_seq in the table's schema, owned by the column, default
// options for the column's integer type, the column NOT NULL with DEFAULT nextval of it, and
// nothing of its own (comment, grants). nullptr otherwise.
const ir::Sequence* serial_sequence(const ir::Catalog& catalog, const ir::Table& table, const ir::Column& column);
// When `column` of a table being created (or added to `table`) is a serial column of a new
// sequence, rewrites it as `serial`/`bigserial`/`smallserial` without its default and records the
// sequence in d.serial_sequences (PostgreSQL creates it, owned by the table's owner).
bool make_serial(Differ& d, const ir::Table& table, ir::Column& column);

// One function per object family, each appending to d.changes.
void diff_schemas(Differ& d);
void diff_extensions(Differ& d);
void diff_collations(Differ& d);
void diff_types(Differ& d);  // enums, domains, composite types
void diff_sequences(Differ& d);
void diff_tables(Differ& d);
void diff_indexes(Differ& d);
void diff_views(Differ& d);
void diff_functions(Differ& d);
void diff_aggregates(Differ& d);
// An aggregate created, with its comment and privileges as steps of their own.
void create_aggregate(Differ& d, const ir::Aggregate& aggregate);
// A view's INSTEAD OF triggers and column defaults: all of them for a created (or recreated)
// view, the differences for a kept one; forget_view_members removes the ones already listed
// for `view` before it is recreated around a change (which lists them again).
void create_view_members(Differ& d, const ir::View& view);
void diff_view_members(Differ& d, const ir::View& from, const ir::View& to);
void forget_view_members(Differ& d, const QualifiedName& view);
// Views, triggers and policies that depend on something being dropped, retyped or recreated are
// dropped and recreated around the change (never CASCADE).
void recreate_dependents(Differ& d);

// A trigger (on a table or a view) or a policy created, with its comment as a step of its own
// (CREATE TRIGGER and CREATE POLICY cannot set one, and the plan renders only the statement).
void create_trigger(Differ& d, const QualifiedName& relation, const ir::Trigger& trigger);
void create_policy(Differ& d, const QualifiedName& table, const ir::Policy& policy);
// "TRIGGER name ON relation", the target of COMMENT ON.
std::string trigger_target(const QualifiedName& relation, const std::string& name);

// Attribute helpers shared by all families.
void diff_comment(Differ& d, const ir::ObjectId& object, const std::string& target,
                  const std::optional<std::string>& from, const std::optional<std::string>& to);
void diff_acl(Differ& d, const ir::ObjectId& object, const std::string& target, const std::string& column,
              const ir::Acl& from, const ir::Acl& to);
void diff_owner(Differ& d, const ir::ObjectId& object, const std::string& target,
                const std::optional<std::string>& from, const std::optional<std::string>& to);

// Comment/grant targets: "TABLE public.t", "COLUMN public.t.c", ...
std::string table_target(const ir::Table& table);
std::string function_target(const ir::Function& function);
std::string view_target(const ir::View& view);
// "AGGREGATE public.a(text)" (COMMENT ON, ALTER ... OWNER TO) and "FUNCTION public.a(text)" (GRANT:
// there is no GRANT ON AGGREGATE).
std::string aggregate_target(const ir::Aggregate& aggregate);
std::string aggregate_grant_target(const ir::Aggregate& aggregate);

}  // namespace schemactl::diff::detail
