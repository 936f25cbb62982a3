// The state of one compile run while statements are lowered: the catalog being built (an
// in-memory PostgreSQL, executed symbolically), the diagnostics, the search path, the names
// already taken (PostgreSQL picks names of unnamed objects against them) and the work left for
// the end (checks of references that may be defined later in the file).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <cctype>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "compiler/canonical_expr.hpp"
#include "compiler/compile.hpp"
#include "compiler/diagnostics.hpp"
#include "compiler/ir.hpp"
#include "compiler/line_table.hpp"
#include "compiler/json_util.hpp"
#include "compiler/lower/expr_key_cache.hpp"
#include "compiler/lower/name_set.hpp"
#include "compiler/lower/sql_tokens.hpp"
#include "compiler/types.hpp"

namespace schemactl::lower {

using json::Element;

// A `-- schemactl:...` annotation found in a comment, waiting for the object on its line.
struct PendingAnnotation {
  const SourceFile* file = nullptr;
  int offset = 0;  // of the comment
  int line = 0;
  bool own_line = false;  // nothing but the comment on its line
  std::optional<ir::QualifiedName> renamed_from;
  bool used = false;
};

class Context {
 public:
  Context(ir::Catalog& catalog, DiagnosticSink& diags, const CompileOptions& options);

  ir::Catalog& catalog;
  DiagnosticSink& diags;
  const CompileOptions& options;

  // ---- the statement being lowered ----
  const SourceFile* file = nullptr;
  std::string_view text;      // the file's text (locations index into it)
  size_t base = 0;            // added to tree locations (non-zero when a slice was parsed alone)
  size_t stmt_begin = 0;      // statement slice in `text`
  size_t stmt_end = 0;
  bool final_pass = false;    // deferred statements are being retried: unresolved is an error

  void begin_statement(size_t begin, size_t end);
  // Tokens of the current statement (made on first use).
  const Tokens& tokens();
  // Absolute byte offset of a tree location.
  int at(int64_t location) const { return location < 0 ? static_cast<int>(stmt_begin) : static_cast<int>(base + location); }
  int location_of(Element node) const;  // the node's smallest location, or the statement start
  ir::SourceSpan span_at(int offset) const;
  void index_lines();  // line table and interned path of the current file, for span_at
  LineTable lines;
  ir::FileName file_name;  // `file`'s path, interned once per file rather than once per span
  int line_of(int offset) const { return lines.line(offset); }

  // Reports at a tree location (absolute offset computed here); the underline covers one token.
  template <typename... Args>
  void error(const diag::Code& code, int64_t location, fmt::format_string<Args...> format, Args&&... args) {
    int offset = at(location);
    diags.report(code, file, offset, token_length(offset), fmt::format(format, std::forward<Args>(args)...));
  }
  int token_length(int offset);

  // ---- names ----
  std::vector<std::string> search_path;  // as set by SET search_path / set_config
  const std::string& creation_schema() const;  // where unqualified CREATEs go
  std::vector<std::string> expr_default_schemas() const;
  ir::QualifiedName qualify(Element range_var) const;         // RangeVar fields
  ir::QualifiedName qualify(const std::vector<std::string>& names) const;  // [schema,] name

  bool relation_taken(const std::string& schema, const std::string& name) const;
  void claim_relation(const std::string& schema, const std::string& name);
  void release_relation(const std::string& schema, const std::string& name);
  bool constraint_taken(const std::string& schema, const std::string& name) const;
  void claim_constraint(const std::string& schema, const std::string& name);
  void release_constraint(const std::string& schema, const std::string& name);

  // Finds a table or view by name (search path for unqualified names).
  ir::Table* find_table(const std::vector<std::string>& names);
  ir::Table* find_table(const ir::QualifiedName& name);
  ir::QualifiedName resolve_relation(Element range_var) const;  // search path for unqualified

