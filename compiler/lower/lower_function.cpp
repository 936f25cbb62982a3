// CREATE FUNCTION / PROCEDURE (identity by input argument types) and ALTER FUNCTION options.
#include <algorithm>

#include <fmt/ranges.h>

#include "compiler/lower/constraints.hpp"
#include "compiler/quote.hpp"

namespace schemactl::lower {
namespace {

// A setting's name as proconfig stores it: GUC names are case-insensitive and the server
// writes a built-in one with its own spelling (SET timezone = 'UTC' -> "TimeZone=UTC"); these
// are pg_settings' only names that are not lower case.
std::string config_name(std::string_view name) {
  std::string lowered(name);
  for (auto& c : lowered) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lowered == "timezone") return "TimeZone";
  if (lowered == "datestyle") return "DateStyle";
  if (lowered == "intervalstyle") return "IntervalStyle";
  return std::string(name);
}

// SET name = value as PostgreSQL stores it in proconfig: "search_path=public, pg_temp".
std::string config_entry(Element set) {
  std::vector<std::string> values;
  json::each(set, "args", [&](Element arg) {
    auto [kind, f] = json::node(arg);
    Element v;
    if (kind == "A_Const") {
      if (json::get(f, "sval", v)) {
        std::string s(json::str(v, "sval"));
        values.push_back(s.empty() ? "\"\"" : s);
      } else if (json::get(f, "ival", v)) {
        values.push_back(std::to_string(json::integer(v, "ival", 0)));
      } else if (json::get(f, "fval", v)) {
        values.emplace_back(json::str(v, "fval"));
      } else if (json::get(f, "boolval", v)) {
        values.push_back(json::boolean(v, "boolval") ? "on" : "off");
      }
    }
  });
  return fmt::format("{}={}", config_name(json::str(set, "name")), fmt::join(values, ", "));
}

// Applies one function option (CREATE or ALTER FUNCTION); false when it is not one.
bool apply_option(Context& ctx, ir::Function& fn, Element def, bool& rows_given) {
  std::string_view name = json::str(def, "defname");
  Element arg;
  bool has_arg = json::get(def, "arg", arg);
  if (name == "language" && has_arg) fn.language = std::string(json::sval(arg));
  else if (name == "volatility" && has_arg) fn.volatility = upper(json::sval(arg));
  else if (name == "strict") fn.strict = has_arg && def_arg_text(arg) == "true";
  else if (name == "security") fn.security_definer = has_arg && def_arg_text(arg) == "true";
  else if (name == "leakproof") fn.leakproof = has_arg && def_arg_text(arg) == "true";
  else if (name == "parallel" && has_arg) fn.parallel = upper(json::sval(arg));
  else if (name == "cost" && has_arg) fn.cost = std::strtod(def_arg_text(arg).c_str(), nullptr);
  else if (name == "rows" && has_arg) {
    fn.rows = std::strtod(def_arg_text(arg).c_str(), nullptr);
    rows_given = true;
  } else if (name == "set" && has_arg) {
    Element set;
    if (json::node_of(arg, "VariableSetStmt", set)) {
      std::string_view kind = json::str(set, "kind");
      std::string key = config_name(json::str(set, "name"));
      fn.config.erase(std::remove_if(fn.config.begin(), fn.config.end(),
                                     [&](const std::string& c) { return c.substr(0, c.find('=')) == key; }),
                      fn.config.end());
      if (kind == "VAR_SET_VALUE") fn.config.push_back(config_entry(set));
      std::sort(fn.config.begin(), fn.config.end());
    }
  } else if (name == "as" && has_arg) {
    Element list;
    if (json::node_of(arg, "List", list)) {
      auto parts = json::strings(list, "items");
      fn.body = parts.empty() ? std::string() : parts[0];
      if (parts.size() > 1) fn.body += "\n" + parts[1];  // C functions: object file and symbol
    }
  } else if (name == "window") {
    ctx.error(diag::kUnsupportedOption, json::integer(def, "location", -1), "window functions are not supported");
  } else {
    return false;
  }
  return true;
}

}  // namespace

