// Table constraints in the order PostgreSQL names them: CHECK constraints when the table is
// created, then the indexes of PRIMARY KEY/UNIQUE/EXCLUDE, then FOREIGN KEYs.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "compiler/lower/context.hpp"

namespace schemactl::lower {

struct PendingConstraint {
  Element node;            // the Constraint node's fields
  std::string column;      // set for a column constraint
  std::optional<bool> deferrable;    // from CONSTRAINT ATTR entries after a column constraint
  std::optional<bool> initially_deferred;
  std::string node_name_override;  // USING INDEX without a constraint name: the index's name
};

struct PendingConstraints {
  std::vector<PendingConstraint> checks, indexes, foreign_keys;
  PendingConstraint* last = nullptr;  // target of a following ATTR entry
  // Adds a Constraint node (fields); returns false when it is not a constraint to collect.
  void collect(Element constraint, const std::string& column);
};

// `in_create`: NOT VALID is ignored in CREATE TABLE (PostgreSQL validates an empty table).
void apply_constraints(Context& ctx, ir::Table& table, PendingConstraints& pending, bool in_create);

// Lowers a ColumnDef into `table`; its table-level constraints go to `pending`.
void add_column(Context& ctx, ir::Table& table, Element column_def, PendingConstraints& pending);

// Merges the columns and inheritable constraints of the parents into `child` (run at the end,
// when every table is known). `parents` hold absolute offsets for diagnostics.
void inherit_from_parents(Context& ctx, const ir::QualifiedName& child,
                          const std::vector<std::pair<ir::QualifiedName, int>>& parents, bool is_partition,
                          const SourceFile* file);

// FOR VALUES ... / DEFAULT, as pg_get_expr prints a partition bound.
std::string partition_bound_text(Context& ctx, Element bound);
// Once every statement is read: the bound of partition `child` with its values read by the
// types of the parent's key columns, as the server prints them (canonical_partition_bound).
void canonicalize_partition_bound_later(Context& ctx, const ir::QualifiedName& child);
// <table>_<column>_seq, unique among the schema's relations.
std::string naming_identity_sequence(Context& ctx, const ir::Table& table, const std::string& column);

// Copies an inheritable constraint of a parent to a child (CHECK to every child; PRIMARY KEY,
// UNIQUE and FOREIGN KEY to partitions), and a partitioned table's index to a partition.
void clone_constraint_to_child(Context& ctx, ir::Table& child, const ir::Constraint& constraint, bool is_partition);
void clone_index_to_partition(Context& ctx, const ir::QualifiedName& child, const ir::Index& index);
// After a constraint or index was added to a parent without ONLY: its existing children get it too.
void propagate_constraint(Context& ctx, const ir::Table& parent, const std::string& name);
void propagate_index(Context& ctx, const ir::Index& index);

// WITH (...) storage parameters as PostgreSQL stores them: "name=value", sorted.
std::vector<std::string> reloptions(Element options_owner, std::string_view key = "options");
// Canonical collation name: pg_catalog."C" (unqualified collations live in pg_catalog).
std::string collation_name(const std::vector<std::string>& names);
// Text of a DefElem argument.
std::string def_arg_text(Element arg);

}  // namespace schemactl::lower
