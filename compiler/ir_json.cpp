#include "compiler/ir_json.hpp"

#include "compiler/json_string.hpp"

#include <fmt/format.h>

namespace schemactl {
namespace {

// A minimal streaming writer: objects and arrays with two-space indentation.
class Writer {
 public:
  explicit Writer(JsonForm form) : comparison(form == JsonForm::Comparison) {}
  std::string out;
  bool comparison;  // JsonForm::Comparison: only what ir's operator== looks at

  void begin_object() { open('{'); }
  void end_object() { close('}'); }
  void begin_array() { open('['); }
  void end_array() { close(']'); }
  void key(std::string_view k) {
    separator();
    string_value(k);
    out += ": ";
    after_key_ = true;
  }
  void value(std::string_view s) { prefix(); string_value(s); }
  void value(const char* s) { value(std::string_view(s)); }
  void value(const std::string& s) { value(std::string_view(s)); }
  void value(bool b) { prefix(); out += b ? "true" : "false"; }
  void value(int64_t i) { prefix(); out += std::to_string(i); }
  void value(int i) { value(static_cast<int64_t>(i)); }
  void value(double d) { prefix(); out += fmt::format("{}", d); }
  void null() { prefix(); out += "null"; }
  void value(char c) { value(std::string(1, c)); }

  template <typename T>
  void field(std::string_view k, const T& v) {
    key(k);
    value(v);
  }
  template <typename T>
  void field(std::string_view k, const std::optional<T>& v) {
    if (!v) return;
    key(k);
    value(*v);
  }
  template <typename T>
  void field(std::string_view k, const ir::Boxed<T>& v) {
    if (!v) return;
    key(k);
    value(*v);
  }
  void strings(std::string_view k, const std::vector<std::string>& v) {
    key(k);
    begin_array();
    for (const auto& s : v) value(s);
    end_array();
  }

 private:
  struct Level {
    bool first = true;
  };
  std::vector<Level> levels_;
  bool after_key_ = false;

