// Structural dependencies: what the IR itself says one object needs.
#include "compiler/plan/dependencies.hpp"

#include <map>

#include "compiler/aggregate_args.hpp"
#include "compiler/plan/function_body_references.hpp"
#include "compiler/quote.hpp"

namespace schemactl::plan {
namespace {

using K = ir::ObjectKind;

ir::ObjectId normalized(ir::ObjectId id) {
  // Function ids carry their identity arguments in parentheses, "(integer, text)".
  if ((id.kind == K::Function || id.kind == K::Procedure) && (id.sub.empty() || id.sub.front() != '('))
    id.sub = "(" + id.sub + ")";
  if (id.kind == K::Procedure) id.kind = K::Function;
  return id;
}

class Collector {
 public:
  explicit Collector(const ir::Catalog& c) : catalog_(c) {
    for (const auto& [n, e] : c.enums) types_[quote_qualified(n)] = {K::Enum, n, {}};
    for (const auto& [n, d] : c.domains) types_[quote_qualified(n)] = {K::Domain, n, {}};
    for (const auto& [n, t] : c.composite_types) types_[quote_qualified(n)] = {K::CompositeType, n, {}};
    // A table's row type can be used as a column type too.
    for (const auto& [n, t] : c.tables) types_[quote_qualified(n)] = {K::Table, n, {}};
    for (const auto& [n, co] : c.collations) collations_[quote_qualified(n)] = {K::Collation, n, {}};
    for (const auto& [sig, f] : c.functions)
      functions_[f.name].push_back({{K::Function, f.name, "(" + f.identity_args + ")"}, f.is_procedure});
  }

  void edge(const ir::ObjectId& from, const ir::ObjectId& to) {
    ir::ObjectId a = relation_level(normalized(from)), b = relation_level(normalized(to));
    if (!(a == b)) out.insert({a, b});
  }
  // A column of a view (pg_depend names the view's columns a query reads) stands for the view.
  ir::ObjectId relation_level(ir::ObjectId id) const {
    if (id.kind == K::Column) {
      auto v = catalog_.views.find(id.name);
      if (v != catalog_.views.end()) return {v->second.materialized ? K::MaterializedView : K::View, id.name, {}};
    }
    return id;
  }
  void on_schema(const ir::ObjectId& from, const std::string& schema) {
    if (catalog_.schemas.count(schema)) edge(from, {K::Schema, {"", schema}, {}});
  }
  void on_type(const ir::ObjectId& from, std::string type) {
    while (type.size() > 2 && type.compare(type.size() - 2, 2, "[]") == 0) type.resize(type.size() - 2);
    if (auto p = type.find('('); p != std::string::npos && type.find('"') == std::string::npos) type.resize(p);
    auto it = types_.find(type);
    if (it != types_.end()) edge(from, it->second);
  }
  // A COLLATE spelling ("public.\"numeric\"") that names a user collation.
  void on_collation(const ir::ObjectId& from, const std::optional<std::string>& collation) {
    if (!collation) return;
    auto it = collations_.find(*collation);
    if (it != collations_.end()) edge(from, it->second);
  }
  // An aggregate's support function ("public.f"): every user function of that name (the
  // overload is decided by the argument types, which the spelling does not carry).
  void on_function(const ir::ObjectId& from, const std::optional<std::string>& spelling) {
    if (!spelling) return;
    auto name = aggregate_support_function(*spelling);
    if (!name) return;
    on_functions_named(from, *name, false);
  }
  // Every user function named `name` (procedures too when `procedures`), each overload; false
  // when there is none.
  bool on_functions_named(const ir::ObjectId& from, const ir::QualifiedName& name, bool procedures) {
    auto it = functions_.find(name);
    if (it == functions_.end()) return false;
    bool any = false;
    for (const auto& [id, is_procedure] : it->second)
      if (procedures || !is_procedure) edge(from, id), any = true;
    return any;
  }
  // An SQL function's body: the first relation of each name it reads along the body's search
  // path, and every overload of each function it calls (other than its own name's, so that
  // overloads calling each other make no cycle). See function_body_references.hpp.
  void on_body(const ir::ObjectId& fn, const ir::Function& f) {
    if (f.language != "sql") return;
    BodyReferences refs = body_references(f);
    if (refs.relations.empty() && refs.functions.empty()) return;
    std::vector<std::string> path = body_search_path(f);
    auto along_path = [&](const ir::QualifiedName& written, auto&& found) {
      if (!written.schema.empty()) return found(written);
      for (const auto& schema : path)
        if (found(ir::QualifiedName{schema, written.name})) return true;
      return false;
    };
    for (const auto& rel : refs.relations)
      along_path(rel, [&](const ir::QualifiedName& q) {
        if (catalog_.tables.count(q)) edge(fn, {K::Table, q, {}});
        else if (auto v = catalog_.views.find(q); v != catalog_.views.end())
          edge(fn, {v->second.materialized ? K::MaterializedView : K::View, q, {}});
        else return false;
        return true;
      });
    for (const auto& called : refs.functions)
      along_path(called, [&](const ir::QualifiedName& q) { return q == f.name || on_functions_named(fn, q, true); });
  }
  void on_sequence_in(const ir::ObjectId& from, const std::optional<ir::Expr>& expr, const std::string& schema) {
    if (!expr) return;
    const std::string& t = expr->text;
    auto p = t.find("nextval('");
    if (p == std::string::npos) return;
    p += 9;
    auto e = t.find('\'', p);
    if (e == std::string::npos) return;
    std::string name = t.substr(p, e - p);
    ir::QualifiedName q{schema, name};
    if (auto dot = name.find('.'); dot != std::string::npos) q = {name.substr(0, dot), name.substr(dot + 1)};
    auto unquote = [](std::string& s) {
      if (s.size() >= 2 && s.front() == '"' && s.back() == '"') s = s.substr(1, s.size() - 2);
    };
    unquote(q.schema);
    unquote(q.name);
    if (catalog_.sequences.count(q)) edge(from, {K::Sequence, q, {}});
  }

