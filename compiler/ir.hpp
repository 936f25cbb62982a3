// The canonical intermediate representation shared by every part of schemactl.
//
// Two producers build it (the compiler from schema.sql, introspection from a live catalog),
// the differ compares two of them, the emitter writes one back as SQL. Both producers must
// represent the same object identically: that is what the round-trip tests check.
//
// Conventions (both producers follow them):
//  * Names are stored unquoted, exactly as PostgreSQL stores them (already case-folded).
//  * Types are spelled as PostgreSQL's format_type() prints them under an empty search_path:
//    "integer", "character varying(255)", "timestamp with time zone", "text[]",
//    user types schema-qualified and quoted where needed ("public.mood", "app.\"Status\"").
//  * Expressions keep their text for emitting and a canonical key for comparing (see Expr).
//  * Containers are ordered maps keyed by name, so iteration order is deterministic.
//  * Source spans, dependencies and annotations are metadata: they never take part in ==.
//  * Members that most objects leave unset are Boxed (compiler/boxed.hpp): an optional on the
//    heap, one pointer when unset, so that a schema's tens of thousands of columns, constraints
//    and indexes do not each carry the full size of what they do not use.
#pragma once

#include <compare>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "compiler/acl.hpp"
#include "compiler/boxed.hpp"
#include "compiler/file_name.hpp"

