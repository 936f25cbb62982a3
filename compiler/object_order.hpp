// Dependency order for creating objects: a stable topological sort after a deterministic
// pre-sort by kind and name, as pg_dump does it (src/bin/pg_dump/pg_dump_sort.c).
//
// Used by emit_catalog for a whole schema and by the planner for migration steps (drops run
// the same order backwards).
#pragma once

#include <set>
#include <string>
#include <vector>

#include "compiler/ir.hpp"

namespace schemactl {

// `from` must be created after `to` (from depends on to), as in ir::Dependency.
struct OrderEdge {
  ir::ObjectId from;
  ir::ObjectId to;
  // A soft edge comes from guessing (names found in expression text, a sequence owned by a
  // column): it orders objects when it can, and is dropped when it closes a cycle.
  bool soft = false;
  auto operator<=>(const OrderEdge&) const = default;
  bool operator==(const OrderEdge&) const = default;
};

// The pre-sort rank of a kind: schemas, extensions, types, functions, sequences, tables, views,
// materialized views, then indexes, constraints, triggers and policies.
int kind_rank(ir::ObjectKind kind);

// `objects` ordered so that each comes after everything it depends on; ties keep the
// (kind rank, schema, name, sub) order. Edges naming objects outside `objects` are mapped to
// their owner when it is there (a column or constraint to its table or view) or ignored.
// Throws InputError naming every object of a cycle that only hard edges close.
std::vector<ir::ObjectId> order_objects(const std::vector<ir::ObjectId>& objects, const std::vector<OrderEdge>& edges);

// The top-level objects emit_catalog creates before data (schemas, extensions, types, sequences,
// functions, tables, views), and the edges between them: the catalog's recorded dependencies
// plus references read off the IR itself (column/attribute/argument types, domain base types,
// inheritance and partition parents, the objects of each schema, and names found in defaults,
// checks and view queries).
std::vector<ir::ObjectId> catalog_objects(const ir::Catalog& catalog);
std::vector<OrderEdge> catalog_edges(const ir::Catalog& catalog);

// A readable name for messages: "table public.users", "function public.f(integer)".
std::string describe(const ir::ObjectId& object);

}  // namespace schemactl
