// State shared by the per-kind catalog readers of one introspection run (internal header).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "compiler/ir.hpp"
#include "runtime/connection.hpp"
#include "runtime/introspect.hpp"

namespace schemactl::runtime::introspect_detail {

// Which catalog an oid belongs to, for resolving pg_depend rows into IR object ids.
enum class CatalogClass { Namespace, Extension, Relation, Type, Proc, Constraint, Trigger, Policy };

struct IntrospectContext {
  IntrospectContext(Connection& connection, const IntrospectOptions& options)
      : connection(connection), options(options) {}

  Connection& connection;
  const IntrospectOptions& options;
  IntrospectStats stats;

  // Parameters every catalog query receives: $1 the oids of the schemas in scope (oid[]),
  // $2 / $3 the schema and name of the migrations table.
  std::string namespace_oids;  // array literal "{2200,16390}"
  std::string migrations_schema;
  std::string migrations_name;

  // oid -> IR id of every object read so far, filled by the readers, used for dependencies.
  std::map<std::pair<CatalogClass, uint32_t>, ir::ObjectId> objects;
  // (table oid, attnum) -> column name, for column-level dependencies.
  std::map<std::pair<uint32_t, int>, std::string> column_names;
  // pg_attrdef oid -> (table oid, attnum) of every column default read, for dependencies.
  std::map<uint32_t, std::pair<uint32_t, int>> attrdefs;
  // (table oid, attnum) -> the column's type and collation, and what the default-operator-class
  // rule needs to know of each of those types (read_columns), for index columns.
  struct ColumnType {
    uint32_t type = 0;
    uint32_t collation = 0;
  };
  std::map<std::pair<uint32_t, int>, ColumnType> column_types;
  struct TypeFacts {
    uint32_t base_type = 0;  // pg_type.typbasetype (domains)
    char category = 0;       // pg_type.typcategory
    char kind = 0;           // pg_type.typtype
  };
  std::map<uint32_t, TypeFacts> type_facts;  // of the columns' types and index expressions' types
  // Records `type`'s facts, once, from row `row`'s columns first (typbasetype), first + 1
  // (typcategory) and first + 2 (typtype).
  void remember_type_facts(uint32_t type, const Result& res, int row, int first);
  // The operator classes and collations that indexes use, with their names, and all
  // binary-coercible casts (read_index_support).
  struct OperatorClass {
    bool is_default = false;
    uint32_t input_type = 0;
    char polymorphic = 0;  // input type anyarray 'A', anyenum 'e', anyrange 'r', anymultirange 'm'
    std::string name;      // as pg_get_indexdef spells it
  };
  std::map<uint32_t, OperatorClass> operator_classes;
  std::set<std::pair<uint32_t, uint32_t>> binary_casts;  // (source, target)
  std::map<uint32_t, std::string> collation_names;
  // The index columns only the server can describe (read_index_expressions): expressions, and
  // columns with operator class options, keyed by (index oid, column number).
  struct ServerIndexColumn {
    std::optional<std::string> definition;  // an expression's text: pg_get_indexdef(index, k, true)
    uint32_t type = 0;                       // an expression's type, as the opclass rule sees it
    uint32_t type_collation = 0;             // that type's collation (pg_type.typcollation)
    std::vector<std::string> opclass_options;
  };
  std::map<std::pair<uint32_t, int>, ServerIndexColumn> server_index_columns;
  // oid -> qualified name of every relation in scope (tables, views, sequences, indexes).
  std::map<uint32_t, ir::QualifiedName> relation_names;

  // The reader running now, under whose name query time is recorded.
  std::string reader = "session";

  // The three standard parameters, in order.
  std::vector<std::optional<std::string>> parameters() const {
    return {namespace_oids, migrations_schema, migrations_name};
  }
  // Adds one query and the time spent waiting for its result to the stats, under the current reader.
  void record_query(double seconds);
  // Adds time spent waiting for the server (or for the second session) without a query of its own.
  void record_wait(double seconds);

  void remember(CatalogClass cls, uint32_t oid, ir::ObjectId id) { objects[{cls, oid}] = std::move(id); }
};

// SQL fragment: true when relation alias `c` (a pg_class row) is in scope: in a schema in $1,
// not owned by an extension, not the migrations table.
std::string relation_in_scope(const std::string& c);
// SQL fragment: true when the object (catalog `catalog`, oid expression `oid`) is not owned by an extension.
std::string not_extension_member(const std::string& catalog, const std::string& oid);
// SQL fragment: the comment of an object, or NULL.
std::string comment_of(const std::string& catalog, const std::string& oid, const std::string& subid = "0");
// SQL fragment: the ACL as text[] of "grantee<US>privilege<US>t|f" entries, the owner's own
// entries removed, NULL acl replaced by acldefault(kind, owner).
std::string acl_entries(const std::string& acl, const std::string& kind, const std::string& owner);
// The same for column ACLs, which have no defaults.
std::string column_acl_entries(const std::string& acl, const std::string& owner);

// Parses a one-dimensional PostgreSQL text array literal ({a,"b c",NULL}); NULL elements become "".
std::vector<std::string> parse_text_array(std::string_view literal);
// Parses an int2vector / oidvector text ("1 2 3").
std::vector<int64_t> parse_int_vector(std::string_view text);
// The letter of a "char" column (pg_type.typtype, pg_trigger.tgenabled...): `fallback` when NULL.
char letter_at(const Result& res, int row, int column, char fallback = '\0');
// pg_proc.proparallel as CREATE FUNCTION / AGGREGATE spell it: SAFE, RESTRICTED, UNSAFE.
std::string parallel_name(std::string_view letter);
// Converts acl_entries() output into the IR's privilege set.
ir::Acl parse_acl(std::string_view literal);
// Parses a JSON array of scalars (json_build_array output): strings as they are, true/false,
// numbers as their text, null as nullopt.
std::vector<std::optional<std::string>> parse_json_row(std::string_view json);
// Decodes a bytea in hex output format ("\x6100").
std::string decode_bytea(std::string_view hex);

// While one exists (for the duration of an introspection run, on this thread), make_expr
// computes the key of each distinct (text, target type) once: a schema repeats the same
// defaults and checks on many tables (now(), '', a CHECK copied to every table).
class ExpressionKeyCache {
 public:
  ExpressionKeyCache();
  ~ExpressionKeyCache();
  ExpressionKeyCache(const ExpressionKeyCache&) = delete;
  ExpressionKeyCache& operator=(const ExpressionKeyCache&) = delete;

