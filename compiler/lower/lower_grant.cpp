// GRANT / REVOKE on tables (and their columns), sequences, functions, schemas and types.
// Stored as the effective ACL after the kind's defaults (PUBLIC may EXECUTE functions and USE
// types unless revoked).
#include <algorithm>

#include "compiler/lower/constraints.hpp"
#include "compiler/lower/lower_aggregate.hpp"
#include "compiler/quote.hpp"

namespace schemactl::lower {
namespace {

std::vector<std::string> all_privileges(std::string_view objtype) {
  if (objtype == "OBJECT_TABLE") return {"DELETE", "INSERT", "REFERENCES", "SELECT", "TRIGGER", "TRUNCATE", "UPDATE"};
  if (objtype == "OBJECT_SEQUENCE") return {"SELECT", "UPDATE", "USAGE"};
  if (objtype == "OBJECT_FUNCTION" || objtype == "OBJECT_PROCEDURE" || objtype == "OBJECT_ROUTINE") return {"EXECUTE"};
  if (objtype == "OBJECT_SCHEMA") return {"CREATE", "USAGE"};
  return {"USAGE"};  // types, domains
}

struct Request {
  bool grant = true;
  bool grant_option = false;
  std::vector<std::pair<std::string, std::vector<std::string>>> privileges;  // privilege, columns
  bool all = false;
  std::vector<std::string> grantees;
};

void apply(ir::Acl& acl, const Request& r, const std::vector<std::string>& privileges) {
  for (const auto& grantee : r.grantees) {
    for (const auto& priv : privileges) {
      if (r.grant) {
        acl.erase({grantee, priv, !r.grant_option});
        acl.insert({grantee, priv, r.grant_option});
      } else if (r.grant_option) {
        // REVOKE GRANT OPTION FOR: the privilege stays, without the option.
        if (acl.erase({grantee, priv, true})) acl.insert({grantee, priv, false});
      } else {
        acl.erase({grantee, priv, false});
        acl.erase({grantee, priv, true});
      }
    }
  }
}

void apply_object(Context& ctx, ir::Acl& acl, const Request& r, std::string_view objtype, ir::Table* table) {
  std::vector<std::string> object_privs;
  if (r.all) object_privs = all_privileges(objtype);
  for (const auto& [priv, cols] : r.privileges) {
    if (cols.empty()) {
      object_privs.push_back(priv);
      continue;
    }
    if (!table) {
      ctx.diags.add(diag::kColumnPrivilegeIgnored, ctx.file, static_cast<int>(ctx.stmt_begin), 5,
                    "column privileges on views and sequences are not represented; {} ignored", priv);
      continue;
    }
    for (const auto& col : cols) {
      ir::Column* column = nullptr;
      for (auto& c : table->columns)
        if (c.name == col) column = &c;
      if (!column) {
        ctx.error(diag::kUnknownColumn, -1, "column {} of relation {} does not exist", quote_ident(col), quote_qualified(table->name));
        continue;
      }
      apply(column->acl, r, {priv});
    }
  }
  apply(acl, r, object_privs);
  // REVOKE ALL on a table also revokes every column privilege (as PostgreSQL does).
  if (!r.grant && r.all && table) {
    for (auto& c : table->columns) apply(c.acl, r, {"INSERT", "REFERENCES", "SELECT", "UPDATE"});
  }
}

}  // namespace

void transform_grant(Context& ctx, Element stmt) {
  std::string_view targtype = json::str(stmt, "targtype");
  std::string_view objtype = json::str(stmt, "objtype");
  if (targtype == "ACL_TARGET_DEFAULTS") return;  // handled by ALTER DEFAULT PRIVILEGES (unsupported)
  Request r;
  r.grant = json::boolean(stmt, "is_grant");
  r.grant_option = json::boolean(stmt, "grant_option");
  r.all = !json::has(stmt, "privileges");
  json::each(stmt, "privileges", [&](Element p) {
    Element ap;
    if (!json::node_of(p, "AccessPriv", ap)) return;
    std::string name(json::str(ap, "priv_name"));
    for (auto& c : name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    auto cols = json::strings(ap, "cols");
    if (name.empty()) {
      // ALL (columns)
      for (const char* p : {"INSERT", "REFERENCES", "SELECT", "UPDATE"}) r.privileges.push_back({p, cols});
    } else {
      r.privileges.push_back({name, cols});
    }
  });
  json::each(stmt, "grantees", [&](Element g) {
    Element spec;
    if (json::node_of(g, "RoleSpec", spec)) r.grantees.push_back(role_name(spec));
  });

  if (targtype == "ACL_TARGET_ALL_IN_SCHEMA") {
    json::each(stmt, "objects", [&](Element o) {
      std::string schema(json::sval(o));
      if (objtype == "OBJECT_TABLE") {
        for (auto& [qn, t] : ctx.catalog.tables)
          if (qn.schema == schema) apply_object(ctx, t.acl, r, objtype, &t);
        for (auto& [qn, v] : ctx.catalog.views)
          if (qn.schema == schema) apply_object(ctx, v.acl, r, objtype, nullptr);
      } else if (objtype == "OBJECT_SEQUENCE") {
        for (auto& [qn, s] : ctx.catalog.sequences)
          if (qn.schema == schema) apply_object(ctx, s.acl, r, objtype, nullptr);
      } else {
        for (auto& [key, f] : ctx.catalog.functions)
          if (f.name.schema == schema && f.is_procedure == (objtype == "OBJECT_PROCEDURE")) apply_object(ctx, f.acl, r, objtype, nullptr);
        // ALL FUNCTIONS (and ROUTINES) IN SCHEMA include the aggregates, as in PostgreSQL.
        if (objtype != "OBJECT_PROCEDURE")
          for (auto& [key, a] : ctx.catalog.aggregates)
            if (a.name.schema == schema) apply_object(ctx, a.acl, r, objtype, nullptr);
      }
    });
    return;
  }

  bool deferred = false;
  json::each(stmt, "objects", [&](Element o) {
    if (deferred) return;
    auto [kind, f] = json::node(o);
    if (objtype == "OBJECT_TABLE" || objtype == "OBJECT_SEQUENCE") {
      if (kind != "RangeVar") return;
      ir::QualifiedName qn = ctx.resolve_relation(f);
      if (auto* t = ctx.find_table(qn)) return apply_object(ctx, t->acl, r, objtype, t);
      if (auto v = ctx.catalog.views.find(qn); v != ctx.catalog.views.end()) return apply_object(ctx, v->second.acl, r, objtype, nullptr);
      if (auto s = ctx.catalog.sequences.find(qn); s != ctx.catalog.sequences.end())
        return apply_object(ctx, s->second.acl, r, "OBJECT_SEQUENCE", nullptr);
      deferred = ctx.defer_or_report("relation " + quote_qualified(qn), json::integer(f, "location", -1));
    } else if (objtype == "OBJECT_FUNCTION" || objtype == "OBJECT_PROCEDURE" || objtype == "OBJECT_ROUTINE") {
      if (kind != "ObjectWithArgs") return;
      ir::Function* fn = find_function(ctx, f, false);
      if (fn) return apply_object(ctx, fn->acl, r, objtype, nullptr);
      // There is no GRANT ON AGGREGATE: an aggregate is granted as a function.
      if (objtype != "OBJECT_PROCEDURE")
        if (ir::Aggregate* a = find_aggregate(ctx, f)) return apply_object(ctx, a->acl, r, objtype, nullptr);
      auto names = json::strings(f, "objname");
      deferred = ctx.defer_or_report("function " + quote_qualified(ctx.qualify(names)), -1);
    } else if (objtype == "OBJECT_SCHEMA") {
      std::string name(json::sval(o));
      if (name == "public") return;  // the public schema's privileges are the database's business
      auto it = ctx.catalog.schemas.find(name);
      if (it != ctx.catalog.schemas.end()) return apply_object(ctx, it->second.acl, r, objtype, nullptr);
      deferred = ctx.defer_or_report("schema " + quote_ident(name), -1);
    } else if (objtype == "OBJECT_TYPE" || objtype == "OBJECT_DOMAIN") {
      std::vector<std::string> names;
      if (kind == "TypeName") names = json::strings(f, "names");
      else if (kind == "List") names = json::strings(f, "items");
      ir::QualifiedName qn = ctx.qualify(names);
      if (auto e = ctx.catalog.enums.find(qn); e != ctx.catalog.enums.end()) return apply_object(ctx, e->second.acl, r, objtype, nullptr);
      if (auto d = ctx.catalog.domains.find(qn); d != ctx.catalog.domains.end()) return apply_object(ctx, d->second.acl, r, objtype, nullptr);
      if (auto c = ctx.catalog.composite_types.find(qn); c != ctx.catalog.composite_types.end())
        return apply_object(ctx, c->second.acl, r, objtype, nullptr);
      deferred = ctx.defer_or_report("type " + quote_qualified(qn), -1);
    } else {
      // Databases, languages, tablespaces, foreign servers: outside a schema.
      ctx.diags.add(diag::kIgnoredStatement, ctx.file, static_cast<int>(ctx.stmt_begin), 5,
                    "privileges on {} are outside the schema and ignored", objtype.substr(7));
      deferred = true;
    }
  });
}

}  // namespace schemactl::lower