namespace schemactl::ir {

// Where an object was declared in schema.sql; empty for introspected objects.
struct SourceSpan {
  FileName file;   // interned: one copy of each path, however many objects it declares
  int line = 0;    // 1-based; 0 = unknown
  int column = 0;  // 1-based, in bytes
  int offset = -1; // byte offset in the file
  bool known() const { return line > 0; }
};

// Wraps metadata so that it is carried along but never compared.
template <typename T>
struct NotCompared {
  T value{};
  bool operator==(const NotCompared&) const { return true; }
};

struct QualifiedName {
  std::string schema;
  std::string name;
  auto operator<=>(const QualifiedName&) const = default;
  bool operator==(const QualifiedName&) const = default;
};

// An SQL expression (default, check, index key, predicate, view query, policy condition...).
// `text` is what gets emitted: the user's own source slice, or the server's pg_get_expr text.
// `key` is the canonical comparison key derived from the parse tree (see compiler/canonical_expr).
// Two expressions are equal when their keys are equal.
struct Expr {
  std::string text;
  std::string key;
  bool operator==(const Expr& other) const { return key == other.key; }
};


// Identity of any object, used for dependency edges and for plan steps.
enum class ObjectKind {
  Schema, Extension, Enum, Domain, CompositeType, Sequence, Table, Column, Constraint, Index,
  View, MaterializedView, Function, Procedure, Trigger, Policy, Collation, Aggregate
};
struct ObjectId {
  ObjectKind kind{};
  QualifiedName name;  // for Schema/Extension: name only in `name.name`
  std::string sub;     // column/constraint/trigger/policy name; function/aggregate identity args "(integer, text)"
  auto operator<=>(const ObjectId&) const = default;
  bool operator==(const ObjectId&) const = default;
};

struct Schema {
  std::string name;
  std::optional<std::string> owner;  // only compared/emitted when owners are requested
  std::optional<std::string> comment;
  Acl acl;
  NotCompared<SourceSpan> span;
  bool operator==(const Schema&) const = default;
};

// Whether two values of an extension agree when a schema file may leave them unstated: they are
// compared only when both sides state one. A schema file that does not pin a version accepts
// whatever version is installed; a stated version must match. The same for the comment, which
// CREATE EXTENSION sets from the control file and a schema file rarely repeats (pg_dump's do).
// The differ and every IR comparison use this one rule.
inline bool extension_values_agree(const std::optional<std::string>& a, const std::optional<std::string>& b) {
  return !a || !b || *a == *b;
}

struct Extension {
  std::string name;
  std::string schema;                 // schema the extension's objects live in
  std::optional<std::string> version; // compared only when both sides know it
  std::optional<std::string> comment;
  NotCompared<SourceSpan> span;
  bool operator==(const Extension& other) const {
    return name == other.name && schema == other.schema && extension_values_agree(comment, other.comment) &&
           extension_values_agree(version, other.version);
  }
};

// CREATE COLLATION. Stored as pg_collation has it: libc collations keep lc_collate/lc_ctype
// (`locale = 'x'` sets both), ICU collations keep their ICU locale (colliculocale).
struct Collation {
  QualifiedName name;
  std::string provider = "libc";         // libc or icu
  std::optional<std::string> locale;     // icu
  std::optional<std::string> lc_collate; // libc
  std::optional<std::string> lc_ctype;   // libc
  bool deterministic = true;
  std::optional<std::string> owner;
  std::optional<std::string> comment;
  NotCompared<SourceSpan> span;
  bool operator==(const Collation&) const = default;
};

struct EnumType {
  QualifiedName name;
  std::vector<std::string> labels;  // in sort order
  std::optional<std::string> owner;
  std::optional<std::string> comment;
  Acl acl;
  NotCompared<SourceSpan> span;
  bool operator==(const EnumType&) const = default;
};

struct CheckConstraint {
  std::string name;
  Expr expr;
  bool not_valid = false;
  bool no_inherit = false;
  std::optional<std::string> comment;
  bool operator==(const CheckConstraint&) const = default;
};

struct Domain {
  QualifiedName name;
  std::string base_type;            // format_type spelling
  bool not_null = false;
  std::optional<Expr> default_expr;
  std::optional<std::string> collation;  // qualified, only when not the base type's default
  std::map<std::string, CheckConstraint> checks;
  std::optional<std::string> owner;
  std::optional<std::string> comment;
  Acl acl;
  NotCompared<SourceSpan> span;
  bool operator==(const Domain&) const = default;
};

struct CompositeAttribute {
  std::string name;
  std::string type;
  std::optional<std::string> collation;
  std::optional<std::string> comment;
  bool operator==(const CompositeAttribute&) const = default;
};

struct CompositeType {
  QualifiedName name;
  std::vector<CompositeAttribute> attributes;  // in declaration order
  std::optional<std::string> owner;
  std::optional<std::string> comment;
  Acl acl;
  NotCompared<SourceSpan> span;
  bool operator==(const CompositeType&) const = default;
};

struct SequenceOptions {
  std::string type = "bigint";  // smallint, integer or bigint
  int64_t start = 1;
  int64_t increment = 1;
  int64_t min_value = 1;
  int64_t max_value = 9223372036854775807LL;
  int64_t cache = 1;
  bool cycle = false;
  bool operator==(const SequenceOptions&) const = default;
};

struct Sequence {
  QualifiedName name;
  SequenceOptions options;
  // OWNED BY table.column (serial columns own their sequence). Identity sequences are not
  // listed here: they belong to their column's Identity.
  std::optional<QualifiedName> owned_by_table;
  std::optional<std::string> owned_by_column;
  bool unlogged = false;
  std::optional<std::string> owner;
  std::optional<std::string> comment;
  Acl acl;
  NotCompared<SourceSpan> span;
  bool operator==(const Sequence&) const = default;
};

struct Identity {
  bool always = false;  // GENERATED ALWAYS vs BY DEFAULT
  QualifiedName sequence_name;  // the implicit sequence, named <table>_<column>_seq by default
  SequenceOptions options;
  bool operator==(const Identity&) const = default;
};

struct Column {
  std::string name;
  std::string type;                     // format_type spelling
  bool not_null = false;
  bool is_local = true;                 // false for columns inherited only from a parent
  Boxed<Expr> default_expr;
  Boxed<Identity> identity;
  Boxed<Expr> generated;                // GENERATED ALWAYS AS (expr) STORED
  Boxed<std::string> collation;         // qualified ("pg_catalog.\"C\""), only when not the type's default
  Boxed<std::string> storage;           // only when not the type's default: plain, external, extended, main
  std::optional<int> statistics;        // ALTER COLUMN SET STATISTICS, when set
  Boxed<std::string> comment;
  Acl acl;                              // column privileges
  NotCompared<Boxed<std::string>> renamed_from;  // -- schemactl:renamed-from
  NotCompared<SourceSpan> span;
  bool operator==(const Column&) const = default;
};

enum class ConstraintKind { PrimaryKey, Unique, ForeignKey, Check, Exclude };

struct ForeignKey {
  QualifiedName ref_table;
  std::vector<std::string> ref_columns;
  char match = 's';      // 's' simple, 'f' full, 'p' partial (pg_constraint.confmatchtype)
  char on_update = 'a';  // 'a' no action, 'r' restrict, 'c' cascade, 'n' set null, 'd' set default
  char on_delete = 'a';
  std::vector<std::string> on_delete_set_columns;  // ON DELETE SET NULL (cols), PG 15
  bool operator==(const ForeignKey&) const = default;
};

// An exclusion element: a column or expression with its operator.
struct ExcludeElement {
  std::optional<std::string> column;
  std::optional<Expr> expr;
  std::optional<std::string> opclass;
  bool descending = false;
  bool nulls_first = false;
  std::string op;  // operator, e.g. "=" or "&&" (qualified when not in pg_catalog)
  bool operator==(const ExcludeElement&) const = default;
};

// What only an exclusion constraint has: EXCLUDE USING method (elements) WHERE (predicate).
struct Exclusion {
  std::string method;                  // the index access method, e.g. gist
  std::vector<ExcludeElement> elements;
  Boxed<Expr> where;
  bool operator==(const Exclusion&) const = default;
};

struct Constraint {
  std::string name;
  ConstraintKind kind{};
  std::vector<std::string> columns;    // PK/UNIQUE/FK columns
  std::vector<std::string> include;    // INCLUDE (...) for PK/UNIQUE
  bool nulls_not_distinct = false;     // UNIQUE NULLS NOT DISTINCT
  Boxed<ForeignKey> foreign_key;
  Boxed<Expr> check;                   // CHECK expression
  bool no_inherit = false;             // CHECK ... NO INHERIT
  Boxed<Exclusion> exclusion;          // set on exclusion constraints only
  std::vector<std::string> index_options;  // WITH (...) storage parameters of the backing index
  Boxed<std::string> index_tablespace;
  bool deferrable = false;
  bool initially_deferred = false;
  bool not_valid = false;              // added NOT VALID and not validated since
  bool is_local = true;                // false when only inherited
  Boxed<std::string> comment;
  NotCompared<SourceSpan> span;
  bool operator==(const Constraint&) const = default;
};

struct Policy {
  std::string name;
  bool permissive = true;
  std::string command = "ALL";          // ALL, SELECT, INSERT, UPDATE, DELETE
  std::vector<std::string> roles;       // sorted; {"PUBLIC"} when none given
  std::optional<Expr> using_expr;
  std::optional<Expr> check_expr;
  std::optional<std::string> comment;
  NotCompared<SourceSpan> span;
  bool operator==(const Policy&) const = default;
};

struct Trigger {
  std::string name;
  std::string timing;                   // BEFORE, AFTER, INSTEAD OF
  std::vector<std::string> events;      // INSERT, UPDATE, DELETE, TRUNCATE in that order
  std::vector<std::string> update_columns;  // UPDATE OF ...
  bool for_each_row = false;
  std::optional<Expr> when;
  QualifiedName function;
  std::vector<std::string> arguments;   // string literals as given
  bool constraint_trigger = false;
  bool deferrable = false;
  bool initially_deferred = false;
  std::optional<QualifiedName> constraint_ref_table;  // FROM referenced_table
  std::optional<std::string> old_table;  // REFERENCING OLD TABLE AS
  std::optional<std::string> new_table;  // REFERENCING NEW TABLE AS
  char enabled = 'O';                    // pg_trigger.tgenabled: O, D, R, A
  std::optional<std::string> comment;
  NotCompared<SourceSpan> span;
  bool operator==(const Trigger&) const = default;
};

enum class TableKind { Regular, Partitioned };

struct Table {
  QualifiedName name;
  TableKind kind = TableKind::Regular;
  bool unlogged = false;
  std::vector<Column> columns;          // in attnum order (dropped columns skipped)
  std::map<std::string, Constraint> constraints;
  std::vector<QualifiedName> inherits;  // INHERITS (...), in order; empty for partitions
  Boxed<std::string> partition_by;      // "RANGE (created_at)" as pg_get_partkeydef prints
  Boxed<QualifiedName> partition_of;    // parent, for a partition
  Boxed<std::string> partition_bound;   // "FOR VALUES FROM (...) TO (...)" / "DEFAULT"
  std::vector<std::string> options;     // reloptions, "fillfactor=70", sorted
  Boxed<std::string> access_method;     // only when not heap
  Boxed<std::string> tablespace;
  bool rls_enabled = false;
  bool rls_forced = false;
  char replica_identity = 'd';          // d default, n nothing, f full, i index
  Boxed<std::string> replica_identity_index;
  std::map<std::string, Policy> policies;
  std::map<std::string, Trigger> triggers;
  std::optional<std::string> owner;
  std::optional<std::string> comment;
  Acl acl;
  NotCompared<Boxed<QualifiedName>> renamed_from;  // -- schemactl:renamed-from
  NotCompared<SourceSpan> span;
  bool operator==(const Table&) const = default;

