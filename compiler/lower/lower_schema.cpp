// Schemas, extensions, the search path, and the generic ALTER ... OWNER / RENAME / DROP forms.
#include <algorithm>

#include <fmt/ranges.h>

#include "compiler/lower/context.hpp"
#include "compiler/lower/lower_aggregate.hpp"
#include "compiler/lower/lower_collation.hpp"
#include "compiler/quote.hpp"

namespace schemactl::lower {
namespace {

// "a, \"B\", public" -> {a, B, public} (set_config takes the list as one string).
std::vector<std::string> parse_path_list(std::string_view list) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < list.size()) {
    while (i < list.size() && (list[i] == ' ' || list[i] == ',' || list[i] == '\t')) ++i;
    if (i >= list.size()) break;
    std::string item;
    if (list[i] == '"') {
      ++i;
      while (i < list.size()) {
        if (list[i] == '"') {
          if (i + 1 < list.size() && list[i + 1] == '"') { item += '"'; i += 2; continue; }
          ++i;
          break;
        }
        item += list[i++];
      }
    } else {
      while (i < list.size() && list[i] != ',' && list[i] != ' ') {
        item += static_cast<char>(std::tolower(static_cast<unsigned char>(list[i])));
        ++i;
      }
    }
    out.push_back(item);
  }
  return out;
}

}  // namespace

void transform_create_schema(Context& ctx, Element stmt) {
  std::string name(json::str(stmt, "schemaname"));
  if (name.empty()) {
    Element role;
    if (json::get(stmt, "authrole", role)) name = role_name(role);
  }
  int offset = ctx.location_of(stmt);
  if (json::count(stmt, "schemaElts") > 0) {
    ctx.diags.add(diag::kUnsupportedOption, ctx.file, offset, ctx.token_length(offset),
                  "CREATE SCHEMA with schema elements is not supported: create the objects in separate statements");
  }
  if (name == "public") return;  // exists in every database
  if (ctx.catalog.schemas.count(name)) {
    if (!json::boolean(stmt, "if_not_exists"))
      ctx.diags.add(diag::kDuplicateObject, ctx.file, static_cast<int>(ctx.stmt_begin), 6, "schema {} is defined twice", quote_ident(name));
    return;
  }
  ir::Schema schema;
  schema.name = name;
  Element role;
  if (json::get(stmt, "authrole", role) && json::has(stmt, "schemaname")) schema.owner = role_name(role);
  schema.span.value = ctx.span_at(ctx.location_of(ctx.current_stmt));
  ctx.catalog.schemas.emplace(name, std::move(schema));
}

void transform_create_extension(Context& ctx, Element stmt) {
  std::string name(json::str(stmt, "extname"));
  // plpgsql is installed in every database (pg_dump leaves it out): nothing to manage.
  if (name == "plpgsql") return;
  if (ctx.catalog.extensions.count(name)) {
    if (!json::boolean(stmt, "if_not_exists"))
      ctx.diags.add(diag::kDuplicateObject, ctx.file, static_cast<int>(ctx.stmt_begin), 6, "extension {} is defined twice", quote_ident(name));
    return;
  }
  ir::Extension ext;
  ext.name = name;
  ext.schema = ctx.creation_schema();
  json::each(stmt, "options", [&](Element opt) {
    Element def, arg;
    if (!json::get(opt, "DefElem", def)) return;
    std::string_view option = json::str(def, "defname");
    if (!json::get(def, "arg", arg)) return;
    std::string value(json::sval(arg));
    if (option == "schema") ext.schema = value;
    else if (option == "new_version") ext.version = value;
  });
  // plpgsql lives in pg_catalog whatever the search path says.
  if (name == "plpgsql") ext.schema = "pg_catalog";
  ext.span.value = ctx.span_at(ctx.location_of(ctx.current_stmt));
  require_schema(ctx, ext.schema, json::integer(stmt, "location", -1));
  ctx.catalog.extensions.emplace(name, std::move(ext));
}

