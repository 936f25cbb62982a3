// ALTER TABLE (and ALTER SEQUENCE/VIEW/INDEX forms that share AlterTableStmt): the changes
// pg_dump writes after CREATE TABLE, and the ones users write by hand.
#include <algorithm>
#include <set>

#include "compiler/lower/constraints.hpp"
#include "compiler/lower/lower_view_column.hpp"
#include "compiler/quote.hpp"

namespace schemactl::lower {
namespace {

ir::Column* find_column(ir::Table& table, std::string_view name) {
  for (auto& c : table.columns)
    if (c.name == name) return &c;
  return nullptr;
}

// The expression after the nearest DEFAULT keyword before the expression node.
std::string_view default_slice(Context& ctx, Element def) {
  int64_t lo = -1, hi = -1;
  json::location_range(def, lo, hi);
  const Tokens& toks = ctx.tokens();
  size_t i = toks.at_or_after(static_cast<size_t>(ctx.at(lo)));
  while (i > 0 && !toks.is(i - 1, "DEFAULT")) --i;
  if (i == 0) return {};
  return ctx.slice_after(toks[i - 1].begin, "DEFAULT", {});
}

void alter_column_type(Context& ctx, ir::Table& table, ir::Column& column, Element coldef) {
  Element type_name, coll;
  if (json::get(coldef, "typeName", type_name)) column.type = ctx.type(type_name).spelling;
  if (json::get(coldef, "collClause", coll)) {
    auto names = json::strings(coll, "collname");
    column.collation = names.size() == 1 && names[0] == "default" ? std::optional<std::string>() : collation_name(names);
  }
  (void)table;
}

void alter_table_cmd(Context& ctx, ir::Table& table, Element cmd, int64_t loc, bool recurse) {
  std::string_view subtype = json::str(cmd, "subtype");
  std::string name(json::str(cmd, "name"));
  Element def;
  bool has_def = json::get(cmd, "def", def);
  auto column_or_error = [&]() -> ir::Column* {
    ir::Column* c = find_column(table, name);
    if (!c) ctx.error(diag::kUnknownColumn, loc, "column {} of relation {} does not exist", quote_ident(name), quote_qualified(table.name));
    return c;
  };
  if (subtype == "AT_AddColumn" || subtype == "AT_AddColumnRecurse") {
    Element coldef;
    if (!has_def || !json::node_of(def, "ColumnDef", coldef)) return;
    if (json::boolean(cmd, "missing_ok") && table.find_column(std::string(json::str(coldef, "colname")))) return;
    PendingConstraints pending;
    add_column(ctx, table, coldef, pending);
    apply_constraints(ctx, table, pending, false);
  } else if (subtype == "AT_ColumnDefault") {
    if (ir::Column* c = column_or_error()) {
      if (!has_def) {
        c->default_expr.reset();
        return;
      }
      std::string_view sql = default_slice(ctx, def);
      c->default_expr = ctx.column_default(sql, ctx.slice_offset(sql), c->type, def);
    }
  } else if (subtype == "AT_SetNotNull") {
    if (ir::Column* c = column_or_error()) c->not_null = true;
  } else if (subtype == "AT_DropNotNull") {
    if (ir::Column* c = column_or_error()) c->not_null = false;
  } else if (subtype == "AT_AddConstraint" || subtype == "AT_AddConstraintRecurse") {
    Element con;
    if (!has_def || !json::node_of(def, "Constraint", con)) return;
    PendingConstraints pending;
    pending.collect(con, {});
    std::set<std::string> before;
    for (const auto& [n, c] : table.constraints) before.insert(n);
    apply_constraints(ctx, table, pending, false);
    if (recurse) {
      for (const auto& [n, c] : table.constraints)
        if (!before.count(n)) propagate_constraint(ctx, table, n);
    }
  } else if (subtype == "AT_DropConstraint" || subtype == "AT_DropConstraintRecurse") {
    if (table.constraints.erase(name)) {
      ctx.release_constraint(table.name.schema, name);
      ctx.release_relation(table.name.schema, name);
    } else if (!json::boolean(cmd, "missing_ok")) {
      ctx.error(diag::kUnknownObject, loc, "constraint {} of relation {} does not exist", quote_ident(name), quote_qualified(table.name));
    }
  } else if (subtype == "AT_ValidateConstraint" || subtype == "AT_ValidateConstraintRecurse") {
    auto it = table.constraints.find(name);
    if (it != table.constraints.end()) it->second.not_valid = false;
  } else if (subtype == "AT_DropColumn" || subtype == "AT_DropColumnRecurse") {
    auto it = std::find_if(table.columns.begin(), table.columns.end(), [&](const ir::Column& c) { return c.name == name; });
    if (it != table.columns.end()) table.columns.erase(it);
    else if (!json::boolean(cmd, "missing_ok")) column_or_error();
  } else if (subtype == "AT_AlterColumnType") {
    Element coldef;
    if (ir::Column* c = column_or_error(); c && has_def && json::node_of(def, "ColumnDef", coldef))
      alter_column_type(ctx, table, *c, coldef);
  } else if (subtype == "AT_AddIdentity") {
    Element con;
    ir::Column* c = column_or_error();
    if (!c || !has_def || !json::node_of(def, "Constraint", con)) return;
    ir::Identity identity;
    identity.always = json::str(con, "generated_when") == "a";
    identity.options.type = c->type;
    std::string seq_name;
    Element opts;
    if (json::get(con, "options", opts)) {
      apply_sequence_options(ctx, opts, identity.options, nullptr, &seq_name);
    } else {
      reset_sequence_bounds(identity.options, false, false);
      identity.options.start = identity.options.min_value;
    }
    if (seq_name.empty()) seq_name = naming_identity_sequence(ctx, table, c->name);
    ctx.claim_relation(table.name.schema, seq_name);
    identity.sequence_name = {table.name.schema, seq_name};
    c->identity = identity;
    c->not_null = true;
  } else if (subtype == "AT_SetIdentity") {
    ir::Column* c = column_or_error();
    if (!c || !c->identity || !has_def) return;
    json::each(def, [&](Element opt) {
      Element d, arg;
      if (!json::node_of(opt, "DefElem", d)) return;
      if (json::str(d, "defname") == "generated" && json::get(d, "arg", arg))
        c->identity->always = json::integer(json::node(arg).second, "ival", 0) == 'a';
    });
  } else if (subtype == "AT_DropIdentity") {
    if (ir::Column* c = column_or_error()) {
      if (c->identity) ctx.release_relation(c->identity->sequence_name.schema, c->identity->sequence_name.name);
      c->identity.reset();
    }
  } else if (subtype == "AT_EnableRowSecurity") {
    table.rls_enabled = true;
  } else if (subtype == "AT_DisableRowSecurity") {
    table.rls_enabled = false;
  } else if (subtype == "AT_ForceRowSecurity") {
    table.rls_forced = true;
  } else if (subtype == "AT_NoForceRowSecurity") {
    table.rls_forced = false;
  } else if (subtype == "AT_ChangeOwner") {
    Element owner;
    if (json::get(cmd, "newowner", owner)) table.owner = role_name(owner);
  } else if (subtype == "AT_SetRelOptions") {
    std::vector<std::string> add;
    json::each(def, [&](Element) {});
    Element wrapper;
    for (const auto& opt : [&] {
           std::vector<std::string> out;
           json::each(def, [&](Element o) {
             Element d, arg;
             if (!json::node_of(o, "DefElem", d)) return;
             std::string n(json::str(d, "defname"));
             out.push_back(n + "=" + (json::get(d, "arg", arg) ? def_arg_text(arg) : "true"));
           });
           return out;
         }()) {
      std::string key = opt.substr(0, opt.find('='));
      table.options.erase(std::remove_if(table.options.begin(), table.options.end(),
                                         [&](const std::string& o) { return o.substr(0, o.find('=')) == key; }),
                          table.options.end());
      table.options.push_back(opt);
    }
    std::sort(table.options.begin(), table.options.end());
  } else if (subtype == "AT_ResetRelOptions") {
    json::each(def, [&](Element o) {
      Element d;
      if (!json::node_of(o, "DefElem", d)) return;
      std::string key(json::str(d, "defname"));
      table.options.erase(std::remove_if(table.options.begin(), table.options.end(),
                                         [&](const std::string& opt) { return opt.substr(0, opt.find('=')) == key; }),
                          table.options.end());
    });
  } else if (subtype == "AT_SetStatistics") {
    if (ir::Column* c = column_or_error()) {
      int64_t v = has_def ? json::integer(json::node(def).second, "ival", -1) : -1;
      if (v >= 0) c->statistics = static_cast<int>(v);
      else c->statistics.reset();
    }
  } else if (subtype == "AT_SetStorage") {
    if (ir::Column* c = column_or_error()) c->storage = std::string(json::sval(def));
  } else if (subtype == "AT_SetCompression") {
    // Compression is a storage detail outside the IR.
  } else if (subtype == "AT_ReplicaIdentity") {
    Element ri;
    if (has_def && json::node_of(def, "ReplicaIdentityStmt", ri)) {
      std::string_view t = json::str(ri, "identity_type");
      table.replica_identity = t.empty() ? 'd' : t[0];
      if (table.replica_identity == 'i') table.replica_identity_index = std::string(json::str(ri, "name"));
      else table.replica_identity_index.reset();
    }
  } else if (subtype == "AT_EnableTrig" || subtype == "AT_DisableTrig" || subtype == "AT_EnableAlwaysTrig" ||
             subtype == "AT_EnableReplicaTrig") {
    auto it = table.triggers.find(name);
    if (it == table.triggers.end()) {
      ctx.error(diag::kUnknownObject, loc, "trigger {} for table {} does not exist", quote_ident(name), quote_qualified(table.name));
      return;
    }
    it->second.enabled = subtype == "AT_EnableTrig" ? 'O' : subtype == "AT_DisableTrig" ? 'D' : subtype == "AT_EnableAlwaysTrig" ? 'A' : 'R';
  } else if (subtype == "AT_SetLogged") {
    table.unlogged = false;
  } else if (subtype == "AT_SetUnLogged") {
    table.unlogged = true;
  } else if (subtype == "AT_SetTableSpace") {
    table.tablespace = name;
  } else if (subtype == "AT_AttachPartition") {
    Element pc, rv, bound;
    if (!has_def || !json::node_of(def, "PartitionCmd", pc) || !json::get(pc, "name", rv)) return;
    ir::QualifiedName child_name = ctx.resolve_relation(rv);
    ir::Table* child = ctx.find_table(child_name);
    if (!child) {
      ctx.error(diag::kUnknownTable, json::integer(rv, "location", -1), "table {} does not exist", quote_qualified(child_name));
      return;
    }
    child->partition_of = table.name;
    if (json::get(pc, "bound", bound)) {
      child->partition_bound = partition_bound_text(ctx, bound);
      canonicalize_partition_bound_later(ctx, child_name);
    }
    std::vector<std::pair<ir::QualifiedName, int>> parents{{table.name, ctx.at(json::integer(rv, "location", -1))}};
    inherit_from_parents(ctx, child_name, parents, true, ctx.file);
  } else if (subtype == "AT_AddInherit") {
    Element rv;
    if (has_def && json::node_of(def, "RangeVar", rv)) {
      ir::QualifiedName parent = ctx.resolve_relation(rv);
      table.inherits.push_back(parent);
      std::vector<std::pair<ir::QualifiedName, int>> parents{{parent, ctx.at(json::integer(rv, "location", -1))}};
      inherit_from_parents(ctx, table.name, parents, false, ctx.file);
    }
  } else if (subtype == "AT_ClusterOn" || subtype == "AT_DropCluster") {
    // CLUSTER ON only marks the index used by a later CLUSTER command: not schema.
  } else if (subtype == "AT_AlterConstraint") {
    Element con;
    if (!has_def || !json::node_of(def, "Constraint", con)) return;
    auto it = table.constraints.find(std::string(json::str(con, "conname")));
    if (it == table.constraints.end()) {
      ctx.error(diag::kUnknownObject, loc, "constraint {} of relation {} does not exist", quote_ident(json::str(con, "conname")),
                quote_qualified(table.name));
      return;
    }
    it->second.deferrable = json::boolean(con, "deferrable");
    it->second.initially_deferred = json::boolean(con, "initdeferred");
  } else {
    ctx.error(diag::kUnsupportedOption, loc, "ALTER TABLE {} is not supported", subtype.substr(3));
  }
}

}  // namespace

void transform_alter_table(Context& ctx, Element stmt) {
  Element rv;
  if (!json::get(stmt, "relation", rv)) return;
  std::string_view objtype = json::str(stmt, "objtype");
  int64_t loc = json::integer(rv, "location", -1);
  ir::QualifiedName qn = ctx.resolve_relation(rv);
  if (objtype == "OBJECT_INDEX") {
    // ALTER INDEX parent_idx ATTACH PARTITION child_idx (pg_dump): the child's constraint is
    // then inherited from the parent's, as if the partition had been created with it.
    json::each(stmt, "cmds", [&](Element c) {
      Element cmd, def, pc, child_rv;
      if (!json::node_of(c, "AlterTableCmd", cmd) || json::str(cmd, "subtype") != "AT_AttachPartition") return;
      if (!json::get(cmd, "def", def) || !json::node_of(def, "PartitionCmd", pc) || !json::get(pc, "name", child_rv)) return;
      ir::QualifiedName child_index = ctx.resolve_relation(child_rv);
      for (auto& [tn, t] : ctx.catalog.tables) {
        if (tn.schema != child_index.schema) continue;
        auto it = t.constraints.find(child_index.name);
        if (it != t.constraints.end()) it->second.is_local = false;
      }
    });
    return;
  }
  // Old pg_dump versions write ALTER TABLE for sequences and views too.
  if (objtype == "OBJECT_TABLE" && !ctx.find_table(qn)) {
    if (ctx.catalog.sequences.count(qn)) objtype = "OBJECT_SEQUENCE";
    else if (ctx.catalog.views.count(qn)) objtype = "OBJECT_VIEW";
  }
  if (objtype == "OBJECT_SEQUENCE" || objtype == "OBJECT_VIEW" || objtype == "OBJECT_MATVIEW") {
    auto apply_owner = [&](std::optional<std::string>& owner, ir::View* view = nullptr) {
      json::each(stmt, "cmds", [&](Element c) {
        Element cmd, role, def;
        if (!json::node_of(c, "AlterTableCmd", cmd)) return;
        std::string_view subtype = json::str(cmd, "subtype");
        if (subtype == "AT_ChangeOwner" && json::get(cmd, "newowner", role)) owner = role_name(role);
        else if (subtype == "AT_ColumnDefault" && view && !view->materialized)
          set_view_column_default(ctx, *view, std::string(json::str(cmd, "name")),
                                  json::get(cmd, "def", def) ? std::optional(default_slice(ctx, def)) : std::nullopt, loc);
        else if (subtype == "AT_SetRelOptions" || subtype == "AT_ResetRelOptions" || subtype == "AT_ColumnDefault")
          ctx.error(diag::kUnsupportedOption, loc, "ALTER {} {} is not supported", objtype.substr(7), subtype.substr(3));
      });
    };
    if (objtype == "OBJECT_SEQUENCE") {
      auto it = ctx.catalog.sequences.find(qn);
      if (it != ctx.catalog.sequences.end()) return apply_owner(it->second.owner);
      // Identity sequences belong to their column: their owner follows the table's.
      for (const auto& [tn, t] : ctx.catalog.tables)
        for (const auto& c : t.columns)
          if (c.identity && c.identity->sequence_name == qn) return;
    } else {
      auto it = ctx.catalog.views.find(qn);
      if (it != ctx.catalog.views.end()) return apply_owner(it->second.owner, &it->second);
    }
    if (!json::boolean(stmt, "missing_ok")) ctx.defer_or_report("relation " + quote_qualified(qn), loc);
    return;
  }
  ir::Table* table = ctx.find_table(qn);
  if (!table) {
    if (!json::boolean(stmt, "missing_ok")) ctx.defer_or_report("table " + quote_qualified(qn), loc);
    return;
  }
  json::each(stmt, "cmds", [&](Element c) {
    Element cmd;
    if (json::node_of(c, "AlterTableCmd", cmd)) alter_table_cmd(ctx, *table, cmd, loc, json::boolean(rv, "inh"));
  });
}

}  // namespace schemactl::lower
