// IR -> canonical SQL: the text `compile` prints and `dump` writes.
// Deterministic (same IR, same bytes), loadable by psql into an empty database (objects in
// dependency order, foreign keys after all tables, as pg_dump orders them), identifiers quoted
// exactly when needed.
#pragma once

#include <string>

#include "compiler/ir.hpp"

namespace schemactl {

struct EmitOptions {
  bool owners = false;      // ALTER ... OWNER TO
  bool privileges = false;  // GRANT / REVOKE
  bool data = true;         // the catalog's data statements (INSERT/COPY), at the end
  // The search_path the script runs under. Every name the emitter writes is schema-qualified,
  // and introspected expression text (pg_get_expr under an empty search_path) is too, but
  // compiled expression text is the user's own: unqualified names in it mean the compile's
  // default schema. Comma-separated, quoted as in SET search_path.
  std::string search_path = "public";
};

std::string emit_catalog(const ir::Catalog& catalog, const EmitOptions& options = {});

}  // namespace schemactl