  const Column* find_column(const std::string& column) const {
    for (const auto& c : columns) if (c.name == column) return &c;
    return nullptr;
  }
};

struct IndexElement {
  std::optional<std::string> column;  // a plain column, or
  Boxed<Expr> expr;                   // an expression
  Boxed<std::string> collation;
  Boxed<std::string> opclass;         // only when not the default for the type
  std::vector<std::string> opclass_options;
  bool descending = false;
  bool nulls_first = false;           // only meaningful when it differs from the default for the order
  bool operator==(const IndexElement&) const = default;
};

// A standalone index (indexes that back PK/UNIQUE/EXCLUDE constraints belong to the constraint).
struct Index {
  QualifiedName name;                 // schema = the table's schema
  QualifiedName table;                // table or materialized view
  bool unique = false;
  bool nulls_not_distinct = false;
  std::string method = "btree";
  std::vector<IndexElement> elements;
  std::vector<std::string> include;
  Boxed<Expr> where;
  std::vector<std::string> options;   // WITH (...), sorted
  Boxed<std::string> tablespace;
  Boxed<std::string> comment;
  NotCompared<SourceSpan> span;
  bool operator==(const Index&) const = default;
};

struct View {
  QualifiedName name;
  bool materialized = false;
  std::vector<std::string> columns;   // output column names, in order
  Expr query;                         // the SELECT (text without trailing semicolon)
  std::optional<std::string> check_option;  // LOCAL, CASCADED
  std::vector<std::string> options;   // security_barrier=true, security_invoker=true, sorted
  bool with_data = true;              // materialized views
  std::optional<std::string> tablespace;
  std::map<std::string, std::string> column_comments;
  std::map<std::string, Expr> column_defaults;  // ALTER VIEW ... ALTER COLUMN c SET DEFAULT
  std::map<std::string, Trigger> triggers;      // INSTEAD OF ... FOR EACH ROW (views only)
  std::optional<std::string> owner;
  std::optional<std::string> comment;
  Acl acl;
  NotCompared<SourceSpan> span;
  bool operator==(const View&) const = default;
};

struct FunctionArgument {
  std::string mode = "IN";            // IN, OUT, INOUT, VARIADIC, TABLE
  std::optional<std::string> name;
  std::string type;                   // format_type spelling
  std::optional<Expr> default_expr;
  bool operator==(const FunctionArgument&) const = default;
};

struct Function {
  QualifiedName name;
  bool is_procedure = false;
  std::string identity_args;          // "integer, text": the input argument types, as pg_get_function_identity_arguments prints them
  std::vector<FunctionArgument> arguments;
  std::optional<std::string> returns; // "integer", "SETOF public.t", "TABLE(a integer, b text)", "trigger"; none for procedures
  std::string language;
  std::string body;                   // the AS '...' string (prosrc), or the SQL-standard body text
  bool sql_body = false;              // BEGIN ATOMIC / RETURN form
  std::string volatility = "VOLATILE";// IMMUTABLE, STABLE, VOLATILE
  bool strict = false;
  bool security_definer = false;
  bool leakproof = false;
  std::string parallel = "UNSAFE";    // SAFE, RESTRICTED, UNSAFE
  double cost = 100;
  double rows = 0;                    // set-returning functions only (default 1000)
  std::vector<std::string> config;    // SET key=value, sorted
  std::optional<std::string> owner;
  std::optional<std::string> comment;
  Acl acl;
  NotCompared<SourceSpan> span;
  bool operator==(const Function&) const = default;

