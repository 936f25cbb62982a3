// The migrations history table (dbmate's schema_migrations) is bookkeeping of the runner, not
// part of the schema: introspection leaves it out of the catalog it reads, and so does the
// compiler when it is told the table's configured name, so that a schema file that contains
// it (a dump does) compares equal to the database it came from.
#pragma once

#include <string>

#include "compiler/ir.hpp"

namespace schemactl {

// The table a configured name ("table" or "schema.table") stands for; an unqualified name is
// in `default_schema`.
ir::QualifiedName migrations_table_name(const std::string& configured, const std::string& default_schema);

// Removes the table, its indexes and the dependency edges that involve it from `catalog`.
void leave_out_migrations_table(ir::Catalog& catalog, const ir::QualifiedName& table);

}  // namespace schemactl