void transform_variable_set(Context& ctx, Element stmt) {
  if (json::str(stmt, "name") != "search_path") return;  // other session settings: no schema meaning
  std::string_view kind = json::str(stmt, "kind");
  if (kind != "VAR_SET_VALUE") {
    ctx.search_path.clear();
    return;
  }
  std::vector<std::string> path;
  json::each(stmt, "args", [&](Element arg) {
    auto [k, f] = json::node(arg);
    Element s;
    if (k == "A_Const" && json::get(f, "sval", s)) {
      path.emplace_back(json::str(s, "sval"));
    }
  });
  ctx.search_path = std::move(path);
}

bool transform_search_path_select(Context& ctx, Element stmt) {
  bool found = false;
  json::each(stmt, "targetList", [&](Element target) {
    Element rt, val, call;
    if (!json::node_of(target, "ResTarget", rt) || !json::get(rt, "val", val) || !json::node_of(val, "FuncCall", call))
      return;
    auto name = json::strings(call, "funcname");
    if (name.empty() || name.back() != "set_config") return;
    std::vector<std::string> args;
    json::each(call, "args", [&](Element a) {
      Element c, s;
      if (json::node_of(a, "A_Const", c) && json::get(c, "sval", s)) args.emplace_back(json::str(s, "sval"));
      else args.emplace_back();
    });
    if (args.size() >= 2 && args[0] == "search_path") {
      ctx.search_path = parse_path_list(args[1]);
      found = true;
    }
  });
  return found;
}

bool object_identity_args(Context& ctx, Element owa, std::string& out) {
  if (json::boolean(owa, "args_unspecified")) return false;
  out.clear();
  bool first = true;
  bool any_param = false;
  json::each(owa, "objfuncargs", [&](Element p) {
    any_param = true;
    Element param, type;
    if (!json::node_of(p, "FunctionParameter", param)) return;
    std::string_view mode = json::str(param, "mode");
    if (mode == "FUNC_PARAM_OUT" || mode == "FUNC_PARAM_TABLE") return;
    if (!json::get(param, "argType", type)) return;
    out += first ? "" : ", ";
    first = false;
    out += ctx.type(type).spelling;
  });
  if (!any_param) {
    json::each(owa, "objargs", [&](Element t) {
      Element type;
      if (!json::node_of(t, "TypeName", type)) return;
      out += first ? "" : ", ";
      first = false;
      out += ctx.type(type).spelling;
    });
  }
  return true;
}

ir::Function* find_function(Context& ctx, Element owa, bool report) {
  auto names = json::strings(owa, "objname");
  std::vector<std::string> schemas;
  if (names.size() >= 2) schemas.push_back(names[names.size() - 2]);
  else {
    for (const auto& s : ctx.search_path)
      if (!s.empty() && s != "$user") schemas.push_back(s);
    schemas.push_back(ctx.creation_schema());
  }
  std::string name = names.empty() ? std::string() : names.back();
  std::string args;
  bool with_args = object_identity_args(ctx, owa, args);
  for (const auto& schema : schemas) {
    if (with_args) {
      auto it = ctx.catalog.functions.find(schema + "." + name + "(" + args + ")");
      if (it != ctx.catalog.functions.end()) return &it->second;
    } else {
      ir::Function* match = nullptr;
      for (auto& [key, fn] : ctx.catalog.functions)
        if (fn.name.schema == schema && fn.name.name == name) match = &fn;
      if (match) return match;
    }
  }
  if (report) {
    std::string what = fmt::format("function {}({})", quote_qualified(ir::QualifiedName{schemas.front(), name}), args);
    ctx.defer_or_report(what, json::integer(owa, "location", -1));
  }
  return nullptr;
}

