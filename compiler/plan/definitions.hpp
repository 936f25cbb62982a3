// SQL fragments for the planner's ALTER forms (identity clauses, privileges).
// CREATE forms come from the emitter (compiler/emit_objects.hpp).
#pragma once

#include <string>

#include "compiler/ir.hpp"

namespace schemactl::plan::sql {

std::string identity_clause(const ir::Identity& identity, const std::string& column_type,
                            const ir::QualifiedName& table, const std::string& column);
// Option clauses ("INCREMENT BY 2 MAXVALUE 100") that differ from the defaults of `type`.
std::string sequence_options(const ir::SequenceOptions& options, bool with_type);
std::string privilege_target_grant(const std::string& target, const std::string& column,
                                   const ir::Privilege& privilege, bool grant);

}  // namespace schemactl::plan::sql
