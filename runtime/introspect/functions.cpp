// Functions and procedures (pg_proc, prokind f/p): one query, arguments aggregated per function.
#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>

#include "runtime/introspect/context.hpp"

namespace schemactl::runtime::introspect_detail {

namespace {
std::string argument_mode(std::string_view letter) {
  if (letter == "o") return "OUT";
  if (letter == "b") return "INOUT";
  if (letter == "v") return "VARIADIC";
  if (letter == "t") return "TABLE";
  return "IN";
}
std::string volatility_name(std::string_view letter) {
  if (letter == "i") return "IMMUTABLE";
  if (letter == "s") return "STABLE";
  return "VOLATILE";
}
}  // namespace

std::string parallel_name(std::string_view letter) {
  if (letter == "s") return "SAFE";
  if (letter == "r") return "RESTRICTED";
  return "UNSAFE";
}

std::string functions_sql() {
  return fmt::format(
      "SELECT p.oid, n.nspname, p.proname, p.prokind, pg_catalog.pg_get_function_identity_arguments(p.oid),"
      " ARRAY(SELECT pg_catalog.json_build_array(COALESCE(p.proargmodes[k], 'i'), NULLIF(p.proargnames[k], ''),"
      "     pg_catalog.format_type(COALESCE(p.proallargtypes[k], p.proargtypes[k - 1]), NULL),"
      "     pg_catalog.pg_get_function_arg_default(p.oid, k))::text"
      "   FROM pg_catalog.generate_series(1, COALESCE(pg_catalog.array_length(p.proallargtypes, 1), p.pronargs)) k"
      "   ORDER BY k),"
      " CASE WHEN p.prokind <> 'p' THEN pg_catalog.pg_get_function_result(p.oid) END, l.lanname,"
      " CASE WHEN p.prosqlbody IS NOT NULL THEN pg_catalog.pg_get_function_sqlbody(p.oid) ELSE p.prosrc END,"
      " p.prosqlbody IS NOT NULL, p.provolatile, p.proisstrict, p.prosecdef, p.proleakproof, p.proparallel,"
      " p.procost, p.prorows, p.proretset, p.proconfig, pg_catalog.pg_get_userbyid(p.proowner), {}, {}"
      " FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace"
      " JOIN pg_catalog.pg_language l ON l.oid = p.prolang"
      " WHERE p.prokind IN ('f', 'p') AND p.pronamespace = ANY ($1::pg_catalog.oid[]) AND {}"
      " AND $2::text IS NOT NULL AND $3::text IS NOT NULL",
      comment_of("pg_proc", "p.oid"), acl_entries("p.proacl", "f", "p.proowner"),
      not_extension_member("pg_proc", "p.oid"));
}

void read_functions(IntrospectContext& ctx, ir::Catalog& catalog, const Result& res) {
  for (int r = 0; r < res.rows(); ++r) {
    ir::Function function;
    function.name = {res.str(r, 1), res.str(r, 2)};
    function.is_procedure = res.get(r, 3) == "p";
    std::string what = "function " + function.name.schema + "." + function.name.name + "(" + res.str(r, 4) + ")";
    // The identity is the input argument types (IN, INOUT, VARIADIC) without names or modes:
    // what DROP FUNCTION and the IR's map key need, and how the compiler spells it.
    std::vector<std::string> identity;
    for (const auto& json : parse_text_array(res.get(r, 5))) {
      auto fields = parse_json_row(json);
      ir::FunctionArgument argument;
      argument.mode = argument_mode(fields.at(0).value_or("i"));
      argument.name = fields.at(1);
      argument.type = fields.at(2).value_or("");
      if (fields.at(3)) argument.default_expr = make_expr(*fields.at(3), argument.type, what);
      if (argument.mode == "IN" || argument.mode == "INOUT" || argument.mode == "VARIADIC") identity.push_back(argument.type);
      function.arguments.push_back(std::move(argument));
    }
    for (size_t i = 0; i < identity.size(); ++i) function.identity_args += (i ? ", " : "") + identity[i];
    function.returns = res.opt(r, 6);
    function.language = res.str(r, 7);
    function.body = res.str(r, 8);
    function.sql_body = res.boolean(r, 9);
    function.volatility = volatility_name(res.get(r, 10));
    function.strict = res.boolean(r, 11);
    function.security_definer = res.boolean(r, 12);
    function.leakproof = res.boolean(r, 13);
    function.parallel = parallel_name(res.get(r, 14));
    function.cost = std::strtod(res.str(r, 15).c_str(), nullptr);
    function.rows = res.boolean(r, 17) ? std::strtod(res.str(r, 16).c_str(), nullptr) : 0;
    if (!res.is_null(r, 18)) {
      function.config = parse_text_array(res.get(r, 18));
      std::sort(function.config.begin(), function.config.end());
    }
    if (ctx.options.owners) function.owner = res.str(r, 19);
    function.comment = res.opt(r, 20);
    function.acl = parse_acl(res.get(r, 21));
    std::string signature = function.signature();
    ctx.remember(CatalogClass::Proc, to_oid(res.get(r, 0)),
                 ir::ObjectId{function.is_procedure ? ir::ObjectKind::Procedure : ir::ObjectKind::Function,
                              function.name, "(" + function.identity_args + ")"});
    catalog.functions.emplace(std::move(signature), std::move(function));
  }
}

}  // namespace schemactl::runtime::introspect_detail