  void indent() {
    out += '\n';
    out.append(levels_.size() * 2, ' ');
  }
  void separator() {
    if (!levels_.empty()) {
      if (!levels_.back().first) out += ',';
      levels_.back().first = false;
      indent();
    }
  }
  void prefix() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    separator();
  }
  void open(char c) {
    prefix();
    out += c;
    levels_.push_back({});
  }
  void close(char c) {
    bool empty = levels_.back().first;
    levels_.pop_back();
    if (!empty) indent();
    out += c;
  }
  void string_value(std::string_view s) { out += json::quote(s); }
};

std::string qualified(const ir::QualifiedName& q) { return q.schema + "." + q.name; }

void expr(Writer& w, std::string_view k, const ir::Expr& e) {
  w.key(k);
  w.begin_object();
  if (!w.comparison) w.field("text", e.text);
  w.field("key", e.key);
  w.end_object();
}
void expr(Writer& w, std::string_view k, const std::optional<ir::Expr>& e) {
  if (e) expr(w, k, *e);
}
void expr(Writer& w, std::string_view k, const ir::Boxed<ir::Expr>& e) {
  if (e) expr(w, k, *e);
}

void acl(Writer& w, const ir::Acl& a) {
  if (a.empty()) return;
  w.key("acl");
  w.begin_array();
  for (const auto& p : a) {
    w.begin_object();
    w.field("grantee", p.grantee);
    w.field("privilege", p.privilege);
    if (p.grantable) w.field("grantable", true);
    w.end_object();
  }
  w.end_array();
}

void span(Writer& w, const ir::SourceSpan& s) {
  if (!s.known() || w.comparison) return;
  w.key("span");
  w.begin_object();
  w.field("file", s.file.str());
  w.field("line", s.line);
  w.field("column", s.column);
  w.end_object();
}

void sequence_options(Writer& w, const ir::SequenceOptions& o) {
  w.key("options");
  w.begin_object();
  w.field("type", o.type);
  w.field("start", o.start);
  w.field("increment", o.increment);
  w.field("min_value", o.min_value);
  w.field("max_value", o.max_value);
  w.field("cache", o.cache);
  w.field("cycle", o.cycle);
  w.end_object();
}

const char* constraint_kind(ir::ConstraintKind k) {
  switch (k) {
    case ir::ConstraintKind::PrimaryKey: return "primary_key";
    case ir::ConstraintKind::Unique: return "unique";
    case ir::ConstraintKind::ForeignKey: return "foreign_key";
    case ir::ConstraintKind::Check: return "check";
    case ir::ConstraintKind::Exclude: return "exclude";
  }
  return "";
}

void column(Writer& w, const ir::Column& c) {
  w.begin_object();
  w.field("name", c.name);
  w.field("type", c.type);
  if (c.not_null) w.field("not_null", true);
  expr(w, "default", c.default_expr);
  if (c.identity) {
    w.key("identity");
    w.begin_object();
    w.field("always", c.identity->always);
    w.field("sequence", qualified(c.identity->sequence_name));
    sequence_options(w, c.identity->options);
    w.end_object();
  }
  expr(w, "generated", c.generated);
  w.field("collation", c.collation);
  w.field("storage", c.storage);
  w.field("statistics", c.statistics);
  if (!c.is_local) w.field("is_local", false);
  w.field("comment", c.comment);
  acl(w, c.acl);
  if (!w.comparison) w.field("renamed_from", c.renamed_from.value);
  span(w, c.span.value);
  w.end_object();
}

void constraint(Writer& w, const ir::Constraint& c) {
  w.begin_object();
  w.field("name", c.name);
  w.field("kind", constraint_kind(c.kind));
  if (!c.columns.empty()) w.strings("columns", c.columns);
  if (!c.include.empty()) w.strings("include", c.include);
  if (c.nulls_not_distinct) w.field("nulls_not_distinct", true);
  if (c.foreign_key) {
    const auto& fk = *c.foreign_key;
    w.key("references");
    w.begin_object();
    w.field("table", qualified(fk.ref_table));
    w.strings("columns", fk.ref_columns);
    w.field("match", fk.match);
    w.field("on_update", fk.on_update);
    w.field("on_delete", fk.on_delete);
    if (!fk.on_delete_set_columns.empty()) w.strings("on_delete_set_columns", fk.on_delete_set_columns);
    w.end_object();
  }
  expr(w, "check", c.check);
  if (c.no_inherit) w.field("no_inherit", true);
  if (c.exclusion) {
    w.field("method", c.exclusion->method);
    w.key("elements");
    w.begin_array();
    for (const auto& e : c.exclusion->elements) {
      w.begin_object();
      w.field("column", e.column);
      expr(w, "expr", e.expr);
      w.field("opclass", e.opclass);
      if (e.descending) w.field("descending", true);
      if (e.nulls_first) w.field("nulls_first", true);
      w.field("operator", e.op);
      w.end_object();
    }
    w.end_array();
    expr(w, "where", c.exclusion->where);
  }
  if (!c.index_options.empty()) w.strings("index_options", c.index_options);
  w.field("index_tablespace", c.index_tablespace);
  if (c.deferrable) w.field("deferrable", true);
  if (c.initially_deferred) w.field("initially_deferred", true);
  if (c.not_valid) w.field("not_valid", true);
  if (!c.is_local) w.field("is_local", false);
  w.field("comment", c.comment);
  span(w, c.span.value);
  w.end_object();
}

void triggers(Writer& w, const std::map<std::string, ir::Trigger>& list) {
  if (list.empty()) return;
  {
    w.key("triggers");
    w.begin_array();
    for (const auto& [n, tr] : list) {
      w.begin_object();
      w.field("name", tr.name);
      w.field("timing", tr.timing);
      w.strings("events", tr.events);
      if (!tr.update_columns.empty()) w.strings("update_columns", tr.update_columns);
      w.field("for_each_row", tr.for_each_row);
      expr(w, "when", tr.when);
      w.field("function", qualified(tr.function));
      if (!tr.arguments.empty()) w.strings("arguments", tr.arguments);
      if (tr.constraint_trigger) w.field("constraint_trigger", true);
      if (tr.deferrable) w.field("deferrable", true);
      if (tr.initially_deferred) w.field("initially_deferred", true);
      if (tr.constraint_ref_table) w.field("constraint_ref_table", qualified(*tr.constraint_ref_table));
      w.field("old_table", tr.old_table);
      w.field("new_table", tr.new_table);
      if (tr.enabled != 'O') w.field("enabled", tr.enabled);
      w.field("comment", tr.comment);
      w.end_object();
    }
    w.end_array();
  }
}

void table(Writer& w, const ir::Table& t) {
  w.begin_object();
  w.field("schema", t.name.schema);
  w.field("name", t.name.name);
  if (t.kind == ir::TableKind::Partitioned) w.field("partitioned", true);
  if (t.unlogged) w.field("unlogged", true);
  w.key("columns");
  w.begin_array();
  for (const auto& c : t.columns) column(w, c);
  w.end_array();
  if (!t.constraints.empty()) {
    w.key("constraints");
    w.begin_array();
    for (const auto& [n, c] : t.constraints) constraint(w, c);
    w.end_array();
  }
  if (!t.inherits.empty()) {
    w.key("inherits");
    w.begin_array();
    for (const auto& p : t.inherits) w.value(qualified(p));
    w.end_array();
  }
  w.field("partition_by", t.partition_by);
  if (t.partition_of) w.field("partition_of", qualified(*t.partition_of));
  w.field("partition_bound", t.partition_bound);
  if (!t.options.empty()) w.strings("options", t.options);
  w.field("access_method", t.access_method);
  w.field("tablespace", t.tablespace);
  if (t.rls_enabled) w.field("rls_enabled", true);
  if (t.rls_forced) w.field("rls_forced", true);
  if (t.replica_identity != 'd') w.field("replica_identity", t.replica_identity);
  w.field("replica_identity_index", t.replica_identity_index);
  if (!t.policies.empty()) {
    w.key("policies");
    w.begin_array();
    for (const auto& [n, p] : t.policies) {
      w.begin_object();
      w.field("name", p.name);
      w.field("permissive", p.permissive);
      w.field("command", p.command);
      w.strings("roles", p.roles);
      expr(w, "using", p.using_expr);
      expr(w, "check", p.check_expr);
      w.field("comment", p.comment);
      w.end_object();
    }
    w.end_array();
  }
  triggers(w, t.triggers);
  w.field("owner", t.owner);
  w.field("comment", t.comment);
  acl(w, t.acl);
  if (t.renamed_from.value && !w.comparison) w.field("renamed_from", qualified(*t.renamed_from.value));
  span(w, t.span.value);
  w.end_object();
}

}  // namespace

