// Standalone indexes, views and materialized views.
#include <algorithm>
#include <cctype>

#include "compiler/emit_objects.hpp"
#include "compiler/emit_util.hpp"
#include "compiler/quote.hpp"

namespace schemactl::emit {
namespace {

using detail::expr_text;
using detail::ident_list;
using detail::join;

std::string index_element(const ir::IndexElement& element) {
  std::string out = element.column ? quote_ident(*element.column)
                                   : "(" + (element.expr ? expr_text(*element.expr) : std::string()) + ")";
  if (element.collation) out += " COLLATE " + *element.collation;
  if (element.opclass) {
    out += " " + *element.opclass;
    if (!element.opclass_options.empty()) out += " (" + join(element.opclass_options) + ")";
  }
  // ASC NULLS LAST and DESC NULLS FIRST are the defaults; only the other pairings are spelled out.
  if (element.descending) out += " DESC";
  if (element.descending && !element.nulls_first) out += " NULLS LAST";
  if (!element.descending && element.nulls_first) out += " NULLS FIRST";
  return out;
}

// View text from pg_get_viewdef starts with a space and may end with a semicolon; the user's
// text may end in a line comment. Both are emitted as given, minus the trailing terminator.
std::string query_text(const ir::Expr& query) {
  std::string text = query.text;
  while (!text.empty() && (text.back() == ';' || std::isspace(static_cast<unsigned char>(text.back())))) text.pop_back();
  return text;
}

}  // namespace

std::string create_index(const ir::Index& index) {
  std::vector<std::string> elements;
  for (const auto& element : index.elements) elements.push_back(index_element(element));
  std::string out = index.unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ";
  out += quote_ident(index.name.name) + " ON " + quote_qualified(index.table) + " USING " + index.method + " (" +
         join(elements) + ")";
  if (!index.include.empty()) out += " INCLUDE (" + ident_list(index.include) + ")";
  if (index.nulls_not_distinct) out += " NULLS NOT DISTINCT";
  if (!index.options.empty()) out += " WITH (" + join(index.options) + ")";
  if (index.tablespace) out += " TABLESPACE " + quote_ident(*index.tablespace);
  if (index.where) out += " WHERE (" + expr_text(*index.where) + ")";
  return out + ";\n";
}

std::string drop_index(const ir::QualifiedName& index) { return "DROP INDEX " + quote_qualified(index) + ";\n"; }

std::string create_view(const ir::View& view) {
  std::string out = view.materialized ? "CREATE MATERIALIZED VIEW " : "CREATE VIEW ";
  out += quote_qualified(view.name);
  if (!view.columns.empty()) out += " (" + ident_list(view.columns) + ")";
  // The check option goes into WITH (...) rather than after the query, which may end in a comment.
  std::vector<std::string> options = view.options;
  if (view.check_option) {
    std::string option = *view.check_option;
    std::transform(option.begin(), option.end(), option.begin(), [](unsigned char c) { return std::tolower(c); });
    options.push_back("check_option=" + option);
    std::sort(options.begin(), options.end());
  }
  if (!options.empty()) out += " WITH (" + join(options) + ")";
  if (view.tablespace && view.materialized) out += " TABLESPACE " + quote_ident(*view.tablespace);
  out += " AS\n" + query_text(view.query);
  // A newline before WITH [NO] DATA also ends a trailing line comment in the query.
  if (view.materialized) out += view.with_data ? "\n  WITH DATA" : "\n  WITH NO DATA";
  return detail::terminate(out);
}

std::string view_column_defaults(const ir::View& view) {
  std::string out;
  for (const auto& [column, expr] : view.column_defaults) {
    out += "ALTER VIEW " + quote_qualified(view.name) + " ALTER COLUMN " + quote_ident(column) + " SET DEFAULT " +
           detail::expr_text(expr) + ";\n";
  }
  return out;
}

std::string drop_view(const ir::View& view) {
  return (view.materialized ? "DROP MATERIALIZED VIEW " : "DROP VIEW ") + quote_qualified(view.name) + ";\n";
}

}  // namespace schemactl::emit
