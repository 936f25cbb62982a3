// CREATE AGGREGATE: arguments (plain, ORDER BY, VARIADIC, *), options with the server's
// defaults filled in, support functions resolved to the spelling regproc prints.
#include "compiler/lower/lower_aggregate.hpp"

#include <fmt/ranges.h>

#include <cctype>
#include <cstdlib>
#include <variant>

#include "compiler/aggregate_args.hpp"
#include "compiler/lower/constraints.hpp"
#include "compiler/quote.hpp"

namespace schemactl::lower {
namespace {

// The schemas an unqualified name is looked up in, as find_function does.
std::vector<std::string> lookup_schemas(const Context& ctx) {
  std::vector<std::string> schemas;
  for (const auto& s : ctx.search_path)
    if (!s.empty() && s != "$user") schemas.push_back(s);
  schemas.push_back(ctx.creation_schema());
  return schemas;
}

bool function_defined(const ir::Catalog& catalog, const ir::QualifiedName& name) {
  for (const auto& [key, f] : catalog.functions)
    if (f.name == name && !f.is_procedure) return true;
  return false;
}

// A support function named in the statement, resolved once the whole input is known (it may be
// defined later in the file). `slot` is where its spelling goes: SFUNC is required (a string),
// the others optional.
struct SupportFunction {
  std::variant<std::string ir::Aggregate::*, std::optional<std::string> ir::Aggregate::*> slot;
  std::vector<std::string> names;
  int offset;
};

// Whether the argument list (the first parenthesis of the statement) has ORDER BY: libpg_query's
// JSON drops the direct-argument count when it is 0 (as when it is -1, no ORDER BY).
bool argument_list_has_order_by(Context& ctx) {
  const Tokens& toks = ctx.tokens();
  for (size_t i = 0; i < toks.size(); ++i) {
    if (toks.text(i) != "(") continue;
    size_t close = toks.match(i);
    for (size_t j = i + 1; j < close && j < toks.size(); ++j)
      if (toks.is(j, "ORDER")) return true;
    return false;
  }
  return false;
}

ir::FunctionArgument argument_of(Context& ctx, Element param) {
  ir::FunctionArgument a;
  Element type_name;
  if (json::str(param, "mode") == "FUNC_PARAM_VARIADIC") a.mode = "VARIADIC";
  if (!json::str(param, "name").empty()) a.name = std::string(json::str(param, "name"));
  if (json::get(param, "argType", type_name)) a.type = ctx.type(type_name).spelling;
  return a;
}

// SORTOP = op or OPERATOR(schema.op): pg_catalog's operators bare, others qualified.
std::string operator_name(Element arg) {
  auto [kind, f] = json::node(arg);
  std::vector<std::string> names = kind == "List" ? json::strings(f, "items") : json::strings(f, "names");
  if (names.empty()) return {};
  if (names.size() == 1 || names[0] == "pg_catalog") return names.back();
  return quote_ident(names[0]) + "." + names.back();
}

// An INITCOND value as the server keeps it (text). Numbers are read from the source, which
// keeps their sign (libpg_query's JSON drops negative and zero integers).
std::string condition_text(Context& ctx, Element def, Element arg) {
  auto [kind, f] = json::node(arg);
  if (kind == "Integer") {
    if (auto n = ctx.number_after(json::integer(def, "location", -1))) return std::to_string(*n);
  }
  return def_arg_text(arg);
}

}  // namespace

ir::Aggregate* find_aggregate(Context& ctx, Element owa) {
  auto names = json::strings(owa, "objname");
  if (names.empty()) return nullptr;
  std::vector<std::string> schemas;
  if (names.size() >= 2) schemas.push_back(names[names.size() - 2]);
  else schemas = lookup_schemas(ctx);
  std::string args;
  bool with_args = object_identity_args(ctx, owa, args);
  for (const auto& schema : schemas)
    for (auto& [key, a] : ctx.catalog.aggregates)
      if (a.name.schema == schema && a.name.name == names.back() && (!with_args || a.function_args() == args)) return &a;
  return nullptr;
}

bool transform_define_aggregate(Context& ctx, Element stmt) {
  if (json::str(stmt, "kind") != "OBJECT_AGGREGATE") return false;
  ir::Aggregate a;
  a.name = ctx.qualify(json::strings(stmt, "defnames"));
  a.span.value = ctx.span_at(static_cast<int>(ctx.stmt_begin));
  require_schema(ctx, a.name.schema, -1);

  // New form: args = [List of FunctionParameter (absent for *), Integer direct-argument count].
  int direct_args = -1;
  int position = 0;
  json::each(stmt, "args", [&](Element e) {
    Element list, integer;
    if (position == 0 && json::node_of(e, "List", list))
      json::each(list, "items", [&](Element p) {
        Element param;
        if (json::node_of(p, "FunctionParameter", param)) a.arguments.push_back(argument_of(ctx, param));
      });
    else if (position == 1 && json::node_of(e, "Integer", integer))
      direct_args = static_cast<int>(json::integer(integer, "ival", -1));
    ++position;
  });
  if (direct_args < 0 && !json::boolean(stmt, "oldstyle") && argument_list_has_order_by(ctx)) direct_args = 0;

  bool hypothetical = false;
  std::optional<std::string> finalfunc_modify, mfinalfunc_modify;
  std::vector<SupportFunction> functions;
  bool has_sfunc = false, has_stype = false;
  json::each(stmt, "definition", [&](Element item) {
    Element def, arg;
    if (!json::node_of(item, "DefElem", def)) return;
    std::string option(json::str(def, "defname"));
    bool has_arg = json::get(def, "arg", arg);
    int location = static_cast<int>(json::integer(def, "location", -1));
    auto function = [&](decltype(SupportFunction::slot) slot) {
      auto [kind, f] = json::node(arg);
      functions.push_back({slot, kind == "List" ? json::strings(f, "items") : json::strings(f, "names"), ctx.at(location)});
    };
    auto type = [&] {
      Element type_name;
      return has_arg && json::node_of(arg, "TypeName", type_name) ? ctx.type(type_name).spelling : def_arg_text(arg);
    };
    auto number = [&] { return static_cast<int>(std::strtol(condition_text(ctx, def, arg).c_str(), nullptr, 10)); };
    auto flag = [&] { return !has_arg || def_arg_text(arg) == "true"; };
    if (!has_arg && option != "finalfunc_extra" && option != "mfinalfunc_extra" && option != "hypothetical") {
      ctx.error(diag::kUnsupportedOption, location, "aggregate option {} needs a value", option);
    } else if (option == "sfunc" || option == "sfunc1") {
      has_sfunc = true;
      function(&ir::Aggregate::sfunc);
    } else if (option == "stype" || option == "stype1") {
      has_stype = true;
      a.stype = type();
    } else if (option == "basetype" && json::boolean(stmt, "oldstyle")) {
      // Old form: one argument of this type, none for "ANY" (aggregate(*)).
      std::string base = type();
      if (base != "\"any\"" && upper(base) != "ANY") a.arguments.push_back({"IN", std::nullopt, base, std::nullopt});
    } else if (option == "sspace") a.sspace = number();
    else if (option == "msspace") a.msspace = number();
    else if (option == "finalfunc" || option == "finalfunc1") function(&ir::Aggregate::finalfunc);
    else if (option == "combinefunc") function(&ir::Aggregate::combinefunc);
    else if (option == "serialfunc") function(&ir::Aggregate::serialfunc);
    else if (option == "deserialfunc") function(&ir::Aggregate::deserialfunc);
    else if (option == "msfunc") function(&ir::Aggregate::msfunc);
    else if (option == "minvfunc") function(&ir::Aggregate::minvfunc);
    else if (option == "mfinalfunc") function(&ir::Aggregate::mfinalfunc);
    else if (option == "mstype") a.mstype = type();
    else if (option == "finalfunc_extra") a.finalfunc_extra = flag();
    else if (option == "mfinalfunc_extra") a.mfinalfunc_extra = flag();
    else if (option == "finalfunc_modify") finalfunc_modify = upper(def_arg_text(arg));
    else if (option == "mfinalfunc_modify") mfinalfunc_modify = upper(def_arg_text(arg));
    else if (option == "initcond" || option == "initcond1") a.initcond = condition_text(ctx, def, arg);
    else if (option == "minitcond") a.minitcond = condition_text(ctx, def, arg);
    else if (option == "sortop") a.sortop = operator_name(arg);
    else if (option == "parallel") a.parallel = upper(def_arg_text(arg));
    else if (option == "hypothetical") hypothetical = flag();
    else ctx.error(diag::kUnsupportedOption, location, "aggregate option {} is not supported", option);
  });
  if (!has_sfunc) ctx.error(diag::kUnsupportedOption, -1, "aggregate {} needs SFUNC", quote_qualified(a.name));
  if (!has_stype) ctx.error(diag::kUnsupportedOption, -1, "aggregate {} needs STYPE", quote_qualified(a.name));
  if (direct_args >= 0) {
    a.kind = hypothetical ? "hypothetical" : "ordered-set";
    a.direct_args = direct_args;
  } else if (hypothetical) {
    ctx.error(diag::kUnsupportedOption, -1, "only ordered-set aggregates can be hypothetical");
  }
  // DefineAggregate's defaults.
  std::string default_modify = a.kind == "normal" ? "READ_ONLY" : "READ_WRITE";
  a.finalfunc_modify = finalfunc_modify.value_or(default_modify);
  a.mfinalfunc_modify = mfinalfunc_modify.value_or(default_modify);
  a.identity_args = aggregate_argument_list(a.arguments, a.kind, a.direct_args, false);
  a.acl.insert({"PUBLIC", "EXECUTE", false});

  std::string key = a.signature();
  if (function_defined(ctx.catalog, a.name)) {
    for (const auto& [k, f] : ctx.catalog.functions)
      if (f.name == a.name && f.identity_args == a.function_args()) {
        ctx.error(diag::kDuplicateObject, -1, "aggregate {}({}) has the argument types of function {}({})",
                  quote_qualified(a.name), a.identity_args, quote_qualified(f.name), f.identity_args);
        return true;
      }
  }
  if (auto existing = ctx.catalog.aggregates.find(key); existing != ctx.catalog.aggregates.end()) {
    if (!json::boolean(stmt, "replace")) {
      ctx.error(diag::kDuplicateObject, -1, "aggregate {}({}) is defined twice", quote_qualified(a.name),
                a.identity_args.empty() ? "*" : a.identity_args);
      return true;
    }
    a.acl = existing->second.acl;
    a.owner = existing->second.owner;
    a.comment = existing->second.comment;
    ctx.catalog.aggregates.erase(existing);
  }
  ctx.catalog.aggregates.emplace(key, std::move(a));

  // Support functions are resolved at the end: an unqualified name is the user's function of
  // the search path when the input defines one, else a built-in (printed bare, as regproc does).
  ctx.finalizers.push_back([&ctx, key, functions, schemas = lookup_schemas(ctx), file = ctx.file] {
    auto it = ctx.catalog.aggregates.find(key);
    if (it == ctx.catalog.aggregates.end()) return;
    for (const auto& fn : functions) {
      if (fn.names.empty()) continue;
      const std::string& name = fn.names.back();
      std::string spelling = quote_ident(name);
      if (fn.names.size() >= 2 && fn.names[fn.names.size() - 2] != "pg_catalog") {
        ir::QualifiedName qualified{fn.names[fn.names.size() - 2], name};
        spelling = quote_qualified(qualified);
        if (!function_defined(ctx.catalog, qualified) && ctx.catalog.extensions.empty())
          ctx.diags.add(diag::kUnknownFunction, file, fn.offset, 1, "aggregate support function {} does not exist", spelling);
      } else if (fn.names.size() == 1) {
        for (const auto& schema : schemas)
          if (function_defined(ctx.catalog, {schema, name})) {
            spelling = quote_qualified({schema, name});
            break;
          }
      }
      std::visit([&](auto slot) { it->second.*slot = spelling; }, fn.slot);
    }
  });
  return true;
}

}  // namespace schemactl::lower
