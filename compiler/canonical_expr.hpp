// Canonical comparison keys for SQL expressions.
//
// Both producers call this: the compiler on the user's source text, introspection on the
// server's pg_get_expr/pg_get_viewdef text (printed under an empty search_path, so names are
// schema-qualified). Equal keys mean "the same expression". The key is derived from
// libpg_query's parse tree with locations removed and PostgreSQL's rewrites folded, e.g.
//   parentheses, whitespace and keyword case do not matter;
//   'a' and 'a'::text (a literal cast to the type the context already implies) are equal;
//   x IN (1, 2) and x = ANY (ARRAY[1, 2]) are equal;
//   f() and public.f() are equal when public is a default schema; now() and pg_catalog.now() too.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace schemactl {

struct ExprContext {
  // Schemas whose qualification is dropped from names in the key (besides pg_catalog):
  // the default schema of the file being compiled, "public" by default.
  std::vector<std::string> default_schemas = {"public"};
  // The type the expression is assigned to (column/domain type in format_type spelling), if any:
  // a top-level cast of a literal to exactly this type is dropped.
  std::string target_type;
  // The declared type (format_type spelling) of a column of the table the expression belongs
  // to, empty when unknown. The server resolves operators with these types and prints the
  // implicit casts it added ((quantity)::numeric * unit_price) and drops casts to the type an
  // operand already has; the key makes the same decisions from them. Unset: no column types.
  std::function<std::string(std::string_view column)> column_type;
};

// Key for a scalar expression (DEFAULT, CHECK, WHERE, index key, generated column, policy or
// trigger condition). Throws InputError when the text does not parse as an expression.
std::string expression_key(std::string_view expr_sql, const ExprContext& context = {});

// expression_key("nextval('<sequence>'::regclass)"), built without parsing: `sequence` is the
// regclass text (quote_qualified of the sequence's name). Every serial column has such a default,
// each text different, so the cache of keys never helps them, and parsing them was a tenth of a
// large schema's compile.
std::string sequence_default_key(std::string_view sequence, const ExprContext& context = {});

// Key for a query (view or materialized view body, without a trailing semicolon).
std::string query_key(std::string_view query_sql, const ExprContext& context = {});

}  // namespace schemactl
