// SQL for one object at a time: the statements emit_catalog strings together and the planner
// builds migration steps from.
//
// Conventions: every function returns complete statements, each terminated by ";\n" (several
// statements are separated by nothing else). Names are schema-qualified and quoted with
// quote_ident/quote_qualified, so nothing depends on search_path. Expressions are emitted from
// Expr::text verbatim (never deparsed), types exactly as stored in the IR.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "compiler/ir.hpp"

namespace schemactl::emit {

// ---- schemas, extensions, types, sequences ------------------------------------------------
std::string create_schema(const ir::Schema& schema);
std::string drop_schema(const std::string& name);
std::string create_extension(const ir::Extension& extension);
std::string drop_extension(const std::string& name);

std::string create_collation(const ir::Collation& collation);
std::string drop_collation(const ir::QualifiedName& collation);

std::string create_enum(const ir::EnumType& type);
// ALTER TYPE ... ADD VALUE 'label' [BEFORE|AFTER 'neighbour'].
std::string add_enum_value(const ir::QualifiedName& type, const std::string& label,
                           const std::optional<std::string>& before = std::nullopt,
                           const std::optional<std::string>& after = std::nullopt);
std::string create_composite(const ir::CompositeType& type);
std::string drop_type(const ir::QualifiedName& type);  // enums and composite types

// CREATE DOMAIN with its valid checks inline; NOT VALID checks follow as ALTER DOMAIN ... NOT VALID.
std::string create_domain(const ir::Domain& domain);
std::string drop_domain(const ir::QualifiedName& domain);
std::string add_domain_constraint(const ir::QualifiedName& domain, const ir::CheckConstraint& check);
std::string drop_domain_constraint(const ir::QualifiedName& domain, const std::string& name);

// "START WITH 1 INCREMENT BY 1 ..." lines as CREATE SEQUENCE / identity columns take them.
std::string sequence_options(const ir::SequenceOptions& options, const std::string& separator);
std::string create_sequence(const ir::Sequence& sequence);  // without OWNED BY
std::string alter_sequence(const ir::QualifiedName& sequence, const ir::SequenceOptions& options);
// ALTER SEQUENCE ... OWNED BY table.column (or OWNED BY NONE); empty when there is nothing to say.
std::string sequence_owned_by(const ir::Sequence& sequence);
std::string drop_sequence(const ir::QualifiedName& sequence);

// ---- tables -------------------------------------------------------------------------------
struct TableParts {
  bool foreign_keys = false;        // FOREIGN KEY constraints inline (normally added after all tables)
  bool other_constraints = true;    // PK/UNIQUE/CHECK/EXCLUDE inline (NOT VALID ones never are)
  // The parent of a partition, or the INHERITS parents: inherited columns only emit what
  // differs from the parent's column (a default of their own, NOT NULL).
  std::vector<const ir::Table*> parents;
};
std::string create_table(const ir::Table& table, const TableParts& parts = {});
std::string drop_table(const ir::QualifiedName& table);

// "name type [COLLATE] [GENERATED ...] [DEFAULT ...] [NOT NULL]" as in CREATE TABLE.
std::string column_definition(const ir::Table& table, const ir::Column& column);
std::string add_column(const ir::Table& table, const ir::Column& column);
std::string drop_column(const ir::QualifiedName& table, const std::string& column);
std::string set_column_default(const ir::QualifiedName& table, const std::string& column,
                               const std::optional<ir::Expr>& default_expr);
std::string set_column_not_null(const ir::QualifiedName& table, const std::string& column, bool not_null);
// SET STATISTICS / SET STORAGE for the column's non-default settings (empty when none).
std::string column_settings(const ir::QualifiedName& table, const ir::Column& column);

// "PRIMARY KEY (id)", "FOREIGN KEY (a) REFERENCES public.t(b) ON DELETE CASCADE", "CHECK ((x > 0))"...
std::string constraint_definition(const ir::Constraint& constraint);
std::string add_constraint(const ir::QualifiedName& table, const ir::Constraint& constraint);
std::string drop_constraint(const ir::QualifiedName& table, const std::string& name);
std::string validate_constraint(const ir::QualifiedName& table, const std::string& name);

std::string attach_partition(const ir::Table& partition);   // ALTER TABLE parent ATTACH PARTITION ...
std::string detach_partition(const ir::Table& partition);
// ENABLE/FORCE ROW LEVEL SECURITY as the table has them (empty when both off).
std::string table_rls(const ir::Table& table);
// REPLICA IDENTITY when not the default (empty otherwise).
std::string replica_identity(const ir::Table& table);

// ---- indexes, views -----------------------------------------------------------------------
std::string create_index(const ir::Index& index);
std::string drop_index(const ir::QualifiedName& index);
std::string create_view(const ir::View& view);
std::string drop_view(const ir::View& view);
// ALTER VIEW ... ALTER COLUMN ... SET DEFAULT for each column default of a view (empty when none).
std::string view_column_defaults(const ir::View& view);

// ---- functions, triggers, policies --------------------------------------------------------
std::string create_function(const ir::Function& function, bool or_replace = false);
std::string drop_function(const ir::Function& function);
std::string create_trigger(const ir::QualifiedName& table, const ir::Trigger& trigger);
std::string drop_trigger(const ir::QualifiedName& table, const std::string& name);
// ALTER TABLE ... {DISABLE|ENABLE REPLICA|ENABLE ALWAYS} TRIGGER, empty for the default 'O'.
std::string trigger_enabled(const ir::QualifiedName& table, const ir::Trigger& trigger);
std::string create_policy(const ir::QualifiedName& table, const ir::Policy& policy);
// CREATE [OR REPLACE] AGGREGATE name(args) (SFUNC = ..., STYPE = ...[, options that are not the default]).
std::string create_aggregate(const ir::Aggregate& aggregate, bool or_replace = false);
std::string drop_aggregate(const ir::Aggregate& aggregate);
// "AGGREGATE public.a(text)", "AGGREGATE public.c(*)": how COMMENT ON/ALTER name an aggregate
// whose object id has `sub` "(identity args)".
std::string aggregate_reference(const ir::QualifiedName& name, const std::string& sub);
std::string drop_policy(const ir::QualifiedName& table, const std::string& name);

// ---- comments, owners, privileges ---------------------------------------------------------
// "TABLE public.t", "FUNCTION public.f(integer)", "COLUMN public.t.c", "TRIGGER tr ON public.t"...:
// how COMMENT ON names an object. Constraints name their table (use the domain_* variants for
// domain constraints).
std::string object_reference(const ir::ObjectId& object);
// COMMENT ON ... IS '...' (IS NULL removes it).
std::string comment_on(const ir::ObjectId& object, const std::optional<std::string>& comment);
std::string comment_on_domain_constraint(const ir::QualifiedName& domain, const std::string& name,
                                         const std::optional<std::string>& comment);
// ALTER <kind> name OWNER TO role (kinds that have owners; empty otherwise).
std::string owner_to(const ir::ObjectId& object, const std::string& role);

// The privileges an object kind has before any GRANT (minus the owner's, as the IR stores ACLs):
// EXECUTE for PUBLIC on functions, procedures and aggregates, USAGE for PUBLIC on types and domains.
ir::Acl default_acl(ir::ObjectKind kind);
// GRANT/REVOKE statements that turn `from` into `to` on `object` (columns: kind Column).
// Revokes come first, then grants; grants are grouped per grantee.
std::string acl_change(const ir::ObjectId& object, const ir::Acl& from, const ir::Acl& to);

// Object ids of the things emitted above, for comments/owners/ACLs and ordering.
ir::ObjectId object_id(const ir::Table& table);
ir::ObjectId object_id(const ir::View& view);
ir::ObjectId object_id(const ir::Function& function);
ir::ObjectId object_id(const ir::Aggregate& aggregate);

}  // namespace schemactl::emit
