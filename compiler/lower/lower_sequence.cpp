// CREATE SEQUENCE / ALTER SEQUENCE (options, OWNED BY).
#include "compiler/lower/constraints.hpp"
#include "compiler/quote.hpp"

namespace schemactl::lower {
namespace {

void set_owned_by(Context& ctx, ir::Sequence& seq, const std::vector<std::string>& owned_by, int64_t loc) {
  if (owned_by.size() == 1 && owned_by[0] == "none") {
    seq.owned_by_table.reset();
    seq.owned_by_column.reset();
    return;
  }
  if (owned_by.size() < 2) return;
  std::vector<std::string> table_names(owned_by.begin(), owned_by.end() - 1);
  ir::Table* table = ctx.find_table(table_names);
  ir::QualifiedName tn = table ? table->name : ctx.qualify(table_names);
  seq.owned_by_table = tn;
  seq.owned_by_column = owned_by.back();
  int offset = ctx.at(loc);
  ctx.finalizers.push_back([&ctx, tn, column = owned_by.back(), offset, file = ctx.file] {
    ir::Table* t = ctx.find_table(tn);
    if (!t) ctx.diags.add(diag::kUnknownTable, file, offset, 1, "table {} of OWNED BY does not exist", quote_qualified(tn));
    else if (!t->find_column(column))
      ctx.diags.add(diag::kUnknownColumn, file, offset, 1, "column {} of OWNED BY does not exist in table {}",
                    quote_ident(column), quote_qualified(tn));
  });
}

}  // namespace

void transform_create_sequence(Context& ctx, Element stmt) {
  Element rv;
  if (!json::get(stmt, "sequence", rv)) return;
  ir::QualifiedName qn = ctx.qualify(rv);
  int64_t loc = json::integer(rv, "location", -1);
  if (ctx.relation_taken(qn.schema, qn.name)) {
    if (!json::boolean(stmt, "if_not_exists"))
      ctx.error(diag::kDuplicateObject, loc, "relation {} is defined twice", quote_qualified(qn));
    return;
  }
  require_schema(ctx, qn.schema, loc);
  ctx.claim_relation(qn.schema, qn.name);
  ir::Sequence seq;
  seq.name = qn;
  seq.unlogged = json::str(rv, "relpersistence") == "u";
  seq.span.value = ctx.span_at(ctx.at(loc));
  std::optional<std::vector<std::string>> owned_by;
  Element options;
  if (json::get(stmt, "options", options)) {
    apply_sequence_options(ctx, options, seq.options, &owned_by, nullptr);
  } else {
    reset_sequence_bounds(seq.options, false, false);
  }
  if (owned_by) set_owned_by(ctx, seq, *owned_by, loc);
  ctx.catalog.sequences[qn] = std::move(seq);
}

void transform_alter_sequence(Context& ctx, Element stmt) {
  Element rv;
  if (!json::get(stmt, "sequence", rv)) return;
  int64_t loc = json::integer(rv, "location", -1);
  ir::QualifiedName qn = ctx.resolve_relation(rv);
  auto it = ctx.catalog.sequences.find(qn);
  if (it == ctx.catalog.sequences.end()) {
    // pg_dump also alters identity sequences; their options live on the column.
    for (auto& [tn, t] : ctx.catalog.tables)
      for (auto& c : t.columns)
        if (c.identity && c.identity->sequence_name == qn) return;
    if (!json::boolean(stmt, "missing_ok")) ctx.defer_or_report("sequence " + quote_qualified(qn), loc);
    return;
  }
  ir::Sequence& seq = it->second;
  std::optional<std::vector<std::string>> owned_by;
  ir::SequenceOptions& o = seq.options;
  json::each(stmt, "options", [&](Element opt) {
    Element def, arg;
    if (!json::node_of(opt, "DefElem", def)) return;
    std::string_view name = json::str(def, "defname");
    bool has_arg = json::get(def, "arg", arg);
    if (name == "owned_by" && has_arg) {
      Element list;
      if (json::node_of(arg, "List", list)) owned_by = json::strings(list, "items");
      return;
    }
    if (name == "restart") return;  // the current value is data, not schema
    // Other options: apply as in CREATE SEQUENCE, keeping the ones not mentioned.
    ir::SequenceOptions before = o;
    std::string text = def_arg_text(has_arg ? arg : def);
    int64_t v = has_arg ? std::strtoll(text.c_str(), nullptr, 10) : 0;
    if (has_arg && v == 0 && json::kind(arg) == "Integer") v = ctx.number_after(json::integer(def, "location", -1)).value_or(0);
    if (name == "increment") o.increment = v;
    else if (name == "start") o.start = v;
    else if (name == "minvalue") { if (has_arg) o.min_value = v; else reset_sequence_bounds(o, false, true); }
    else if (name == "maxvalue") { if (has_arg) o.max_value = v; else reset_sequence_bounds(o, true, false); }
    else if (name == "cache") o.cache = v;
    else if (name == "cycle") o.cycle = has_arg ? text == "true" : true;
    else if (name == "as") {
      Element tn;
      if (has_arg && json::node_of(arg, "TypeName", tn)) o.type = ctx.type(tn).spelling;
    }
  });
  if (owned_by) set_owned_by(ctx, seq, *owned_by, loc);
}

}  // namespace schemactl::lower