void transform_alter_owner(Context& ctx, Element stmt) {
  Element owner_spec, object;
  if (!json::get(stmt, "newowner", owner_spec) || !json::get(stmt, "object", object)) return;
  std::string owner = role_name(owner_spec);
  std::string_view type = json::str(stmt, "objectType");
  if (type == "OBJECT_FUNCTION" || type == "OBJECT_PROCEDURE" || type == "OBJECT_ROUTINE") {
    Element owa;
    if (!json::node_of(object, "ObjectWithArgs", owa)) return;
    if (auto* fn = find_function(ctx, owa, true)) fn->owner = owner;
    return;
  }
  if (type == "OBJECT_AGGREGATE") {
    Element owa;
    if (!json::node_of(object, "ObjectWithArgs", owa)) return;
    if (auto* a = find_aggregate(ctx, owa)) a->owner = owner;
    else ctx.defer_or_report("aggregate " + quote_qualified(ctx.qualify(json::strings(owa, "objname"))), -1);
    return;
  }
  if (type == "OBJECT_SCHEMA") {
    std::string name(json::sval(object));
    if (name == "public") return;
    auto it = ctx.catalog.schemas.find(name);
    if (it != ctx.catalog.schemas.end()) it->second.owner = owner;
    else ctx.defer_or_report("schema " + quote_ident(name), -1);
    return;
  }
  if (type == "OBJECT_TYPE" || type == "OBJECT_DOMAIN") {
    Element list;
    std::vector<std::string> names;
    if (json::node_of(object, "List", list)) names = json::strings(list, "items");
    ir::QualifiedName qn = ctx.qualify(names);
    if (auto it = ctx.catalog.enums.find(qn); it != ctx.catalog.enums.end()) it->second.owner = owner;
    else if (auto d = ctx.catalog.domains.find(qn); d != ctx.catalog.domains.end()) d->second.owner = owner;
    else if (auto c = ctx.catalog.composite_types.find(qn); c != ctx.catalog.composite_types.end()) c->second.owner = owner;
    else ctx.defer_or_report("type " + quote_qualified(qn), -1);
    return;
  }
  if (type == "OBJECT_COLLATION") {
    Element list;
    std::vector<std::string> names;
    if (json::node_of(object, "List", list)) names = json::strings(list, "items");
    if (ir::Collation* c = find_collation(ctx, names)) c->owner = owner;
    else ctx.defer_or_report("collation " + quote_qualified(ctx.qualify(names)), -1);
    return;
  }
  // Owners of languages, databases, servers...: not part of a schema.
  ctx.diags.add(diag::kIgnoredStatement, ctx.file, static_cast<int>(ctx.stmt_begin), 5, "owner of {} ignored", type.substr(7));
}

namespace {

void rename_table_references(ir::Catalog& catalog, const ir::QualifiedName& from, const ir::QualifiedName& to) {
  for (auto& [name, table] : catalog.tables) {
    for (auto& [cname, c] : table.constraints)
      if (c.foreign_key && c.foreign_key->ref_table == from) c.foreign_key->ref_table = to;
    for (auto& parent : table.inherits)
      if (parent == from) parent = to;
    if (table.partition_of && *table.partition_of == from) table.partition_of = to;
  }
  for (auto& [name, index] : catalog.indexes)
    if (index.table == from) index.table = to;
  for (auto& [name, seq] : catalog.sequences)
    if (seq.owned_by_table && *seq.owned_by_table == from) seq.owned_by_table = to;
}

template <typename Map>
bool move_key(Map& map, const typename Map::key_type& from, const typename Map::key_type& to) {
  auto node = map.extract(from);
  if (node.empty()) return false;
  node.key() = to;
  node.mapped().name = to;
  map.insert(std::move(node));
  return true;
}

}  // namespace

