// Functions and procedures, in pg_dump's layout.
#include <fmt/format.h>

#include <array>

#include "compiler/emit_objects.hpp"
#include "compiler/emit_util.hpp"
#include "compiler/quote.hpp"

namespace schemactl::emit {
namespace {

using detail::join;

std::string argument(const ir::FunctionArgument& arg) {
  std::string out;
  if (arg.mode != "IN") out += arg.mode + " ";
  if (arg.name && !arg.name->empty()) out += quote_ident(*arg.name) + " ";
  out += arg.type;
  if (arg.default_expr) out += " DEFAULT " + detail::expr_text(*arg.default_expr);
  return out;
}

// Settings whose value is a list (GUC_LIST_QUOTE): proconfig stores `search_path=public, "My Schema"`,
// and SET search_path TO 'public, "My Schema"' would make that one element, so pg_dump splits the
// list and quotes each element.
bool list_setting(std::string_view name) {
  static constexpr std::array<std::string_view, 6> kLists = {"search_path", "temp_tablespaces",
                                                             "session_preload_libraries", "shared_preload_libraries",
                                                             "local_preload_libraries", "unix_socket_directories"};
  for (auto list : kLists) {
    if (list == name) return true;
  }
  return false;
}

std::string setting(const std::string& entry) {
  size_t eq = entry.find('=');
  std::string name = entry.substr(0, eq);
  std::string value = eq == std::string::npos ? "" : entry.substr(eq + 1);
  std::string out = "SET " + name + " TO ";
  if (!list_setting(name)) return out + quote_literal(value);
  std::vector<std::string> items;
  std::string item;
  bool quoted = false;
  bool any = false;
  for (size_t i = 0; i < value.size(); ++i) {
    char c = value[i];
    if (quoted) {
      if (c == '"' && i + 1 < value.size() && value[i + 1] == '"') { item += '"'; ++i; }
      else if (c == '"') quoted = false;
      else item += c;
    } else if (c == '"') {
      quoted = true;
      any = true;
    } else if (c == ',') {
      items.push_back(quote_literal(item));
      item.clear();
      any = false;
    } else if (c != ' ') {
      item += c;
      any = true;
    }
  }
  if (any || !item.empty() || items.empty()) items.push_back(quote_literal(item));
  return out + join(items);
}

std::string format_number(double value) { return fmt::format("{}", value); }

}  // namespace

ir::ObjectId object_id(const ir::Function& function) {
  return {function.is_procedure ? ir::ObjectKind::Procedure : ir::ObjectKind::Function, function.name,
          "(" + function.identity_args + ")"};
}

std::string create_function(const ir::Function& function, bool or_replace) {
  std::vector<std::string> args;
  for (const auto& arg : function.arguments) {
    if (arg.mode != "TABLE") args.push_back(argument(arg));  // TABLE columns live in RETURNS TABLE(...)
  }
  std::string out = or_replace ? "CREATE OR REPLACE " : "CREATE ";
  out += function.is_procedure ? "PROCEDURE " : "FUNCTION ";
  out += quote_qualified(function.name) + "(" + join(args) + ")";
  if (!function.is_procedure && function.returns) out += " RETURNS " + *function.returns;

  std::vector<std::string> traits{"LANGUAGE " + quote_ident(function.language)};
  if (!function.is_procedure) {
    if (function.volatility != "VOLATILE") traits.push_back(function.volatility);
    if (function.strict) traits.push_back("STRICT");
  }
  if (function.security_definer) traits.push_back("SECURITY DEFINER");
  if (!function.is_procedure) {
    if (function.leakproof) traits.push_back("LEAKPROOF");
    if (function.parallel != "UNSAFE") traits.push_back("PARALLEL " + function.parallel);
    // The default cost is 1 for C and internal functions, 100 for the others (CreateFunction).
    bool compiled = function.language == "c" || function.language == "internal";
    if (function.cost != (compiled ? 1 : 100)) traits.push_back("COST " + format_number(function.cost));
    if (function.rows != 0 && function.rows != 1000) traits.push_back("ROWS " + format_number(function.rows));
  }
  out += "\n    " + join(traits, " ");
  for (const auto& entry : function.config) out += "\n    " + setting(entry);
  if (function.sql_body) {
    out += "\n    " + function.body;
    return detail::terminate(out);
  }
  out += "\n    AS " + detail::dollar_quote(function.body);
  return out + ";\n";
}

std::string drop_function(const ir::Function& function) {
  return std::string(function.is_procedure ? "DROP PROCEDURE " : "DROP FUNCTION ") + quote_qualified(function.name) +
         "(" + function.identity_args + ");\n";
}

}  // namespace schemactl::emit
