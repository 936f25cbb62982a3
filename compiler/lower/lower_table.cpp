// CREATE TABLE: columns (types, serial, identity, generated, defaults, collation), constraints,
// partitioning and inheritance.
#include <algorithm>
#include <cstdlib>

#include <fmt/ranges.h>

#include "compiler/canonical_partition_bound.hpp"
#include "compiler/lower/constraints.hpp"
#include "compiler/naming.hpp"
#include "compiler/quote.hpp"

namespace schemactl::lower {
namespace {

int64_t type_max(const std::string& type) {
  if (type == "smallint") return 32767;
  if (type == "integer") return 2147483647;
  return 9223372036854775807LL;
}
int64_t type_min(const std::string& type) {
  if (type == "smallint") return -32768;
  if (type == "integer") return -2147483648LL;
  return static_cast<int64_t>(-9223372036854775807LL - 1);
}

int64_t def_int(Context& ctx, Element def, Element arg, bool& ok) {
  auto [kind, f] = json::node(arg);
  ok = true;
  if (kind == "Integer") {
    if (json::has(f, "ival")) return json::integer(f, "ival", 0);
    return ctx.number_after(json::integer(def, "location", -1)).value_or(0);
  }
  if (kind == "Float") return std::strtoll(std::string(json::str(f, "fval")).c_str(), nullptr, 10);
  ok = false;
  return 0;
}

// Text of a partition bound datum as pg_get_expr prints it.
std::string datum_text(Context& ctx, Element datum) {
  auto [kind, f] = json::node(datum);
  if (kind == "A_Const") {
    Element v;
    if (json::get(f, "sval", v)) return quote_literal(json::str(v, "sval"));
    if (json::get(f, "ival", v)) {
      if (json::has(v, "ival")) return std::to_string(json::integer(v, "ival", 0));
      return std::to_string(ctx.number_after(json::integer(f, "location", -1)).value_or(0));
    }
    if (json::get(f, "fval", v)) return std::string(json::str(v, "fval"));
    if (json::get(f, "boolval", v)) return json::boolean(v, "boolval") ? "true" : "false";
    if (json::boolean(f, "isnull")) return "NULL";
  }
  if (kind == "ColumnRef") {
    auto parts = json::strings(f, "fields");
    if (parts.size() == 1 && (parts[0] == "minvalue" || parts[0] == "maxvalue")) {
      return parts[0] == "minvalue" ? "MINVALUE" : "MAXVALUE";
    }
  }
  std::string_view s = ctx.call_slice(datum);
  return std::string(s);
}

std::string datum_list(Context& ctx, Element bound, std::string_view key) {
  std::vector<std::string> items;
  json::each(bound, key, [&](Element d) { items.push_back(datum_text(ctx, d)); });
  return fmt::format("({})", fmt::join(items, ", "));
}

}  // namespace

std::string partition_bound_text(Context& ctx, Element bound) {
  if (json::boolean(bound, "is_default")) return "DEFAULT";
  std::string_view strategy = json::str(bound, "strategy");
  if (strategy == "r")
    return fmt::format("FOR VALUES FROM {} TO {}", datum_list(ctx, bound, "lowerdatums"), datum_list(ctx, bound, "upperdatums"));
  if (strategy == "l") return fmt::format("FOR VALUES IN {}", datum_list(ctx, bound, "listdatums"));
  return fmt::format("FOR VALUES WITH (modulus {}, remainder {})", json::integer(bound, "modulus", 0),
                     json::integer(bound, "remainder", 0));
}

void canonicalize_partition_bound_later(Context& ctx, const ir::QualifiedName& child) {
  ctx.finalizers.push_back([&ctx, child] {
    auto it = ctx.catalog.tables.find(child);
    if (it == ctx.catalog.tables.end() || !it->second.partition_of || !it->second.partition_bound) return;
    auto parent = ctx.catalog.tables.find(*it->second.partition_of);
    if (parent == ctx.catalog.tables.end() || !parent->second.partition_by) return;
    std::vector<std::string> types;
    for (const auto& column : partition_key_columns(*parent->second.partition_by)) {
      const ir::Column* c = column.empty() ? nullptr : parent->second.find_column(column);
      types.push_back(c ? c->type : std::string());
    }
    it->second.partition_bound = canonical_partition_bound(*it->second.partition_bound, types);
  });
}

std::string naming_identity_sequence(Context& ctx, const ir::Table& table, const std::string& column) {
  return naming::choose_name(table.name.name, column, "seq",
                             [&](const std::string& n) { return ctx.relation_taken(table.name.schema, n); });
}

namespace {

std::string partition_key(Context& ctx, Element spec) {
  std::string strategy(json::str(spec, "strategy"));
  for (auto& c : strategy) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  std::vector<std::string> params;
  json::each(spec, "partParams", [&](Element p) {
    Element elem, expr;
    if (!json::node_of(p, "PartitionElem", elem)) return;
    std::string item;
    if (!json::str(elem, "name").empty()) {
      item = quote_ident(json::str(elem, "name"));
    } else if (json::get(elem, "expr", expr)) {
      bool call = false;
      std::string_view sql = ctx.element_slice(expr, &call);
      item = call ? std::string(sql) : "(" + std::string(sql) + ")";
    }
    auto coll = json::strings(elem, "collation");
    if (!coll.empty()) item += " COLLATE " + collation_name(coll);
    auto opclass = json::strings(elem, "opclass");
    if (!opclass.empty()) item += " " + quote_ident(opclass.back());
    params.push_back(item);
  });
  return fmt::format("{} ({})", strategy, fmt::join(params, ", "));
}

}  // namespace

std::string def_arg_text(Element arg) {
  auto [kind, f] = json::node(arg);
  if (kind == "Integer") return std::to_string(json::integer(f, "ival", 0));
  if (kind == "Float") return std::string(json::str(f, "fval"));
  if (kind == "String") return std::string(json::str(f, "sval"));
  if (kind == "Boolean") return json::boolean(f, "boolval") ? "true" : "false";
  if (kind == "TypeName") {
    auto names = json::strings(f, "names");
    return names.empty() ? std::string() : names.back();
  }
  if (kind == "List") {
    auto items = json::strings(f, "items");
    return fmt::format("{}", fmt::join(items, "."));
  }
  return {};
}

std::vector<std::string> reloptions(Element owner, std::string_view key) {
  std::vector<std::string> out;
  json::each(owner, key, [&](Element opt) {
    Element def, arg;
    if (!json::node_of(opt, "DefElem", def)) return;
    std::string name(json::str(def, "defname"));
    if (!json::str(def, "defnamespace").empty()) name = std::string(json::str(def, "defnamespace")) + "." + name;
    if (name == "oids") return;  // WITH (OIDS=FALSE): accepted and dropped by PostgreSQL
    std::string value = json::get(def, "arg", arg) ? def_arg_text(arg) : "true";
    out.push_back(name + "=" + value);
  });
  std::sort(out.begin(), out.end());
  return out;
}

std::string collation_name(const std::vector<std::string>& names) {
  if (names.empty()) return {};
  std::string schema = names.size() >= 2 ? names[names.size() - 2] : "pg_catalog";
  return quote_ident(schema) + "." + quote_ident(names.back());
}

void reset_sequence_bounds(ir::SequenceOptions& o, bool min_given, bool max_given) {
  bool descending = o.increment < 0;
  if (!min_given) o.min_value = descending ? type_min(o.type) : 1;
  if (!max_given) o.max_value = descending ? -1 : type_max(o.type);
}

void apply_sequence_options(Context& ctx, Element options_list, ir::SequenceOptions& o,
                            std::optional<std::vector<std::string>>* owned_by, std::string* sequence_name) {
  bool min_given = false, max_given = false, start_given = false;
  ir::SequenceOptions given = o;
  json::each(options_list, [&](Element opt) {
    Element def, arg;
    if (!json::node_of(opt, "DefElem", def)) return;
    std::string_view name = json::str(def, "defname");
    bool has_arg = json::get(def, "arg", arg);
    bool ok = false;
    if (name == "as" && has_arg) {
      Element tn;
      if (json::node_of(arg, "TypeName", tn)) o.type = ctx.type(tn).spelling;
    } else if (name == "increment" && has_arg) {
      o.increment = def_int(ctx, def, arg, ok);
    } else if (name == "start" && has_arg) {
      o.start = def_int(ctx, def, arg, ok);
      start_given = true;
    } else if (name == "minvalue") {
      if (has_arg) { o.min_value = def_int(ctx, def, arg, ok); min_given = true; }
    } else if (name == "maxvalue") {
      if (has_arg) { o.max_value = def_int(ctx, def, arg, ok); max_given = true; }
    } else if (name == "cache" && has_arg) {
      o.cache = def_int(ctx, def, arg, ok);
    } else if (name == "cycle") {
      o.cycle = has_arg ? def_arg_text(arg) == "true" : true;
    } else if (name == "owned_by" && owned_by && has_arg) {
      Element list;
      if (json::node_of(arg, "List", list)) *owned_by = json::strings(list, "items");
    } else if (name == "sequence_name" && sequence_name && has_arg) {
      Element list;
      if (json::node_of(arg, "List", list)) {
        auto names = json::strings(list, "items");
        if (!names.empty()) *sequence_name = names.back();
      }
    }
  });
  reset_sequence_bounds(o, min_given, max_given);
  if (!start_given) o.start = o.increment < 0 ? o.max_value : o.min_value;
}

void add_column(Context& ctx, ir::Table& table, Element coldef, PendingConstraints& pending) {
  ir::Column column;
  column.name = std::string(json::str(coldef, "colname"));
  int64_t loc = json::integer(coldef, "location", -1);
  column.span.value = ctx.span_at(ctx.at(loc));
  column.is_local = true;
  if (table.find_column(column.name)) {
    ctx.error(diag::kDuplicateObject, loc, "column {} specified more than once", quote_ident(column.name));
    return;
  }
  if (auto* a = ctx.annotation_for(ctx.at(loc)); a && a->renamed_from) {
    a->used = true;
    column.renamed_from.value = a->renamed_from->name;
  }
  Element type_name;
  types::TypeRef type;
  if (json::get(coldef, "typeName", type_name)) type = ctx.type(type_name);
  column.type = type.spelling;
  Element coll;
  if (json::get(coldef, "collClause", coll)) {
    auto names = json::strings(coll, "collname");
    if (!(names.size() == 1 && names[0] == "default")) column.collation = collation_name(names);
  }
  if (!type.serial.empty()) {
    ir::Sequence seq;
    std::string seq_name = naming::choose_name(table.name.name, column.name, "seq",
                                               [&](const std::string& n) { return ctx.relation_taken(table.name.schema, n); });
    ctx.claim_relation(table.name.schema, seq_name);
    seq.name = {table.name.schema, seq_name};
    seq.options.type = type.serial;
    reset_sequence_bounds(seq.options, false, false);
    seq.owned_by_table = table.name;
    seq.owned_by_column = column.name;
    seq.span.value = column.span.value;
    column.default_expr = ctx.sequence_default(seq.name);
    column.not_null = true;
    ctx.catalog.sequences[seq.name] = std::move(seq);
  }
  json::each(coldef, "constraints", [&](Element c) {
    Element con;
    if (!json::node_of(c, "Constraint", con)) return;
    std::string_view contype = json::str(con, "contype");
    int64_t cloc = json::integer(con, "location", -1);
    if (contype == "CONSTR_NULL") {
      column.not_null = false;
    } else if (contype == "CONSTR_NOTNULL") {
      column.not_null = true;
    } else if (contype == "CONSTR_DEFAULT") {
      std::string_view sql = ctx.slice_after(static_cast<size_t>(ctx.at(cloc)), "DEFAULT",
                                             {"CONSTRAINT", "NOT", "NULL", "CHECK", "DEFAULT", "PRIMARY", "UNIQUE",
                                              "REFERENCES", "GENERATED", "COLLATE", "DEFERRABLE", "INITIALLY"});
      Element raw;
      column.default_expr = json::get(con, "raw_expr", raw) ? ctx.column_default(sql, ctx.slice_offset(sql), column.type, raw)
                                                             : ctx.expr(sql, ctx.slice_offset(sql), column.type);
    } else if (contype == "CONSTR_IDENTITY") {
      ir::Identity identity;
      identity.always = json::str(con, "generated_when") == "a";
      identity.options.type = column.type;
      std::string seq_name;
      Element opts;
      if (json::get(con, "options", opts)) apply_sequence_options(ctx, opts, identity.options, nullptr, &seq_name);
      else reset_sequence_bounds(identity.options, false, false), identity.options.start = 1;
      if (seq_name.empty()) seq_name = naming_identity_sequence(ctx, table, column.name);
      ctx.claim_relation(table.name.schema, seq_name);
      identity.sequence_name = {table.name.schema, seq_name};
      column.identity = identity;
      column.not_null = true;
    } else if (contype == "CONSTR_GENERATED") {
      Element raw;
      if (json::get(con, "raw_expr", raw)) {
        std::string_view sql = ctx.paren_slice(raw);
        column.generated = ctx.expr(sql, ctx.slice_offset(sql), column.type, &table);
      }
    } else {
      pending.collect(con, column.name);
    }
  });
  table.columns.push_back(std::move(column));
}

void PendingConstraints::collect(Element con, const std::string& column) {
  std::string_view contype = json::str(con, "contype");
  if (contype == "CONSTR_ATTR_DEFERRABLE" || contype == "CONSTR_ATTR_NOT_DEFERRABLE" ||
      contype == "CONSTR_ATTR_DEFERRED" || contype == "CONSTR_ATTR_IMMEDIATE") {
    if (!last) return;
    if (contype == "CONSTR_ATTR_DEFERRABLE") last->deferrable = true;
    if (contype == "CONSTR_ATTR_NOT_DEFERRABLE") last->deferrable = false;
    if (contype == "CONSTR_ATTR_DEFERRED") last->initially_deferred = true;
    if (contype == "CONSTR_ATTR_IMMEDIATE") last->initially_deferred = false;
    return;
  }
  PendingConstraint p{con, column, std::nullopt, std::nullopt, {}};
  if (contype == "CONSTR_CHECK") {
    checks.push_back(p);
    last = nullptr;
  } else if (contype == "CONSTR_PRIMARY" || contype == "CONSTR_UNIQUE" || contype == "CONSTR_EXCLUSION") {
    indexes.push_back(p);
    last = &indexes.back();
  } else if (contype == "CONSTR_FOREIGN") {
    foreign_keys.push_back(p);
    last = &foreign_keys.back();
  }
}

void transform_create_table(Context& ctx, Element stmt) {
  Element rv;
  if (!json::get(stmt, "relation", rv)) return;
  ir::QualifiedName qn = ctx.qualify(rv);
  int64_t loc = json::integer(rv, "location", -1);
  if (json::str(rv, "relpersistence") == "t") {
    ctx.error(diag::kUnsupportedStatement, loc, "temporary tables are not part of a schema");
    return;
  }
  if (ctx.catalog.tables.count(qn) || ctx.catalog.views.count(qn) || ctx.relation_taken(qn.schema, qn.name)) {
    if (!json::boolean(stmt, "if_not_exists"))
      ctx.error(diag::kDuplicateObject, loc, "relation {} is defined twice", quote_qualified(qn));
    return;
  }
  Element of_type;
  if (json::get(stmt, "ofTypename", of_type)) {
    ctx.error(diag::kUnsupportedOption, loc, "typed tables (CREATE TABLE ... OF type) are not supported");
    return;
  }
  require_schema(ctx, qn.schema, loc);
  ctx.claim_relation(qn.schema, qn.name);
  ir::Table& table = ctx.catalog.tables[qn];
  table.name = qn;
  table.span.value = ctx.span_at(ctx.at(loc));
  table.unlogged = json::str(rv, "relpersistence") == "u";
  if (auto* a = ctx.annotation_for(ctx.at(loc)); a && a->renamed_from) {
    a->used = true;
    ir::QualifiedName from = *a->renamed_from;
    if (from.schema.empty()) from.schema = qn.schema;
    table.renamed_from.value = from;
  }
  table.options = reloptions(stmt);
  std::string_view am = json::str(stmt, "accessMethod");
  if (!am.empty() && am != "heap") table.access_method = std::string(am);
  std::string_view ts = json::str(stmt, "tablespacename");
  if (!ts.empty()) table.tablespace = std::string(ts);
  Element spec, bound;
  if (json::get(stmt, "partspec", spec)) {
    table.kind = ir::TableKind::Partitioned;
    table.partition_by = partition_key(ctx, spec);
  }
  bool is_partition = json::get(stmt, "partbound", bound);
  if (is_partition) {
    table.partition_bound = partition_bound_text(ctx, bound);
    canonicalize_partition_bound_later(ctx, qn);
  }
  std::vector<std::pair<ir::QualifiedName, int>> parents;
  json::each(stmt, "inhRelations", [&](Element parent) {
    Element prv;
    if (!json::node_of(parent, "RangeVar", prv)) return;
    parents.emplace_back(ctx.resolve_relation(prv), ctx.at(json::integer(prv, "location", -1)));
  });
  if (is_partition && !parents.empty()) table.partition_of = parents.front().first;
  else for (const auto& p : parents) table.inherits.push_back(p.first);

  // Columns are large (every optional member takes its room): growing the vector by doubling
  // would leave up to half of it unused, which on a schema of thousands of tables is most of
  // the compile's memory.
  size_t column_defs = 0;
  json::each(stmt, "tableElts", [&](Element elt) { column_defs += json::kind(elt) == "ColumnDef"; });
  table.columns.reserve(table.columns.size() + column_defs);
  PendingConstraints pending;
  json::each(stmt, "tableElts", [&](Element elt) {
    auto [kind, f] = json::node(elt);
    if (kind == "ColumnDef") {
      add_column(ctx, table, f, pending);
    } else if (kind == "Constraint") {
      pending.collect(f, {});
    } else {
      ctx.error(diag::kUnsupportedOption, ctx.location_of(elt) - static_cast<int>(ctx.base),
                "{} in CREATE TABLE is not supported", kind == "TableLikeClause" ? "LIKE" : std::string(kind));
    }
  });
  bool parents_known = std::all_of(parents.begin(), parents.end(), [&](const auto& p) { return ctx.find_table(p.first); });
  if (!parents.empty() && parents_known) {
    inherit_from_parents(ctx, qn, parents, is_partition, ctx.file);
  } else if (!parents.empty()) {
    // Columns, NOT NULL, defaults and constraints come from the parents, which are defined
    // later in the file: merge them once everything is read.
    ir::QualifiedName child = qn;
    ctx.resolvers.push_back([&ctx, child, parents, is_partition, file = ctx.file] {
      inherit_from_parents(ctx, child, parents, is_partition, file);
    });
  }
  apply_constraints(ctx, table, pending, true);
}

}  // namespace schemactl::lower