void transform_rename(Context& ctx, Element stmt) {
  std::string_view type = json::str(stmt, "renameType");
  std::string newname(json::str(stmt, "newname"));
  Element rel;
  bool has_rel = json::get(stmt, "relation", rel);
  int64_t loc = has_rel ? json::integer(rel, "location", -1) : -1;
  if (type == "OBJECT_TABLE" || type == "OBJECT_VIEW" || type == "OBJECT_MATVIEW" || type == "OBJECT_SEQUENCE" ||
      type == "OBJECT_INDEX" || type == "OBJECT_FOREIGN_TABLE") {
    ir::QualifiedName from = ctx.resolve_relation(rel);
    ir::QualifiedName to{from.schema, newname};
    bool moved = false;
    if (ctx.catalog.tables.count(from)) {
      moved = move_key(ctx.catalog.tables, from, to);
      rename_table_references(ctx.catalog, from, to);
    } else if (ctx.catalog.views.count(from)) {
      moved = move_key(ctx.catalog.views, from, to);
      for (auto& [n, index] : ctx.catalog.indexes)
        if (index.table == from) index.table = to;
    } else if (ctx.catalog.sequences.count(from)) {
      moved = move_key(ctx.catalog.sequences, from, to);
    } else if (ctx.catalog.indexes.count(from)) {
      moved = move_key(ctx.catalog.indexes, from, to);
    } else {
      // The index of a PRIMARY KEY/UNIQUE constraint: renaming it renames the constraint.
      for (auto& [tn, table] : ctx.catalog.tables) {
        if (tn.schema != from.schema) continue;
        auto node = table.constraints.extract(from.name);
        if (node.empty()) continue;
        node.key() = newname;
        node.mapped().name = newname;
        table.constraints.insert(std::move(node));
        moved = true;
        break;
      }
    }
    if (!moved) {
      if (!json::boolean(stmt, "missing_ok")) ctx.defer_or_report("relation " + quote_qualified(from), loc);
      return;
    }
    ctx.release_relation(from.schema, from.name);
    ctx.claim_relation(to.schema, to.name);
    return;
  }
  if (type == "OBJECT_COLUMN" || type == "OBJECT_TABCONSTRAINT") {
    ir::QualifiedName tn = ctx.resolve_relation(rel);
    ir::Table* table = ctx.find_table(tn);
    std::string sub(json::str(stmt, "subname"));
    if (!table) {
      if (!json::boolean(stmt, "missing_ok")) ctx.defer_or_report("table " + quote_qualified(tn), loc);
      return;
    }
    if (type == "OBJECT_COLUMN") {
      auto it = std::find_if(table->columns.begin(), table->columns.end(), [&](const ir::Column& c) { return c.name == sub; });
      if (it == table->columns.end()) {
        ctx.error(diag::kUnknownColumn, loc, "column {} of table {} does not exist", quote_ident(sub), quote_qualified(tn));
        return;
      }
      it->name = newname;
      for (auto& [cn, c] : table->constraints) {
        for (auto& col : c.columns)
          if (col == sub) col = newname;
        for (auto& col : c.include)
          if (col == sub) col = newname;
      }
      for (auto& [in, index] : ctx.catalog.indexes) {
        if (index.table != tn) continue;
        for (auto& e : index.elements)
          if (e.column && *e.column == sub) e.column = newname;
      }
      return;
    }
    auto node = table->constraints.extract(sub);
    if (node.empty()) {
      ctx.error(diag::kUnknownObject, loc, "constraint {} of table {} does not exist", quote_ident(sub), quote_qualified(tn));
      return;
    }
    node.key() = newname;
    node.mapped().name = newname;
    table->constraints.insert(std::move(node));
    ctx.release_constraint(tn.schema, sub);
    ctx.claim_constraint(tn.schema, newname);
    return;
  }
  if (type == "OBJECT_SCHEMA") {
    std::string from(json::str(stmt, "subname"));
    auto node = ctx.catalog.schemas.extract(from);
    if (node.empty()) {
      ctx.defer_or_report("schema " + quote_ident(from), -1);
      return;
    }
    node.key() = newname;
    node.mapped().name = newname;
    ctx.catalog.schemas.insert(std::move(node));
    return;
  }
  ctx.diags.add(diag::kUnsupportedStatement, ctx.file, static_cast<int>(ctx.stmt_begin), 5,
                "unsupported statement ALTER ... RENAME ({})", type.substr(7));
}