  // "schema.name(identity args)": the map key.
  std::string signature() const { return name.schema + "." + name.name + "(" + identity_args + ")"; }
};

// CREATE AGGREGATE. Support functions are spelled as regproc prints them under an empty
// search_path: built-ins bare ("int8inc"), the others schema-qualified ("public._group_concat");
// types in format_type spelling. Every option holds the server's effective value (the kind's
// default when none was given), so a file that states a default and one that leaves it out
// compare equal; the emitter leaves defaults out.
struct Aggregate {
  QualifiedName name;
  // The input arguments as pg_get_function_identity_arguments prints them, without argument
  // names: "text", "integer, VARIADIC integer[]", "double precision ORDER BY double precision",
  // "VARIADIC \"any\" ORDER BY VARIADIC \"any\""; empty for aggregate(*).
  std::string identity_args;
  std::vector<FunctionArgument> arguments;  // as pg_proc lists them (mode IN or VARIADIC), direct ones first
  std::string kind = "normal";              // normal, ordered-set, hypothetical (pg_aggregate.aggkind n/o/h)
  int direct_args = 0;                      // ordered-set: arguments before ORDER BY (aggnumdirectargs)
  std::string sfunc;
  std::string stype;
  int sspace = 0;
  std::optional<std::string> finalfunc;
  bool finalfunc_extra = false;
  std::string finalfunc_modify = "READ_ONLY";  // READ_ONLY, SHAREABLE, READ_WRITE (ordered-set default)
  std::optional<std::string> combinefunc;
  std::optional<std::string> serialfunc;
  std::optional<std::string> deserialfunc;
  std::optional<std::string> initcond;
  std::optional<std::string> msfunc;         // moving-aggregate mode
  std::optional<std::string> minvfunc;
  std::optional<std::string> mstype;
  int msspace = 0;
  std::optional<std::string> mfinalfunc;
  bool mfinalfunc_extra = false;
  std::string mfinalfunc_modify = "READ_ONLY";
  std::optional<std::string> minitcond;
  std::optional<std::string> sortop;         // operator name, schema-qualified unless in pg_catalog
  std::string parallel = "UNSAFE";           // SAFE, RESTRICTED, UNSAFE
  std::optional<std::string> owner;
  std::optional<std::string> comment;
  Acl acl;                                   // EXECUTE, PUBLIC's by default as for functions
  NotCompared<SourceSpan> span;
  bool operator==(const Aggregate&) const = default;

