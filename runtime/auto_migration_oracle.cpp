// The oracle on the uncertain objects only (see auto_migration_oracle.hpp).
#include "runtime/auto_migration_oracle.hpp"

#include <fmt/format.h>

#include <map>
#include <vector>

#include "compiler/plan/dependencies.hpp"
#include "runtime/auto_migration.hpp"
#include "runtime/scratch_database.hpp"

namespace schemactl::runtime {
namespace {

using K = ir::ObjectKind;

// Members stand for their relation; procedures and materialized views are functions and views.
ir::ObjectId top_level(ir::ObjectId id) {
  if (id.kind == K::Column || id.kind == K::Constraint || id.kind == K::Trigger || id.kind == K::Policy) {
    id.kind = K::Table;
    id.sub.clear();
  }
  if (id.kind == K::Sequence) id.sub.clear();  // {Sequence, name, "owned_by"}
  if (id.kind == K::Procedure) id.kind = K::Function;
  if (id.kind == K::MaterializedView) id.kind = K::View;
  return id;
}

// A table reduced to what others need of it to be created: its columns (types only) and keys.
ir::Table stub(const ir::Table& table) {
  ir::Table t;
  t.name = table.name;
  t.kind = table.kind;
  t.inherits = table.inherits;
  t.partition_by = table.partition_by;
  t.partition_of = table.partition_of;
  t.partition_bound = table.partition_bound;
  t.columns = table.columns;
  for (auto& c : t.columns) {
    c.default_expr.reset();
    c.identity.reset();
    c.generated.reset();
    c.comment.reset();
    c.acl.clear();
  }
  for (const auto& [name, k] : table.constraints)
    if (k.kind == ir::ConstraintKind::PrimaryKey || k.kind == ir::ConstraintKind::Unique) {
      ir::Constraint key = k;
      key.comment.reset();
      t.constraints[name] = key;
    }
  return t;
}

bool same_function(const ir::Function& f, const ir::ObjectId& id) {
  return f.name == id.name && "(" + f.identity_args + ")" == id.sub;
}

class SubsetBuilder {
 public:
  SubsetBuilder(const ir::Catalog& compiled) : compiled_(compiled) {
    for (const auto& d : plan::dependencies_of(compiled)) needs_[top_level(d.from)].push_back(top_level(d.to));
  }

  ir::Catalog build(const std::set<ir::ObjectId>& uncertain) {
    // Small and shared by everything: schemas, extensions, collations, types, functions, aggregates.
    sub_.schemas = compiled_.schemas;
    sub_.extensions = compiled_.extensions;
    sub_.collations = compiled_.collations;
    sub_.enums = compiled_.enums;
    sub_.domains = compiled_.domains;
    sub_.composite_types = compiled_.composite_types;
    sub_.functions = compiled_.functions;
    sub_.aggregates = compiled_.aggregates;
    for (const auto& [n, x] : compiled_.enums) need({K::Enum, n, {}});
    for (const auto& [n, x] : compiled_.domains) need({K::Domain, n, {}});
    for (const auto& [n, x] : compiled_.composite_types) need({K::CompositeType, n, {}});
    for (const auto& [key, f] : compiled_.functions) need({K::Function, f.name, "(" + f.identity_args + ")"});
    for (const auto& [key, a] : compiled_.aggregates) need({K::Aggregate, a.name, "(" + a.identity_args + ")"});
    for (const auto& id : uncertain) add_full(id);
    // Sequences owned by a table that is not here lose their OWNED BY; stubs keep their columns.
    for (auto& [n, s] : sub_.sequences)
      if (s.owned_by_table && !sub_.tables.count(*s.owned_by_table)) {
        s.owned_by_table.reset();
        s.owned_by_column.reset();
      }
    sub_.dependencies = compiled_.dependencies;  // edges to absent objects are ignored when emitting
    return std::move(sub_);
  }

 private:
  // Everything `id` (created in full) needs: tables as stubs, all else in full.
  void need(const ir::ObjectId& id) {
    auto it = needs_.find(id);
    if (it == needs_.end()) return;
    for (const auto& dep : it->second) {
      if (dep.kind == K::Table) add_stub(dep.name);
      else add_full(dep);
    }
  }

  void add_full(const ir::ObjectId& raw) {
    ir::ObjectId id = top_level(raw);
    if (!full_.insert(id).second) return;
    switch (id.kind) {
      case K::Table:
        if (auto it = compiled_.tables.find(id.name); it != compiled_.tables.end()) {
          sub_.tables[id.name] = it->second;
          for (const auto& parent : it->second.inherits) add_stub(parent);
          if (it->second.partition_of) add_stub(*it->second.partition_of);
        }
        break;
      case K::Index:
        if (auto it = compiled_.indexes.find(id.name); it != compiled_.indexes.end()) {
          sub_.indexes[id.name] = it->second;
          if (compiled_.views.count(it->second.table)) add_full({K::View, it->second.table, {}});
          else add_stub(it->second.table);
        }
        break;
      case K::View:
        if (auto it = compiled_.views.find(id.name); it != compiled_.views.end()) sub_.views[id.name] = it->second;
        break;
      case K::Sequence:
        if (auto it = compiled_.sequences.find(id.name); it != compiled_.sequences.end())
          sub_.sequences[id.name] = it->second;
        break;
      default:
        break;  // schemas, extensions, collations, types, functions and aggregates are all there already
    }
    need(id);
  }

  void add_stub(const ir::QualifiedName& name) {
    if (sub_.tables.count(name) || !stubbed_.insert(name).second) return;
    auto it = compiled_.tables.find(name);
    if (it == compiled_.tables.end()) return;
    sub_.tables[name] = stub(it->second);
    // A stub needs its parents and its column types (which are all there), nothing else.
    for (const auto& parent : it->second.inherits) add_stub(parent);
    if (it->second.partition_of) add_stub(*it->second.partition_of);
  }