void transform_drop(Context& ctx, Element stmt) {
  std::string_view type = json::str(stmt, "removeType");
  bool missing_ok = json::boolean(stmt, "missing_ok");
  json::each(stmt, "objects", [&](Element object) {
    auto [kind, f] = json::node(object);
    std::vector<std::string> names;
    if (kind == "List") names = json::strings(f, "items");
    else if (kind == "String") names.emplace_back(json::str(f, "sval"));
    bool found = false;
    std::string what;
    if (type == "OBJECT_TABLE" || type == "OBJECT_VIEW" || type == "OBJECT_MATVIEW" || type == "OBJECT_SEQUENCE" ||
        type == "OBJECT_INDEX") {
      ir::QualifiedName qn = ctx.qualify(names);
      if (names.size() == 1) {
        for (const auto& s : ctx.search_path) {
          ir::QualifiedName c{s, names[0]};
          if (ctx.catalog.tables.count(c) || ctx.catalog.views.count(c) || ctx.catalog.sequences.count(c) ||
              ctx.catalog.indexes.count(c)) {
            qn = c;
            break;
          }
        }
      }
      what = "relation " + quote_qualified(qn);
      if (type == "OBJECT_TABLE" && ctx.catalog.tables.erase(qn)) {
        found = true;
        for (auto it = ctx.catalog.indexes.begin(); it != ctx.catalog.indexes.end();)
          it = it->second.table == qn ? ctx.catalog.indexes.erase(it) : std::next(it);
        for (auto it = ctx.catalog.sequences.begin(); it != ctx.catalog.sequences.end();)
          it = it->second.owned_by_table && *it->second.owned_by_table == qn ? ctx.catalog.sequences.erase(it) : std::next(it);
      } else if ((type == "OBJECT_VIEW" || type == "OBJECT_MATVIEW") && ctx.catalog.views.erase(qn)) {
        found = true;
      } else if (type == "OBJECT_SEQUENCE" && ctx.catalog.sequences.erase(qn)) {
        found = true;
      } else if (type == "OBJECT_INDEX" && ctx.catalog.indexes.erase(qn)) {
        found = true;
      }
      if (found) ctx.release_relation(qn.schema, qn.name);
    } else if (type == "OBJECT_TYPE" || type == "OBJECT_DOMAIN") {
      Element tn;
      if (kind == "TypeName") names = json::strings(f, "names");
      ir::QualifiedName qn = ctx.qualify(names);
      what = "type " + quote_qualified(qn);
      found = ctx.catalog.enums.erase(qn) + ctx.catalog.domains.erase(qn) + ctx.catalog.composite_types.erase(qn) > 0;
      if (found) ctx.release_relation(qn.schema, qn.name);
    } else if (type == "OBJECT_COLLATION") {
      what = "collation " + quote_qualified(ctx.qualify(names));
      if (ir::Collation* c = find_collation(ctx, names)) found = ctx.catalog.collations.erase(ir::QualifiedName(c->name)) > 0;
    } else if (type == "OBJECT_SCHEMA") {
      what = "schema " + quote_ident(names.empty() ? "" : names[0]);
      found = !names.empty() && ctx.catalog.schemas.erase(names[0]);
    } else if (type == "OBJECT_EXTENSION") {
      what = "extension " + quote_ident(names.empty() ? "" : names[0]);
      found = !names.empty() && ctx.catalog.extensions.erase(names[0]);
    } else if (type == "OBJECT_FUNCTION" || type == "OBJECT_PROCEDURE" || type == "OBJECT_ROUTINE") {
      if (kind == "ObjectWithArgs") {
        if (auto* fn = find_function(ctx, f, false)) {
          ctx.catalog.functions.erase(fn->signature());
          found = true;
        }
        what = "function " + fmt::format("{}", fmt::join(json::strings(f, "objname"), "."));
      }
    } else if (type == "OBJECT_AGGREGATE") {
      if (kind == "ObjectWithArgs") {
        if (auto* a = find_aggregate(ctx, f)) found = ctx.catalog.aggregates.erase(a->signature()) > 0;
        what = "aggregate " + fmt::format("{}", fmt::join(json::strings(f, "objname"), "."));
      }
    } else if (type == "OBJECT_TRIGGER" || type == "OBJECT_POLICY" || type == "OBJECT_RULE") {
      if (names.size() >= 2) {
        std::string sub = names.back();
        names.pop_back();
        ir::Table* table = ctx.find_table(names);
        what = fmt::format("{} {} on {}", type == "OBJECT_TRIGGER" ? "trigger" : "policy", quote_ident(sub), fmt::join(names, "."));
        if (table) found = type == "OBJECT_TRIGGER" ? table->triggers.erase(sub) > 0 : table->policies.erase(sub) > 0;
        else if (auto v = ctx.catalog.views.find(ctx.qualify(names)); type == "OBJECT_TRIGGER" && v != ctx.catalog.views.end())
          found = v->second.triggers.erase(sub) > 0;
      }
    } else {
      ctx.diags.add(diag::kUnsupportedStatement, ctx.file, static_cast<int>(ctx.stmt_begin), 4,
                    "unsupported statement DROP ({})", type.substr(7));
      return;
    }
    if (!found && !missing_ok) {
      int offset = static_cast<int>(ctx.stmt_begin);
      ctx.diags.add(diag::kUnknownObject, ctx.file, offset, 4, "cannot drop {}: it is not defined before this statement", what);
    }
  });
}

}  // namespace schemactl::lower