  // "schema.name(identity args)": the map key.
  std::string signature() const { return name.schema + "." + name.name + "(" + identity_args + ")"; }
  // The argument types as a function's would be listed ("double precision, double precision"):
  // how GRANT ... ON FUNCTION names an aggregate, and the pg_proc identity it shares with functions.
  std::string function_args() const {
    std::string out;
    for (const auto& a : arguments) out += (out.empty() ? "" : ", ") + a.type;
    return out;
  }
};

// A statement that is data rather than schema (INSERT, COPY ... FROM stdin): kept aside, replayed by load.
struct DataStatement {
  std::string sql;
  NotCompared<SourceSpan> span;
  bool operator==(const DataStatement&) const = default;
};

struct Dependency {
  ObjectId from;  // depends on
  ObjectId to;
  auto operator<=>(const Dependency&) const = default;
  bool operator==(const Dependency&) const = default;
};

struct Catalog {
  std::map<std::string, Schema> schemas;
  std::map<std::string, Extension> extensions;
  std::map<QualifiedName, Collation> collations;
  std::map<QualifiedName, EnumType> enums;
  std::map<QualifiedName, Domain> domains;
  std::map<QualifiedName, CompositeType> composite_types;
  std::map<QualifiedName, Sequence> sequences;
  std::map<QualifiedName, Table> tables;
  std::map<QualifiedName, Index> indexes;
  std::map<QualifiedName, View> views;          // views and materialized views
  std::map<std::string, Function> functions;    // keyed by Function::signature()
  // Aggregates share pg_proc's namespace with functions but no attribute: a map of their own,
  // keyed by Aggregate::signature().
  std::map<std::string, Aggregate> aggregates;
  NotCompared<std::set<Dependency>> dependencies;
  NotCompared<std::vector<DataStatement>> data;
  // Of a live database (introspection, when asked): the owner of every object that has
  // privileges, keyed by owner_key(), and the role the session ran as (which will own what a
  // migration creates). An owner's privileges are implicit, so a schema file's GRANT to the
  // owner is no change: the differ needs to know who that is even when owners are not compared.
  NotCompared<std::map<ObjectId, std::string>> owners;
  NotCompared<std::string> session_role;
  bool operator==(const Catalog&) const = default;
};

// The key of Catalog::owners for an object or one of its members: a column stands for its table
// (column privileges are the table owner's to grant), a materialized view for a view, a
// procedure for a function; function and aggregate arguments in parentheses, "(integer, text)".
inline ObjectId owner_key(ObjectId id) {
  if (id.kind == ObjectKind::Column) id.kind = ObjectKind::Table, id.sub.clear();
  if (id.kind == ObjectKind::MaterializedView) id.kind = ObjectKind::View;
  if (id.kind == ObjectKind::Procedure) id.kind = ObjectKind::Function;
  if ((id.kind == ObjectKind::Function || id.kind == ObjectKind::Aggregate) && (id.sub.empty() || id.sub.front() != '('))
    id.sub = "(" + id.sub + ")";
  return id;
}

}  // namespace schemactl::ir
