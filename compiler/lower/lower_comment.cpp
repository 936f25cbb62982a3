// COMMENT ON every kind of object the IR carries.
#include "compiler/lower/constraints.hpp"
#include "compiler/lower/lower_aggregate.hpp"
#include "compiler/lower/lower_collation.hpp"
#include "compiler/quote.hpp"

namespace schemactl::lower {

void transform_comment(Context& ctx, Element stmt) {
  std::string_view objtype = json::str(stmt, "objtype");
  Element object;
  if (!json::get(stmt, "object", object)) return;
  std::optional<std::string> comment;
  if (json::has(stmt, "comment")) comment = std::string(json::str(stmt, "comment"));
  if (comment && comment->empty()) comment.reset();  // COMMENT ... IS '' removes the comment
  auto [kind, f] = json::node(object);
  std::vector<std::string> names;
  if (kind == "List") names = json::strings(f, "items");
  else if (kind == "String") names.emplace_back(json::str(f, "sval"));
  else if (kind == "TypeName") names = json::strings(f, "names");
  auto missing = [&](const std::string& what) { ctx.defer_or_report(what, -1); };

  if (objtype == "OBJECT_TABLE" || objtype == "OBJECT_VIEW" || objtype == "OBJECT_MATVIEW" ||
      objtype == "OBJECT_SEQUENCE" || objtype == "OBJECT_INDEX" || objtype == "OBJECT_FOREIGN_TABLE") {
    ir::QualifiedName qn = ctx.qualify(names);
    if (auto* t = ctx.find_table(names)) t->comment = comment;
    else if (auto v = ctx.catalog.views.find(qn); v != ctx.catalog.views.end()) v->second.comment = comment;
    else if (auto s = ctx.catalog.sequences.find(qn); s != ctx.catalog.sequences.end()) s->second.comment = comment;
    else if (auto i = ctx.catalog.indexes.find(qn); i != ctx.catalog.indexes.end()) i->second.comment = comment;
    else {
      // The index of a constraint: the comment is on the index, which the IR folds into the constraint.
      for (auto& [tn, t] : ctx.catalog.tables) {
        if (tn.schema != qn.schema) continue;
        auto c = t.constraints.find(qn.name);
        if (c != t.constraints.end() && objtype == "OBJECT_INDEX") return;
      }
      missing("relation " + quote_qualified(qn));
    }
    return;
  }
  if (objtype == "OBJECT_COLUMN") {
    if (names.size() < 2) return;
    std::string column = names.back();
    names.pop_back();
    ir::QualifiedName qn = ctx.qualify(names);
    if (auto* t = ctx.find_table(names)) {
      for (auto& c : t->columns) {
        if (c.name == column) {
          c.comment = comment;
          return;
        }
      }
      ctx.error(diag::kUnknownColumn, -1, "column {} of relation {} does not exist", quote_ident(column), quote_qualified(t->name));
      return;
    }
    if (auto v = ctx.catalog.views.find(qn); v != ctx.catalog.views.end()) {
      if (comment) v->second.column_comments[column] = *comment;
      else v->second.column_comments.erase(column);
      return;
    }
    if (auto ct = ctx.catalog.composite_types.find(qn); ct != ctx.catalog.composite_types.end()) {
      for (auto& a : ct->second.attributes)
        if (a.name == column) a.comment = comment;
      return;
    }
    missing("relation " + quote_qualified(qn));
    return;
  }
  if (objtype == "OBJECT_TABCONSTRAINT" || objtype == "OBJECT_TRIGGER" || objtype == "OBJECT_POLICY") {
    if (names.size() < 2) return;
    std::string sub = names.back();
    names.pop_back();
    ir::Table* t = ctx.find_table(names);
    if (auto v = ctx.catalog.views.find(ctx.qualify(names)); !t && objtype == "OBJECT_TRIGGER" && v != ctx.catalog.views.end()) {
      auto c = v->second.triggers.find(sub);  // INSTEAD OF trigger on a view
      if (c == v->second.triggers.end()) return missing("trigger " + quote_ident(sub));
      c->second.comment = comment;
      return;
    }
    if (!t) return missing("table " + quote_qualified(ctx.qualify(names)));
    if (objtype == "OBJECT_TABCONSTRAINT") {
      auto c = t->constraints.find(sub);
      if (c == t->constraints.end()) return missing("constraint " + quote_ident(sub));
      c->second.comment = comment;
    } else if (objtype == "OBJECT_TRIGGER") {
      auto c = t->triggers.find(sub);
      if (c == t->triggers.end()) return missing("trigger " + quote_ident(sub));
      c->second.comment = comment;
    } else {
      auto c = t->policies.find(sub);
      if (c == t->policies.end()) return missing("policy " + quote_ident(sub));
      c->second.comment = comment;
    }
    return;
  }
  if (objtype == "OBJECT_DOMCONSTRAINT") {
    // object: List [TypeName, String]
    std::vector<std::string> type_names;
    std::string sub;
    json::each(f, "items", [&](Element item) {
      auto [k, v] = json::node(item);
      if (k == "TypeName") type_names = json::strings(v, "names");
      else if (k == "String") sub = std::string(json::str(v, "sval"));
    });
    auto d = ctx.catalog.domains.find(ctx.qualify(type_names));
    if (d == ctx.catalog.domains.end()) return missing("domain " + quote_qualified(ctx.qualify(type_names)));
    auto c = d->second.checks.find(sub);
    if (c != d->second.checks.end()) c->second.comment = comment;
    return;
  }
  if (objtype == "OBJECT_SCHEMA") {
    if (names.empty() || names[0] == "public") return;
    auto it = ctx.catalog.schemas.find(names[0]);
    if (it == ctx.catalog.schemas.end()) return missing("schema " + quote_ident(names[0]));
    it->second.comment = comment;
    return;
  }
  if (objtype == "OBJECT_EXTENSION") {
    if (names.empty() || names[0] == "plpgsql") return;  // built in, see transform_create_extension
    auto it = ctx.catalog.extensions.find(names[0]);
    if (it == ctx.catalog.extensions.end()) return missing("extension " + quote_ident(names[0]));
    it->second.comment = comment;
    return;
  }
  if (objtype == "OBJECT_TYPE" || objtype == "OBJECT_DOMAIN") {
    ir::QualifiedName qn = ctx.qualify(names);
    if (auto e = ctx.catalog.enums.find(qn); e != ctx.catalog.enums.end()) e->second.comment = comment;
    else if (auto d = ctx.catalog.domains.find(qn); d != ctx.catalog.domains.end()) d->second.comment = comment;
    else if (auto c = ctx.catalog.composite_types.find(qn); c != ctx.catalog.composite_types.end()) c->second.comment = comment;
    else missing("type " + quote_qualified(qn));
    return;
  }
  if (objtype == "OBJECT_COLLATION") {
    if (ir::Collation* c = find_collation(ctx, names)) c->comment = comment;
    else missing("collation " + quote_qualified(ctx.qualify(names)));
    return;
  }
  if (objtype == "OBJECT_AGGREGATE") {
    if (kind != "ObjectWithArgs") return;
    if (ir::Aggregate* a = find_aggregate(ctx, f)) a->comment = comment;
    else missing("aggregate " + quote_qualified(ctx.qualify(json::strings(f, "objname"))));
    return;
  }
  if (objtype == "OBJECT_FUNCTION" || objtype == "OBJECT_PROCEDURE" || objtype == "OBJECT_ROUTINE") {
    if (kind != "ObjectWithArgs") return;
    if (ir::Function* fn = find_function(ctx, f, true)) fn->comment = comment;
    return;
  }
  if (objtype == "OBJECT_DATABASE" || objtype == "OBJECT_ROLE" || objtype == "OBJECT_TABLESPACE" ||
      objtype == "OBJECT_LANGUAGE") {
    ctx.diags.add(diag::kIgnoredStatement, ctx.file, static_cast<int>(ctx.stmt_begin), 7,
                  "comment on a {} is outside the schema and ignored", objtype.substr(7));
    return;
  }
  ctx.diags.add(diag::kUnsupportedStatement, ctx.file, static_cast<int>(ctx.stmt_begin), 7,
                "unsupported statement COMMENT ON {}", objtype.substr(7));
}

}  // namespace schemactl::lower