 private:
  std::map<std::pair<std::string, std::string>, std::string> keys_;
  std::map<std::pair<std::string, std::string>, std::string>* previous_;
};

// Expr from server text: key computed exactly as the compiler computes it (default schema
// "public", the target type of the column or domain); `what` names the object for errors.
ir::Expr make_expr(const std::string& text, const std::string& target_type, const std::string& what);
ir::Expr make_query(const std::string& text, const std::string& what);

uint32_t to_oid(std::string_view text);

// One key or INCLUDE column of an index, as derive_index_elements describes it.
struct IndexColumn {
  int position = 0;                     // 1-based
  std::optional<std::string> column;    // plain column reference
  std::string definition;               // an expression: pg_get_indexdef(index, position, true)
  std::optional<std::string> opclass;   // only when not the type's default
  std::optional<std::string> collation; // only when not the column's (or expression type's) own
  int option = 0;                       // pg_index.indoption bits: 1 DESC, 2 NULLS FIRST
  std::vector<std::string> opclass_options;
};
// The columns of index `index` on relation `table`, from pg_index's vectors (indkey, indclass,
// indcollation, indoption as text) and what read_columns, read_index_support and
// read_index_expressions recorded.
std::vector<IndexColumn> derive_index_elements(const IntrospectContext& ctx, uint32_t table, uint32_t index,
                                               std::string_view indkey, std::string_view indclass,
                                               std::string_view indcollation, std::string_view indoption);
// SQL expression (text[]): the names of the columns `attnums` (int2[]) of relation `relation`, in order.
std::string column_names_sql(const std::string& relation, const std::string& attnums);

// Schemas run first, on their own: their oids are the $1 of every later query.
void read_schemas(IntrospectContext& ctx, ir::Catalog& catalog);

// The other readers: each one's query (which receives the three standard parameters and does
// not depend on what earlier queries returned, so that all are sent in one batch) and what it
// makes of the result. Results are read in the order of kReaders (introspect.cpp): a reader
// may use what the readers before it remembered (object ids, column names, defaults).
std::string extensions_sql();
void read_extensions(IntrospectContext& ctx, ir::Catalog& catalog, const Result& res);
std::string collations_sql();
void read_collations(IntrospectContext& ctx, ir::Catalog& catalog, const Result& res);
std::string enums_sql();
void read_enums(IntrospectContext& ctx, ir::Catalog& catalog, const Result& res);
std::string domains_sql();
void read_domains(IntrospectContext& ctx, ir::Catalog& catalog, const Result& res);
std::string composite_types_sql();
void read_composite_types(IntrospectContext& ctx, ir::Catalog& catalog, const Result& res);
std::string tables_sql();
void read_tables(IntrospectContext& ctx, ir::Catalog& catalog, const Result& res);
std::string views_sql();
void read_views(IntrospectContext& ctx, ir::Catalog& catalog, const Result& res);
std::string columns_sql();
void read_columns(IntrospectContext& ctx, ir::Catalog& catalog, const Result& res);
std::string sequences_sql();
void read_sequences(IntrospectContext& ctx, ir::Catalog& catalog, const Result& res);
std::string constraints_sql();
void read_constraints(IntrospectContext& ctx, ir::Catalog& catalog, const Result& res);
std::string index_support_sql();
void read_index_support(IntrospectContext& ctx, ir::Catalog& catalog, const Result& res);
std::string index_expressions_sql();
void read_index_expressions(IntrospectContext& ctx, ir::Catalog& catalog, const Result& res);
std::string indexes_sql();
void read_indexes(IntrospectContext& ctx, ir::Catalog& catalog, const Result& res);
std::string functions_sql();
void read_functions(IntrospectContext& ctx, ir::Catalog& catalog, const Result& res);
std::string aggregates_sql();
void read_aggregates(IntrospectContext& ctx, ir::Catalog& catalog, const Result& res);
std::string triggers_sql();
void read_triggers(IntrospectContext& ctx, ir::Catalog& catalog, const Result& res);
std::string policies_sql();
void read_policies(IntrospectContext& ctx, ir::Catalog& catalog, const Result& res);
std::string owners_sql();  // only with IntrospectOptions::live_owners
void read_owners(IntrospectContext& ctx, ir::Catalog& catalog, const Result& res);
std::string dependencies_sql();
void read_dependencies(IntrospectContext& ctx, ir::Catalog& catalog, const Result& res);

}  // namespace schemactl::runtime::introspect_detail