std::string catalog_to_json(const ir::Catalog& c, JsonForm form) {
  Writer w(form);
  w.begin_object();
  w.key("schemas");
  w.begin_array();
  for (const auto& [n, s] : c.schemas) {
    w.begin_object();
    w.field("name", s.name);
    w.field("owner", s.owner);
    w.field("comment", s.comment);
    acl(w, s.acl);
    w.end_object();
  }
  w.end_array();
  w.key("extensions");
  w.begin_array();
  for (const auto& [n, e] : c.extensions) {
    w.begin_object();
    w.field("name", e.name);
    w.field("schema", e.schema);
    // Compared only when both sides state them (ir::extension_values_agree).
    if (!w.comparison) {
      w.field("version", e.version);
      w.field("comment", e.comment);
    }
    w.end_object();
  }
  w.end_array();
  w.key("collations");
  w.begin_array();
  for (const auto& [n, co] : c.collations) {
    w.begin_object();
    w.field("schema", co.name.schema);
    w.field("name", co.name.name);
    w.field("provider", co.provider);
    w.field("locale", co.locale);
    w.field("lc_collate", co.lc_collate);
    w.field("lc_ctype", co.lc_ctype);
    w.field("deterministic", co.deterministic);
    w.field("owner", co.owner);
    w.field("comment", co.comment);
    w.end_object();
  }
  w.end_array();
  w.key("enums");
  w.begin_array();
  for (const auto& [n, e] : c.enums) {
    w.begin_object();
    w.field("schema", e.name.schema);
    w.field("name", e.name.name);
    w.strings("labels", e.labels);
    w.field("owner", e.owner);
    w.field("comment", e.comment);
    acl(w, e.acl);
    w.end_object();
  }
  w.end_array();
  w.key("domains");
  w.begin_array();
  for (const auto& [n, d] : c.domains) {
    w.begin_object();
    w.field("schema", d.name.schema);
    w.field("name", d.name.name);
    w.field("base_type", d.base_type);
    if (d.not_null) w.field("not_null", true);
    expr(w, "default", d.default_expr);
    w.field("collation", d.collation);
    w.key("checks");
    w.begin_array();
    for (const auto& [cn, ch] : d.checks) {
      w.begin_object();
      w.field("name", ch.name);
      expr(w, "expr", ch.expr);
      if (ch.not_valid) w.field("not_valid", true);
      w.field("comment", ch.comment);
      w.end_object();
    }
    w.end_array();
    w.field("owner", d.owner);
    w.field("comment", d.comment);
    acl(w, d.acl);
    w.end_object();
  }
  w.end_array();
  w.key("composite_types");
  w.begin_array();
  for (const auto& [n, t] : c.composite_types) {
    w.begin_object();
    w.field("schema", t.name.schema);
    w.field("name", t.name.name);
    w.key("attributes");
    w.begin_array();
    for (const auto& a : t.attributes) {
      w.begin_object();
      w.field("name", a.name);
      w.field("type", a.type);
      w.field("collation", a.collation);
      w.field("comment", a.comment);
      w.end_object();
    }
    w.end_array();
    w.field("owner", t.owner);
    w.field("comment", t.comment);
    acl(w, t.acl);
    w.end_object();
  }
  w.end_array();
  w.key("sequences");
  w.begin_array();
  for (const auto& [n, s] : c.sequences) {
    w.begin_object();
    w.field("schema", s.name.schema);
    w.field("name", s.name.name);
    sequence_options(w, s.options);
    if (s.owned_by_table) w.field("owned_by_table", qualified(*s.owned_by_table));
    w.field("owned_by_column", s.owned_by_column);
    if (s.unlogged) w.field("unlogged", true);
    w.field("owner", s.owner);
    w.field("comment", s.comment);
    acl(w, s.acl);
    w.end_object();
  }
  w.end_array();
  w.key("tables");
  w.begin_array();
  for (const auto& [n, t] : c.tables) table(w, t);
  w.end_array();
  w.key("indexes");
  w.begin_array();
  for (const auto& [n, i] : c.indexes) {
    w.begin_object();
    w.field("schema", i.name.schema);
    w.field("name", i.name.name);
    w.field("table", qualified(i.table));
    if (i.unique) w.field("unique", true);
    if (i.nulls_not_distinct) w.field("nulls_not_distinct", true);
    w.field("method", i.method);
    w.key("elements");
    w.begin_array();
    for (const auto& e : i.elements) {
      w.begin_object();
      w.field("column", e.column);
      expr(w, "expr", e.expr);
      w.field("collation", e.collation);
      w.field("opclass", e.opclass);
      if (!e.opclass_options.empty()) w.strings("opclass_options", e.opclass_options);
      if (e.descending) w.field("descending", true);
      if (e.nulls_first) w.field("nulls_first", true);
      w.end_object();
    }
    w.end_array();
    if (!i.include.empty()) w.strings("include", i.include);
    expr(w, "where", i.where);
    if (!i.options.empty()) w.strings("options", i.options);
    w.field("tablespace", i.tablespace);
    w.field("comment", i.comment);
    w.end_object();
  }
  w.end_array();
  w.key("views");
  w.begin_array();
  for (const auto& [n, v] : c.views) {
    w.begin_object();
    w.field("schema", v.name.schema);
    w.field("name", v.name.name);
    if (v.materialized) w.field("materialized", true);
    w.strings("columns", v.columns);
    expr(w, "query", v.query);
    w.field("check_option", v.check_option);
    if (!v.options.empty()) w.strings("options", v.options);
    if (v.materialized) w.field("with_data", v.with_data);
    w.field("tablespace", v.tablespace);
    if (!v.column_comments.empty()) {
      w.key("column_comments");
      w.begin_object();
      for (const auto& [cn, cc] : v.column_comments) w.field(cn, cc);
      w.end_object();
    }
    if (!v.column_defaults.empty()) {
      w.key("column_defaults");
      w.begin_object();
      for (const auto& [cn, cd] : v.column_defaults) expr(w, cn, cd);
      w.end_object();
    }
    triggers(w, v.triggers);
    w.field("owner", v.owner);
    w.field("comment", v.comment);
    acl(w, v.acl);
    w.end_object();
  }
  w.end_array();
  w.key("functions");
  w.begin_array();
  for (const auto& [n, f] : c.functions) {
    w.begin_object();
    w.field("schema", f.name.schema);
    w.field("name", f.name.name);
    if (f.is_procedure) w.field("procedure", true);
    w.field("identity_args", f.identity_args);
    w.key("arguments");
    w.begin_array();
    for (const auto& a : f.arguments) {
      w.begin_object();
      w.field("mode", a.mode);
      w.field("name", a.name);
      w.field("type", a.type);
      expr(w, "default", a.default_expr);
      w.end_object();
    }
    w.end_array();
    w.field("returns", f.returns);
    w.field("language", f.language);
    w.field("body", f.body);
    if (f.sql_body) w.field("sql_body", true);
    w.field("volatility", f.volatility);
    if (f.strict) w.field("strict", true);
    if (f.security_definer) w.field("security_definer", true);
    if (f.leakproof) w.field("leakproof", true);
    w.field("parallel", f.parallel);
    w.field("cost", f.cost);
    if (f.rows != 0) w.field("rows", f.rows);
    if (!f.config.empty()) w.strings("config", f.config);
    w.field("owner", f.owner);
    w.field("comment", f.comment);
    acl(w, f.acl);
    w.end_object();
  }
  w.end_array();
  w.key("aggregates");
  w.begin_array();
  for (const auto& [n, a] : c.aggregates) {
    w.begin_object();
    w.field("schema", a.name.schema);
    w.field("name", a.name.name);
    w.field("identity_args", a.identity_args);
    w.key("arguments");
    w.begin_array();
    for (const auto& arg : a.arguments) {
      w.begin_object();
      w.field("mode", arg.mode);
      w.field("name", arg.name);
      w.field("type", arg.type);
      w.end_object();
    }
    w.end_array();
    w.field("kind", a.kind);
    if (a.kind != "normal") w.field("direct_args", a.direct_args);
    w.field("sfunc", a.sfunc);
    w.field("stype", a.stype);
    if (a.sspace != 0) w.field("sspace", a.sspace);
    w.field("finalfunc", a.finalfunc);
    if (a.finalfunc_extra) w.field("finalfunc_extra", true);
    w.field("finalfunc_modify", a.finalfunc_modify);
    w.field("combinefunc", a.combinefunc);
    w.field("serialfunc", a.serialfunc);
    w.field("deserialfunc", a.deserialfunc);
    w.field("initcond", a.initcond);
    w.field("msfunc", a.msfunc);
    w.field("minvfunc", a.minvfunc);
    w.field("mstype", a.mstype);
    if (a.msspace != 0) w.field("msspace", a.msspace);
    w.field("mfinalfunc", a.mfinalfunc);
    if (a.mfinalfunc_extra) w.field("mfinalfunc_extra", true);
    if (a.mstype) w.field("mfinalfunc_modify", a.mfinalfunc_modify);
    w.field("minitcond", a.minitcond);
    w.field("sortop", a.sortop);
    w.field("parallel", a.parallel);
    w.field("owner", a.owner);
    w.field("comment", a.comment);
    acl(w, a.acl);
    w.end_object();
  }
  w.end_array();
  if (!w.comparison) {
    w.key("data");
    w.begin_array();
    for (const auto& d : c.data.value) w.value(d.sql);
    w.end_array();
  }
  w.end_object();
  w.out += '\n';
  return w.out;
}

}  // namespace schemactl
