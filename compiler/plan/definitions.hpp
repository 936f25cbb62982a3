// SQL text of object definitions, used by the step renderer for CREATE forms and by ALTER
// forms that embed a definition (ADD COLUMN, ADD CONSTRAINT).
#pragma once

#include <string>

#include "compiler/ir.hpp"

namespace schemactl::plan::sql {

std::string column_definition(const ir::Column& column);
std::string identity_clause(const ir::Identity& identity, const std::string& column_type,
                            const ir::QualifiedName& table, const std::string& column);
// Option clauses ("INCREMENT BY 2 MAXVALUE 100") that differ from the defaults of `type`.
std::string sequence_options(const ir::SequenceOptions& options, bool with_type);
std::string constraint_definition(const ir::Constraint& constraint);
std::string create_table(const ir::Table& table);
std::string create_index(const ir::Index& index);
std::string create_view(const ir::View& view, bool or_replace);
std::string create_function(const ir::Function& function);
std::string create_trigger(const ir::QualifiedName& table, const ir::Trigger& trigger);
std::string trigger_enabled(const ir::QualifiedName& table, const std::string& trigger, char enabled);
std::string create_policy(const ir::QualifiedName& table, const ir::Policy& policy);
std::string create_enum(const ir::EnumType& type);
std::string create_domain(const ir::Domain& domain);
std::string create_composite(const ir::CompositeType& type);
std::string create_sequence(const ir::Sequence& sequence);
std::string role_name(const std::string& role);  // PUBLIC stays a keyword
std::string privilege_target_grant(const std::string& target, const std::string& column,
                                   const ir::Privilege& privilege, bool grant);

}  // namespace schemactl::plan::sql
