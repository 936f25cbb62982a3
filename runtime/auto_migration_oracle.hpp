// The server as the oracle, applied only where it is needed.
//
// An offline diff (schema.sql compiled, against the live catalog) is exact for most changes; the
// ones that compare text the server rewrites, or names the server chooses, are "uncertain"
// (compiler/diff/uncertain.hpp). Only those objects are loaded into the scratch database, with
// what they need to be created (their schemas, types, functions, sequences and views in full,
// the tables they reference as stubs: columns and keys only), and read back: the desired state
// is the compiler's catalog with those objects as the server spells them. A 5,000-table schema
// with one changed view loads a handful of objects, not 5,000 tables.
#pragma once

#include <set>

#include "compiler/ir.hpp"
#include "runtime/introspect.hpp"

namespace schemactl::runtime {

class ScratchDatabase;

// The part of `compiled` that creates `uncertain` (top-level object ids, as uncertain_objects
// returns them): those objects in full, plus every schema, extension, collation, type and
// function, the sequences and views they use, and the tables they reference reduced to stubs.
ir::Catalog oracle_subset(const ir::Catalog& compiled, const std::set<ir::ObjectId>& uncertain);

// `compiled` with each of `uncertain` replaced by its introspected twin from `server` (the
// scratch database's catalog); source spans and rename annotations stay the compiler's.
ir::Catalog with_server_spelling(const ir::Catalog& compiled, const ir::Catalog& server,
                                 const std::set<ir::ObjectId>& uncertain);

// The compiler records no references of queries and expressions: the live catalog's pg_depend
// edges between objects that `desired` has too (and that are not uncertain, whose edges come from
// the server) are added to `desired`, so that a view that stays orders the down migration's
// changes to what it reads as it does the up migration's.
void borrow_dependencies(ir::Catalog& desired, const ir::Catalog& current, const std::set<ir::ObjectId>& uncertain);

// The desired state with the oracle applied to `uncertain` only: oracle_subset loaded into
// `scratch` and introspected. When the subset does not load (a reference the compiler did not
// record), the whole of `compiled` is loaded instead. InputError when schema.sql itself does not
// load. Leaves `scratch` empty.
ir::Catalog oracle_desired_state(const ir::Catalog& compiled, const std::set<ir::ObjectId>& uncertain,
                                 ScratchDatabase& scratch, const IntrospectOptions& options);

}  // namespace schemactl::runtime
