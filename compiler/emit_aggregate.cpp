// CREATE/DROP AGGREGATE, in pg_dump's layout: one option per line, defaults left out.
#include "compiler/aggregate_args.hpp"
#include "compiler/emit_objects.hpp"
#include "compiler/emit_util.hpp"
#include "compiler/quote.hpp"

namespace schemactl::emit {
namespace {

// FINALFUNC_MODIFY's default depends on the kind (DefineAggregate).
std::string default_modify(const ir::Aggregate& aggregate) {
  return aggregate.kind == "normal" ? "READ_ONLY" : "READ_WRITE";
}

// "(*)" for an aggregate without arguments, as DROP/COMMENT/ALTER AGGREGATE take it.
std::string aggregate_arguments(const std::string& identity_args) {
  return "(" + (identity_args.empty() ? std::string("*") : identity_args) + ")";
}

}  // namespace

ir::ObjectId object_id(const ir::Aggregate& aggregate) {
  return {ir::ObjectKind::Aggregate, aggregate.name, "(" + aggregate.identity_args + ")"};
}

std::string aggregate_reference(const ir::QualifiedName& name, const std::string& sub) {
  std::string identity = sub.size() >= 2 && sub.front() == '(' ? sub.substr(1, sub.size() - 2) : sub;
  return "AGGREGATE " + quote_qualified(name) + aggregate_arguments(identity);
}

std::string create_aggregate(const ir::Aggregate& a, bool or_replace) {
  std::vector<std::string> options{"SFUNC = " + a.sfunc, "STYPE = " + a.stype};
  if (a.sspace != 0) options.push_back("SSPACE = " + std::to_string(a.sspace));
  if (a.finalfunc) options.push_back("FINALFUNC = " + *a.finalfunc);
  if (a.finalfunc_extra) options.push_back("FINALFUNC_EXTRA");
  if (a.finalfunc && a.finalfunc_modify != default_modify(a)) options.push_back("FINALFUNC_MODIFY = " + a.finalfunc_modify);
  if (a.combinefunc) options.push_back("COMBINEFUNC = " + *a.combinefunc);
  if (a.serialfunc) options.push_back("SERIALFUNC = " + *a.serialfunc);
  if (a.deserialfunc) options.push_back("DESERIALFUNC = " + *a.deserialfunc);
  if (a.initcond) options.push_back("INITCOND = " + quote_literal(*a.initcond));
  if (a.msfunc) options.push_back("MSFUNC = " + *a.msfunc);
  if (a.minvfunc) options.push_back("MINVFUNC = " + *a.minvfunc);
  if (a.mstype) options.push_back("MSTYPE = " + *a.mstype);
  if (a.msspace != 0) options.push_back("MSSPACE = " + std::to_string(a.msspace));
  if (a.mfinalfunc) options.push_back("MFINALFUNC = " + *a.mfinalfunc);
  if (a.mfinalfunc_extra) options.push_back("MFINALFUNC_EXTRA");
  if (a.mfinalfunc && a.mfinalfunc_modify != default_modify(a))
    options.push_back("MFINALFUNC_MODIFY = " + a.mfinalfunc_modify);
  if (a.minitcond) options.push_back("MINITCOND = " + quote_literal(*a.minitcond));
  if (a.sortop) {
    std::string op = a.sortop->find('.') == std::string::npos ? "pg_catalog." + *a.sortop : *a.sortop;
    options.push_back("SORTOP = OPERATOR(" + op + ")");
  }
  if (a.parallel != "UNSAFE") options.push_back("PARALLEL = " + a.parallel);
  if (a.kind == "hypothetical") options.push_back("HYPOTHETICAL");
  std::string arguments = aggregate_argument_list(a.arguments, a.kind, a.direct_args, true);
  return std::string(or_replace ? "CREATE OR REPLACE AGGREGATE " : "CREATE AGGREGATE ") + quote_qualified(a.name) + "(" +
         (arguments.empty() ? "*" : arguments) + ") (\n    " + detail::join(options, ",\n    ") + "\n);\n";
}

std::string drop_aggregate(const ir::Aggregate& aggregate) {
  return "DROP AGGREGATE " + quote_qualified(aggregate.name) + aggregate_arguments(aggregate.identity_args) + ";\n";
}

}  // namespace schemactl::emit
