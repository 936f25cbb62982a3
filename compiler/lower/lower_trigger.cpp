// CREATE [CONSTRAINT] TRIGGER.
#include "compiler/lower/constraints.hpp"
#include "compiler/quote.hpp"

namespace schemactl::lower {
namespace {

// The triggers of a table, or of a view (INSTEAD OF triggers); nullptr when neither exists.
std::map<std::string, ir::Trigger>* triggers_of(Context& ctx, const ir::QualifiedName& relation) {
  if (ir::Table* table = ctx.find_table(relation)) return &table->triggers;
  auto view = ctx.catalog.views.find(relation);
  return view == ctx.catalog.views.end() ? nullptr : &view->second.triggers;
}

}  // namespace

void transform_trigger(Context& ctx, Element stmt) {
  Element rv;
  if (!json::get(stmt, "relation", rv)) return;
  int64_t loc = json::integer(rv, "location", -1);
  ir::QualifiedName tn = ctx.resolve_relation(rv);
  std::map<std::string, ir::Trigger>* triggers = triggers_of(ctx, tn);
  if (!triggers) {
    ctx.defer_or_report("table " + quote_qualified(tn), loc);
    return;
  }
  ir::Trigger trig;
  trig.name = std::string(json::str(stmt, "trigname"));
  trig.span.value = ctx.span_at(static_cast<int>(ctx.stmt_begin));
  int64_t timing = json::integer(stmt, "timing", 0);
  trig.timing = (timing & 2) ? "BEFORE" : (timing & 64) ? "INSTEAD OF" : "AFTER";
  int64_t events = json::integer(stmt, "events", 0);
  if (events & 4) trig.events.push_back("INSERT");
  if (events & 16) trig.events.push_back("UPDATE");
  if (events & 8) trig.events.push_back("DELETE");
  if (events & 32) trig.events.push_back("TRUNCATE");
  trig.update_columns = json::strings(stmt, "columns");
  trig.for_each_row = json::boolean(stmt, "row");
  Element when;
  if (json::get(stmt, "whenClause", when)) {
    std::string_view sql = ctx.paren_slice(when);
    trig.when = ctx.expr(sql, ctx.slice_offset(sql));
  }
  auto funcname = json::strings(stmt, "funcname");
  bool qualified = funcname.size() >= 2;
  trig.function = ctx.qualify(funcname);
  json::each(stmt, "args", [&](Element a) { trig.arguments.emplace_back(json::sval(a)); });
  trig.constraint_trigger = json::boolean(stmt, "isconstraint");
  trig.deferrable = json::boolean(stmt, "deferrable");
  trig.initially_deferred = json::boolean(stmt, "initdeferred");
  Element constrrel;
  if (json::get(stmt, "constrrel", constrrel)) trig.constraint_ref_table = ctx.resolve_relation(constrrel);
  json::each(stmt, "transitionRels", [&](Element t) {
    Element tr;
    if (!json::node_of(t, "TriggerTransition", tr)) return;
    if (json::boolean(tr, "isNew")) trig.new_table = std::string(json::str(tr, "name"));
    else trig.old_table = std::string(json::str(tr, "name"));
  });
  if (triggers->count(trig.name) && !json::boolean(stmt, "replace")) {
    ctx.error(diag::kDuplicateObject, loc, "trigger {} for relation {} is defined twice", quote_ident(trig.name), quote_qualified(tn));
    return;
  }
  std::string name = trig.name;
  (*triggers)[name] = std::move(trig);
  // The function may be defined later; an unqualified name that no schema in the file defines is
  // a built-in one (tsvector_update_trigger, suppress_redundant_updates_trigger).
  int offset = ctx.at(loc);
  ctx.finalizers.push_back([&ctx, tn, name, qualified, offset, file = ctx.file, path = ctx.search_path] {
    std::map<std::string, ir::Trigger>* triggers = triggers_of(ctx, tn);
    if (!triggers || !triggers->count(name)) return;
    ir::Trigger& trig = (*triggers)[name];
    auto defined = [&](const ir::QualifiedName& fn) {
      for (const auto& [key, f] : ctx.catalog.functions)
        if (f.name == fn) return true;
      return false;
    };
    if (defined(trig.function)) return;
    if (!qualified) {
      for (const auto& s : path) {
        if (defined({s, trig.function.name})) {
          trig.function.schema = s;
          return;
        }
      }
      trig.function.schema = "pg_catalog";
      return;
    }
    if (trig.function.schema != "pg_catalog" && ctx.catalog.extensions.empty())
      ctx.diags.add(diag::kUnknownFunction, file, offset, 1, "trigger function {}() does not exist", quote_qualified(trig.function));
  });
}

}  // namespace schemactl::lower
