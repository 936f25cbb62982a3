// User aggregates (pg_aggregate joined to pg_proc, prokind 'a'): one query for all of them, in
// the schemas in scope, not owned by an extension.
#include <fmt/format.h>

#include <cstdlib>

#include "compiler/aggregate_args.hpp"
#include "runtime/introspect/context.hpp"

namespace schemactl::runtime::introspect_detail {

namespace {

// A support function (a regproc column, 0 when absent) spelled as ir::Aggregate stores it:
// regproc's output under an empty search_path, built-ins bare and the others schema-qualified.
// Spelled here rather than cast to text because regproc qualifies an overloaded built-in name,
// which the compiler cannot know.
std::string function_spelling(const std::string& column) {
  return fmt::format(
      "(SELECT CASE WHEN fp.pronamespace = 'pg_catalog'::pg_catalog.regnamespace"
      " THEN pg_catalog.quote_ident(fp.proname)"
      " ELSE pg_catalog.quote_ident(fn.nspname) OPERATOR(pg_catalog.||) '.' OPERATOR(pg_catalog.||) pg_catalog.quote_ident(fp.proname) END"
      " FROM pg_catalog.pg_proc fp JOIN pg_catalog.pg_namespace fn ON fn.oid = fp.pronamespace"
      " WHERE fp.oid = {}::pg_catalog.oid)",
      column);
}

std::string modify_name(std::string_view letter) {
  if (letter == "s") return "SHAREABLE";
  if (letter == "w") return "READ_WRITE";
  return "READ_ONLY";
}

std::string kind_name(std::string_view letter) {
  if (letter == "o") return "ordered-set";
  if (letter == "h") return "hypothetical";
  return "normal";
}

}  // namespace

std::string aggregates_sql() {
  return fmt::format(
      "SELECT p.oid, n.nspname, p.proname,"
      " ARRAY(SELECT pg_catalog.json_build_array(COALESCE(p.proargmodes[k], 'i'), NULLIF(p.proargnames[k], ''),"
      "     pg_catalog.format_type(p.proargtypes[k - 1], NULL))::text"
      "   FROM pg_catalog.generate_series(1, p.pronargs) k ORDER BY k),"
      " a.aggkind, a.aggnumdirectargs, {}, pg_catalog.format_type(a.aggtranstype, NULL), a.aggtransspace,"
      " {}, a.aggfinalextra, a.aggfinalmodify, {}, {}, {}, a.agginitval,"
      " {}, {}, CASE WHEN a.aggmtranstype <> 0 THEN pg_catalog.format_type(a.aggmtranstype, NULL) END, a.aggmtransspace,"
      " {}, a.aggmfinalextra, a.aggmfinalmodify, a.aggminitval,"
      " (SELECT CASE WHEN o.oprnamespace = 'pg_catalog'::pg_catalog.regnamespace THEN o.oprname::text"
      "   ELSE pg_catalog.quote_ident(opn.nspname) OPERATOR(pg_catalog.||) '.' OPERATOR(pg_catalog.||) o.oprname END"
      "   FROM pg_catalog.pg_operator o JOIN pg_catalog.pg_namespace opn ON opn.oid = o.oprnamespace WHERE o.oid = a.aggsortop),"
      " p.proparallel, pg_catalog.pg_get_userbyid(p.proowner), {}, {}"
      " FROM pg_catalog.pg_aggregate a JOIN pg_catalog.pg_proc p ON p.oid = a.aggfnoid"
      " JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace"
      " WHERE p.prokind = 'a' AND p.pronamespace = ANY ($1::pg_catalog.oid[]) AND {}"
      " AND $2::text IS NOT NULL AND $3::text IS NOT NULL",
      function_spelling("a.aggtransfn"), function_spelling("a.aggfinalfn"), function_spelling("a.aggcombinefn"),
      function_spelling("a.aggserialfn"), function_spelling("a.aggdeserialfn"), function_spelling("a.aggmtransfn"),
      function_spelling("a.aggminvtransfn"), function_spelling("a.aggmfinalfn"), comment_of("pg_proc", "p.oid"),
      acl_entries("p.proacl", "f", "p.proowner"), not_extension_member("pg_proc", "p.oid"));
}

void read_aggregates(IntrospectContext& ctx, ir::Catalog& catalog, const Result& res) {
  for (int r = 0; r < res.rows(); ++r) {
    ir::Aggregate a;
    a.name = {res.str(r, 1), res.str(r, 2)};
    for (const auto& json : parse_text_array(res.get(r, 3))) {
      auto fields = parse_json_row(json);
      ir::FunctionArgument argument;
      argument.mode = fields.at(0).value_or("i") == "v" ? "VARIADIC" : "IN";
      argument.name = fields.at(1);
      argument.type = fields.at(2).value_or("");
      a.arguments.push_back(std::move(argument));
    }
    a.kind = kind_name(res.get(r, 4));
    if (a.kind != "normal") a.direct_args = static_cast<int>(res.integer(r, 5));
    a.sfunc = res.str(r, 6);
    a.stype = res.str(r, 7);
    a.sspace = static_cast<int>(res.integer(r, 8));
    a.finalfunc = res.opt(r, 9);
    a.finalfunc_extra = res.boolean(r, 10);
    a.finalfunc_modify = modify_name(res.get(r, 11));
    a.combinefunc = res.opt(r, 12);
    a.serialfunc = res.opt(r, 13);
    a.deserialfunc = res.opt(r, 14);
    a.initcond = res.opt(r, 15);
    a.msfunc = res.opt(r, 16);
    a.minvfunc = res.opt(r, 17);
    a.mstype = res.opt(r, 18);
    a.msspace = static_cast<int>(res.integer(r, 19));
    a.mfinalfunc = res.opt(r, 20);
    a.mfinalfunc_extra = res.boolean(r, 21);
    a.mfinalfunc_modify = modify_name(res.get(r, 22));
    a.minitcond = res.opt(r, 23);
    a.sortop = res.opt(r, 24);
    a.parallel = parallel_name(res.get(r, 25));
    if (ctx.options.owners) a.owner = res.str(r, 26);
    a.comment = res.opt(r, 27);
    a.acl = parse_acl(res.get(r, 28));
    a.identity_args = aggregate_argument_list(a.arguments, a.kind, a.direct_args, false);
    ctx.remember(CatalogClass::Proc, to_oid(res.get(r, 0)),
                 ir::ObjectId{ir::ObjectKind::Aggregate, a.name, "(" + a.identity_args + ")"});
    std::string signature = a.signature();
    catalog.aggregates.emplace(std::move(signature), std::move(a));
  }
}

}  // namespace schemactl::runtime::introspect_detail