  const ir::Catalog& compiled_;
  std::map<ir::ObjectId, std::vector<ir::ObjectId>> needs_;
  std::set<ir::ObjectId> full_;
  std::set<ir::QualifiedName> stubbed_;
  ir::Catalog sub_;
};

template <class Map>
void take(Map& into, const Map& from, const typename Map::key_type& key) {
  auto it = from.find(key);
  if (it == from.end()) return;
  auto span = into.count(key) ? into.at(key).span : decltype(it->second.span){};
  into[key] = it->second;
  into[key].span = span;
}

}  // namespace

namespace {

bool exists_in(const ir::Catalog& c, const ir::ObjectId& id) {
  auto table = [&]() -> const ir::Table* {
    auto it = c.tables.find(id.name);
    return it == c.tables.end() ? nullptr : &it->second;
  };
  switch (id.kind) {
    case K::Schema: return c.schemas.count(id.name.name) > 0;
    case K::Extension: return c.extensions.count(id.name.name) > 0;
    case K::Collation: return c.collations.count(id.name) > 0;
    case K::Enum: return c.enums.count(id.name) > 0;
    case K::Domain: return c.domains.count(id.name) > 0;
    case K::CompositeType: return c.composite_types.count(id.name) > 0;
    case K::Sequence: return c.sequences.count(id.name) > 0;
    case K::Table: return table() != nullptr;
    case K::Column:
      if (const auto* t = table()) return t->find_column(id.sub) != nullptr;
      return c.views.count(id.name) > 0;
    case K::Constraint: if (const auto* t = table()) return t->constraints.count(id.sub) > 0; return false;
    case K::Trigger: if (const auto* t = table()) return t->triggers.count(id.sub) > 0; return false;
    case K::Policy: if (const auto* t = table()) return t->policies.count(id.sub) > 0; return false;
    case K::Index: return c.indexes.count(id.name) > 0;
    case K::View:
    case K::MaterializedView: return c.views.count(id.name) > 0;
    case K::Function:
    case K::Procedure: {
      std::string args = id.sub;
      if (!args.empty() && args.front() == '(') args = args.substr(1, args.size() - 2);
      for (const auto& [key, f] : c.functions)
        if (f.name == id.name && f.identity_args == args) return true;
      return false;
    }
    case K::Aggregate: return c.aggregates.count(id.name.schema + "." + id.name.name + id.sub) > 0;
  }
  return false;
}

}  // namespace

void borrow_dependencies(ir::Catalog& desired, const ir::Catalog& current, const std::set<ir::ObjectId>& uncertain) {
  for (const auto& d : current.dependencies.value) {
    if (uncertain.count(top_level(d.from))) continue;  // the server's own edges for these are there
    if (exists_in(desired, d.from) && exists_in(desired, d.to)) desired.dependencies.value.insert(d);
  }
}

ir::Catalog oracle_subset(const ir::Catalog& compiled, const std::set<ir::ObjectId>& uncertain) {
  return SubsetBuilder(compiled).build(uncertain);
}

ir::Catalog with_server_spelling(const ir::Catalog& compiled, const ir::Catalog& server,
                                 const std::set<ir::ObjectId>& uncertain) {
  ir::Catalog desired = compiled;
  for (const auto& raw : uncertain) {
    ir::ObjectId id = top_level(raw);
    switch (id.kind) {
      case K::Table: {
        auto it = server.tables.find(id.name);
        auto mine = desired.tables.find(id.name);
        if (it == server.tables.end() || mine == desired.tables.end()) break;
        // The server's table with the compiler's spans and rename annotations.
        ir::Table t = it->second;
        copy_source_metadata(t, mine->second);
        mine->second = std::move(t);
        break;
      }
      case K::Schema: take(desired.schemas, server.schemas, id.name.name); break;
      case K::Extension: take(desired.extensions, server.extensions, id.name.name); break;
      case K::Index: take(desired.indexes, server.indexes, id.name); break;
      case K::View: take(desired.views, server.views, id.name); break;
      case K::Sequence: take(desired.sequences, server.sequences, id.name); break;
      case K::Enum: take(desired.enums, server.enums, id.name); break;
      case K::Domain: take(desired.domains, server.domains, id.name); break;
      case K::CompositeType: take(desired.composite_types, server.composite_types, id.name); break;
      case K::Function:
        for (const auto& [key, f] : server.functions)
          if (same_function(f, id)) take(desired.functions, server.functions, key);
        break;
      case K::Aggregate: take(desired.aggregates, server.aggregates, id.name.schema + "." + id.name.name + id.sub); break;
      default: break;
    }
  }
  // What those objects depend on, as pg_depend says (the compiler records no references of
  // queries and expressions).
  for (const auto& d : server.dependencies.value)
    if (uncertain.count(top_level(d.from))) desired.dependencies.value.insert(d);
  return desired;
}

ir::Catalog oracle_desired_state(const ir::Catalog& compiled, const std::set<ir::ObjectId>& uncertain,
                                 ScratchDatabase& scratch, const IntrospectOptions& options) {
  ir::Catalog subset = oracle_subset(compiled, uncertain);
  {
    Connection conn(scratch.url());
    try {
      load_catalog(conn, subset);
      ir::Catalog server = introspect(conn, options);
      scratch.reset();
      return with_server_spelling(compiled, server, uncertain);
    } catch (const ServerError&) {
      // A reference the compiler did not record: fall back to the whole schema below.
    }
  }
  scratch.reset();
  ir::Catalog desired = server_desired_state(compiled, scratch, options);
  scratch.reset();
  return desired;
}

}  // namespace schemactl::runtime