  std::set<ir::Dependency> out;

 private:
  const ir::Catalog& catalog_;
  std::map<std::string, ir::ObjectId> types_;
  std::map<std::string, ir::ObjectId> collations_;
  std::map<ir::QualifiedName, std::vector<std::pair<ir::ObjectId, bool>>> functions_;  // id, is a procedure
};

}  // namespace

std::set<ir::Dependency> dependencies_of(const ir::Catalog& catalog) {
  Collector c(catalog);
  for (const auto& d : catalog.dependencies.value) {
    // Sequence ownership comes from the IR below, as its own step identity.
    if (d.from.kind == K::Sequence && (d.to.kind == K::Table || d.to.kind == K::Column)) continue;
    c.edge(d.from, d.to);
  }
  for (const auto& [n, e] : catalog.extensions)
    if (catalog.schemas.count(e.schema)) c.edge({K::Extension, {"", n}, {}}, {K::Schema, {"", e.schema}, {}});
  for (const auto& [n, co] : catalog.collations) c.on_schema({K::Collation, n, {}}, n.schema);
  for (const auto& [n, e] : catalog.enums) c.on_schema({K::Enum, n, {}}, n.schema);
  for (const auto& [n, d] : catalog.domains) {
    c.on_schema({K::Domain, n, {}}, n.schema);
    c.on_type({K::Domain, n, {}}, d.base_type);
    c.on_collation({K::Domain, n, {}}, d.collation);
  }
  for (const auto& [n, t] : catalog.composite_types) {
    c.on_schema({K::CompositeType, n, {}}, n.schema);
    for (const auto& a : t.attributes) {
      c.on_type({K::CompositeType, n, {}}, a.type);
      c.on_collation({K::CompositeType, n, {}}, a.collation);
    }
  }
  for (const auto& [n, s] : catalog.sequences) {
    c.on_schema({K::Sequence, n, {}}, n.schema);
    c.edge({K::Sequence, n, "owned_by"}, {K::Sequence, n, {}});
    if (s.owned_by_table)
      c.edge({K::Sequence, n, "owned_by"}, {K::Column, *s.owned_by_table, s.owned_by_column.value_or("")});
  }
  // Unique indexes that a foreign key may reference, by table (one lookup per key, not a scan of
  // every index: 5,000 keys times 5,000 indexes took seconds).
  std::multimap<ir::QualifiedName, const std::pair<const ir::QualifiedName, ir::Index>*> unique_indexes;
  for (const auto& entry : catalog.indexes)
    if (entry.second.unique && !entry.second.where) unique_indexes.emplace(entry.second.table, &entry);
  for (const auto& [n, t] : catalog.tables) {
    ir::ObjectId table{K::Table, n, {}};
    c.on_schema(table, n.schema);
    for (const auto& p : t.inherits) c.edge(table, {K::Table, p, {}});
    if (t.partition_of) c.edge(table, {K::Table, *t.partition_of, {}});
    // Members of a table need it (a comment on a new column follows CREATE TABLE).
    for (const auto& col : t.columns) c.edge({K::Column, n, col.name}, table);
    for (const auto& [cn, k] : t.constraints) c.edge({K::Constraint, n, cn}, table);
    for (const auto& [tn, trig] : t.triggers) c.edge({K::Trigger, n, tn}, table);
    for (const auto& [pn, p] : t.policies) c.edge({K::Policy, n, pn}, table);
    for (const auto& col : t.columns) {
      ir::ObjectId column{K::Column, n, col.name};
      c.on_type(column, col.type);
      c.on_collation(column, col.collation);
      c.on_sequence_in(column, col.default_expr, n.schema);
    }
    for (const auto& [cn, k] : t.constraints) {
      ir::ObjectId constraint{K::Constraint, n, cn};
      for (const auto& col : k.columns) c.edge(constraint, {K::Column, n, col});
      if (k.foreign_key) {
        const auto& fk = *k.foreign_key;
        c.edge(constraint, {K::Table, fk.ref_table, {}});
        for (const auto& col : fk.ref_columns) c.edge(constraint, {K::Column, fk.ref_table, col});
        // The referenced key: a primary key or unique constraint over the same columns.
        auto ref = catalog.tables.find(fk.ref_table);
        if (ref != catalog.tables.end()) {
          std::set<std::string> want(fk.ref_columns.begin(), fk.ref_columns.end());
          for (const auto& [rn, rk] : ref->second.constraints) {
            bool key = rk.kind == ir::ConstraintKind::PrimaryKey || rk.kind == ir::ConstraintKind::Unique;
            if (key && (want.empty() ? rk.kind == ir::ConstraintKind::PrimaryKey
                                     : std::set<std::string>(rk.columns.begin(), rk.columns.end()) == want))
              c.edge(constraint, {K::Constraint, fk.ref_table, rn});
          }
          auto unique = unique_indexes.equal_range(fk.ref_table);
          for (auto it = unique.first; it != unique.second; ++it) {
            const auto& [in, index] = *it->second;
            std::set<std::string> cols;
            for (const auto& e : index.elements)
              if (e.column) cols.insert(*e.column);
            if (cols == want && cols.size() == index.elements.size()) c.edge(constraint, {K::Index, in, {}});
          }
        }
      }
    }
    for (const auto& [tn, trig] : t.triggers) {
      ir::ObjectId trigger{K::Trigger, n, tn};
      c.edge(trigger, {K::Function, trig.function, {}});
      for (const auto& col : trig.update_columns) c.edge(trigger, {K::Column, n, col});
    }
  }
  for (const auto& [n, i] : catalog.indexes) {
    ir::ObjectId index{K::Index, n, {}};
    c.edge(index, {catalog.views.count(i.table) ? K::MaterializedView : K::Table, i.table, {}});
    for (const auto& e : i.elements) {
      if (e.column) c.edge(index, {K::Column, i.table, *e.column});
      c.on_collation(index, e.collation);
    }
  }
  for (const auto& [n, v] : catalog.views) {
    ir::ObjectId view{v.materialized ? K::MaterializedView : K::View, n, {}};
    c.on_schema(view, n.schema);
    for (const auto& [tn, trig] : v.triggers) {
      c.edge({K::Trigger, n, tn}, view);
      c.edge({K::Trigger, n, tn}, {K::Function, trig.function, {}});
    }
  }
  for (const auto& [sig, f] : catalog.functions) {
    ir::ObjectId fn{K::Function, f.name, f.identity_args};
    c.on_schema(fn, f.name.schema);
    c.on_body(fn, f);
    for (const auto& a : f.arguments) c.on_type(fn, a.type);
    if (f.returns) {
      std::string r = *f.returns;
      if (r.rfind("SETOF ", 0) == 0) r = r.substr(6);
      c.on_type(fn, r);
    }
  }
  for (const auto& [sig, a] : catalog.aggregates) {
    ir::ObjectId aggregate{K::Aggregate, a.name, "(" + a.identity_args + ")"};
    c.on_schema(aggregate, a.name.schema);
    for (const auto& argument : a.arguments) c.on_type(aggregate, argument.type);
    c.on_type(aggregate, a.stype);
    if (a.mstype) c.on_type(aggregate, *a.mstype);
    c.on_function(aggregate, a.sfunc);
    for (const auto* function : {&a.finalfunc, &a.combinefunc, &a.serialfunc, &a.deserialfunc, &a.msfunc,
                                 &a.minvfunc, &a.mfinalfunc})
      c.on_function(aggregate, *function);
  }
  return std::move(c.out);
}

}  // namespace schemactl::plan
