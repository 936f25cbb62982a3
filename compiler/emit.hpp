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
};

std::string emit_catalog(const ir::Catalog& catalog, const EmitOptions& options = {});

}  // namespace schemactl