void transform_create_function(Context& ctx, Element stmt) {
  ir::Function fn;
  fn.name = ctx.qualify(json::strings(stmt, "funcname"));
  fn.is_procedure = json::boolean(stmt, "is_procedure");
  fn.span.value = ctx.span_at(static_cast<int>(ctx.stmt_begin));
  require_schema(ctx, fn.name.schema, -1);
  std::vector<std::string> identity;
  std::vector<std::string> table_columns;
  std::vector<std::string> out_types;
  json::each(stmt, "parameters", [&](Element p) {
    Element param, type_name, defexpr;
    if (!json::node_of(p, "FunctionParameter", param)) return;
    ir::FunctionArgument a;
    std::string_view mode = json::str(param, "mode");
    a.mode = mode == "FUNC_PARAM_OUT" ? "OUT" : mode == "FUNC_PARAM_INOUT" ? "INOUT"
           : mode == "FUNC_PARAM_VARIADIC" ? "VARIADIC" : mode == "FUNC_PARAM_TABLE" ? "TABLE" : "IN";
    if (!json::str(param, "name").empty()) a.name = std::string(json::str(param, "name"));
    if (json::get(param, "argType", type_name)) a.type = ctx.type(type_name).spelling;
    if (json::get(param, "defexpr", defexpr)) {
      const Tokens& toks = ctx.tokens();
      size_t i = toks.at_or_after(static_cast<size_t>(ctx.location_of(defexpr)));
      while (i > 0 && !toks.is(i - 1, "DEFAULT") && !toks.is(i - 1, "=")) --i;
      if (i > 0) {
        std::string_view sql = ctx.slice_after(toks[i].begin, "", {});
        a.default_expr = ctx.expr(sql, ctx.slice_offset(sql), a.type);
      }
    }
    if (a.mode == "IN" || a.mode == "INOUT" || a.mode == "VARIADIC") identity.push_back(a.type);
    if (a.mode == "TABLE") table_columns.push_back(quote_ident(a.name.value_or("")) + " " + a.type);
    if (a.mode == "OUT" || a.mode == "INOUT") out_types.push_back(a.type);
    fn.arguments.push_back(std::move(a));
  });
  fn.identity_args = fmt::format("{}", fmt::join(identity, ", "));
  Element ret;
  bool set_returning = false;
  if (!table_columns.empty()) {
    fn.returns = fmt::format("TABLE({})", fmt::join(table_columns, ", "));
    set_returning = true;
  } else if (json::get(stmt, "returnType", ret)) {
    types::TypeRef rt = ctx.type(ret);
    fn.returns = rt.spelling;
    set_returning = rt.setof;
  } else if (!fn.is_procedure) {
    fn.returns = out_types.size() == 1 ? out_types[0] : "record";
  }
  bool rows_given = false;
  json::each(stmt, "options", [&](Element o) {
    Element def;
    if (json::node_of(o, "DefElem", def) && !apply_option(ctx, fn, def, rows_given)) {
      ctx.error(diag::kUnsupportedOption, json::integer(def, "location", -1), "function option {} is not supported",
                json::str(def, "defname"));
    }
  });
  Element body;
  if (json::get(stmt, "sql_body", body)) {
    fn.sql_body = true;
    const Tokens& toks = ctx.tokens();
    size_t i = toks.at_or_after(static_cast<size_t>(ctx.location_of(body)));
    while (i > 0 && !toks.is(i - 1, "RETURN") && !toks.is(i - 1, "BEGIN")) --i;
    if (i > 0) {
      size_t last = toks.size() - 1;
      fn.body = std::string(ctx.text.substr(toks[i - 1].begin, toks[last].end - toks[i - 1].begin));
    }
    if (fn.language.empty()) fn.language = "sql";
  }
  if (fn.language.empty()) fn.language = "sql";
  for (auto& c : fn.language) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (fn.language == "c" || fn.language == "internal") {
    if (fn.cost == 100) fn.cost = 1;
  }
  if (set_returning && !rows_given) fn.rows = 1000;
  if (!set_returning) fn.rows = rows_given ? fn.rows : 0;
  fn.acl.insert({"PUBLIC", "EXECUTE", false});
  std::string key = fn.signature();
  // An aggregate and a function share pg_proc's (name, argument types) identity.
  for (const auto& [k, a] : ctx.catalog.aggregates)
    if (!fn.is_procedure && a.name == fn.name && a.function_args() == fn.identity_args) {
      ctx.error(diag::kDuplicateObject, -1, "function {}({}) has the argument types of aggregate {}({})",
                quote_qualified(fn.name), fn.identity_args, quote_qualified(a.name), a.identity_args);
      return;
    }
  auto existing = ctx.catalog.functions.find(key);
  if (existing != ctx.catalog.functions.end()) {
    if (!json::boolean(stmt, "replace")) {
      ctx.error(diag::kDuplicateObject, -1, "function {}({}) is defined twice", quote_qualified(fn.name), fn.identity_args);
      return;
    }
    fn.acl = existing->second.acl;
    fn.owner = existing->second.owner;
    fn.comment = existing->second.comment;
    existing->second = std::move(fn);
    return;
  }
  ctx.catalog.functions.emplace(key, std::move(fn));
}

void transform_alter_function(Context& ctx, Element stmt) {
  Element func;
  if (!json::get(stmt, "func", func)) return;
  ir::Function* fn = find_function(ctx, func, true);
  if (!fn) return;
  bool rows_given = false;
  json::each(stmt, "actions", [&](Element o) {
    Element def;
    if (json::node_of(o, "DefElem", def) && !apply_option(ctx, *fn, def, rows_given))
      ctx.error(diag::kUnsupportedOption, json::integer(def, "location", -1), "function option {} is not supported",
                json::str(def, "defname"));
  });
}

}  // namespace schemactl::lower