  // ---- types and expressions ----
  types::TypeRef type(Element type_name);
  // Expression from the user's source text, keyed with expression_key. `columns_of`: the table
  // whose columns the expression refers to (their types decide the server's implicit casts).
  std::optional<ir::Expr> expr(std::string_view sql, int offset, const std::string& target_type = {},
                               const ir::Table* columns_of = nullptr);
  std::optional<ir::Expr> query(std::string_view sql, int offset);
  // A column default. nextval('seq'::regclass) is written with the sequence resolved and
  // schema-qualified, as the server prints it, so that both spellings compare equal.
  std::optional<ir::Expr> column_default(std::string_view sql, int offset, const std::string& type, Element raw);
  // nextval('<sequence>'::regclass), the default of a serial column, keyed without parsing.
  ir::Expr sequence_default(const ir::QualifiedName& sequence) const;
  // Source slices of expressions: inside the smallest parenthesis pair around the node...
  std::string_view paren_slice(Element expr_node);
  // A function-call expression written without parentheses around it: name(...).
  std::string_view call_slice(Element expr_node);
  // An index/partition element's expression: written as a call (lower(a), COALESCE(a, b)) or
  // in parentheses. `call` tells which.
  std::string_view element_slice(Element expr_node, bool* call = nullptr);
  // ...from the token after `keyword` (searched from `from`) to a terminator at depth 0.
  std::string_view slice_after(size_t from, std::string_view keyword, const std::vector<std::string_view>& stop_words);
  // The first number at or after a tree location, with its sign. libpg_query 15-4.0.0's JSON
  // output drops negative Integer values ({"Integer": {}}), so numbers are read from the source.
  std::optional<int64_t> number_after(int64_t location);
  int slice_offset(std::string_view slice) const { return static_cast<int>(slice.data() - text.data()); }

  // ---- deferred work ----
  std::vector<std::function<void()>> resolvers;    // run first at the end: inheritance, partitions
  std::vector<std::function<void()>> finalizers;   // then: checks of references
  bool defer_or_report(const std::string& what, int64_t location);  // true when deferred

  // ---- annotations ----
  std::vector<PendingAnnotation> annotations;
  // Annotation on the line of `offset` or alone on the line above it.
  PendingAnnotation* annotation_for(int offset);

  // Statements deferred because they modify an object defined later.
  struct Deferred {
    const SourceFile* file;
    size_t base, begin, end;
    Element stmt;
    std::vector<std::string> search_path;
  };
  std::vector<Deferred> deferred;
  Element current_stmt;

 private:
  std::optional<Tokens> tokens_;
  ExprKeyCache expr_keys_;
  NameSet relations_;
  NameSet constraints_;
  std::map<std::pair<const SourceFile*, int>, size_t> annotation_lines_;
  friend void index_annotations(Context&);
};

// Finds `-- schemactl:` comments in the current file and parses them.
void index_annotations(Context& ctx);

// ---- one lowering function per statement kind (Transform<Node>, as in DuckDB) ----
void transform_create_schema(Context& ctx, Element stmt);
void transform_create_extension(Context& ctx, Element stmt);
void transform_create_enum(Context& ctx, Element stmt);
void transform_alter_enum(Context& ctx, Element stmt);
void transform_create_domain(Context& ctx, Element stmt);
void transform_alter_domain(Context& ctx, Element stmt);
void transform_composite_type(Context& ctx, Element stmt);
void transform_create_sequence(Context& ctx, Element stmt);
void transform_alter_sequence(Context& ctx, Element stmt);
void transform_create_table(Context& ctx, Element stmt);
void transform_alter_table(Context& ctx, Element stmt);
void transform_index(Context& ctx, Element stmt);
void transform_view(Context& ctx, Element stmt);
void transform_create_table_as(Context& ctx, Element stmt);
void transform_create_function(Context& ctx, Element stmt);
void transform_alter_function(Context& ctx, Element stmt);
void transform_trigger(Context& ctx, Element stmt);
void transform_create_policy(Context& ctx, Element stmt);
void transform_alter_policy(Context& ctx, Element stmt);
void transform_grant(Context& ctx, Element stmt);
void transform_comment(Context& ctx, Element stmt);
void transform_alter_owner(Context& ctx, Element stmt);
void transform_rename(Context& ctx, Element stmt);
void transform_drop(Context& ctx, Element stmt);
void transform_variable_set(Context& ctx, Element stmt);
// pg_dump's `SELECT pg_catalog.set_config('search_path', '', false)`; false for any other SELECT.
bool transform_search_path_select(Context& ctx, Element stmt);
// Canonical identity arguments of ObjectWithArgs ("integer, text"); false when not given.
bool object_identity_args(Context& ctx, Element object_with_args, std::string& out);
// Finds a function by ObjectWithArgs; nullptr (and a deferral or error) when absent.
ir::Function* find_function(Context& ctx, Element object_with_args, bool report);

// Helpers shared by the families.
// Sequence options (CREATE SEQUENCE, identity columns) applied onto `options`.
void apply_sequence_options(Context& ctx, Element options_list, ir::SequenceOptions& options,
                            std::optional<std::vector<std::string>>* owned_by = nullptr,
                            std::string* sequence_name = nullptr);
void reset_sequence_bounds(ir::SequenceOptions& options, bool min_given, bool max_given);
// Schema existence checked at the end.
void require_schema(Context& ctx, const std::string& schema, int64_t location);
// `CREATE FUNCTION` argument identity.
std::string role_name(Element role_spec);

// `s` in ASCII upper case (keywords and option names as the catalog spells them).
inline std::string upper(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace schemactl::lower
