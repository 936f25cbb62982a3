#include "compiler/object_order.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <queue>

#include "compiler/error.hpp"
#include "compiler/quote.hpp"

namespace schemactl {
namespace {

using ir::ObjectId;
using ir::ObjectKind;

bool sorts_before(const ObjectId& a, const ObjectId& b) {
  int ra = kind_rank(a.kind);
  int rb = kind_rank(b.kind);
  if (ra != rb) return ra < rb;
  if (a.name != b.name) return a.name < b.name;
  if (a.sub != b.sub) return a.sub < b.sub;
  return a.kind < b.kind;
}

// Sub-objects (columns, constraints, triggers, policies) are created with their owner.
std::vector<ObjectId> owners_of(const ObjectId& id) {
  switch (id.kind) {
    case ObjectKind::Column:
    case ObjectKind::Constraint:
    case ObjectKind::Trigger:
    case ObjectKind::Policy:
      return {{ObjectKind::Table, id.name, ""}, {ObjectKind::View, id.name, ""},
              {ObjectKind::MaterializedView, id.name, ""}, {ObjectKind::CompositeType, id.name, ""},
              {ObjectKind::Domain, id.name, ""}};
    default: return {};
  }
}

// ---- reading names off the IR ------------------------------------------------------------

// "public.t", app."Mixed Case", t: the chains of identifiers in a piece of SQL, and the contents
// of string literals (regclass literals such as nextval('s') name relations).
struct NameScan {
  std::vector<std::vector<std::string>> chains;
  std::vector<std::string> literals;
};

NameScan scan_names(std::string_view text) {
  NameScan scan;
  std::vector<std::string> chain;
  bool expect_part = true;  // after a '.', or at the start of a chain
  auto flush = [&] {
    if (!chain.empty()) scan.chains.push_back(chain);
    chain.clear();
    expect_part = true;
  };
  auto is_start = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (c & 0x80); };
  auto is_part = [&](char c) { return is_start(c) || (c >= '0' && c <= '9') || c == '$'; };
  for (size_t i = 0; i < text.size();) {
    char c = text[i];
    if (c == '-' && i + 1 < text.size() && text[i + 1] == '-') {
      flush();
      while (i < text.size() && text[i] != '\n') ++i;
    } else if (c == '/' && i + 1 < text.size() && text[i + 1] == '*') {
      flush();
      size_t end = text.find("*/", i + 2);
      i = end == std::string_view::npos ? text.size() : end + 2;
    } else if (c == '\'') {
      flush();
      std::string literal;
      ++i;
      while (i < text.size()) {
        if (text[i] == '\'' && i + 1 < text.size() && text[i + 1] == '\'') { literal += '\''; i += 2; }
        else if (text[i] == '\'') { ++i; break; }
        else literal += text[i++];
      }
      scan.literals.push_back(literal);
    } else if (c == '"') {
      if (!expect_part) flush();
      std::string part;
      ++i;
      while (i < text.size()) {
        if (text[i] == '"' && i + 1 < text.size() && text[i + 1] == '"') { part += '"'; i += 2; }
        else if (text[i] == '"') { ++i; break; }
        else part += text[i++];
      }
      chain.push_back(part);
      expect_part = false;
    } else if (is_start(c)) {
      if (!expect_part) flush();
      std::string part;
      while (i < text.size() && is_part(text[i])) {
        char p = text[i++];
        part += (p >= 'A' && p <= 'Z') ? static_cast<char>(p - 'A' + 'a') : p;
      }
      chain.push_back(part);
      expect_part = false;
    } else if (c == '.' && !chain.empty() && !expect_part) {
      expect_part = true;
      ++i;
    } else {
      flush();
      ++i;
    }
  }
  flush();
  return scan;
}

// Splits a relation name written in a string literal ('public."Seq"') into parts.
std::vector<std::string> literal_name_parts(const std::string& literal) {
  NameScan scan = scan_names(literal);
  if (scan.chains.size() != 1) return {};
  return scan.chains.front();
}

class CatalogIndex {
 public:
  explicit CatalogIndex(const ir::Catalog& catalog) {
    for (const auto& [name, type] : catalog.enums) add_type(name, {ObjectKind::Enum, name, ""});
    for (const auto& [name, type] : catalog.domains) add_type(name, {ObjectKind::Domain, name, ""});
    for (const auto& [name, type] : catalog.composite_types) add_type(name, {ObjectKind::CompositeType, name, ""});
    for (const auto& [name, table] : catalog.tables) add_type(name, {ObjectKind::Table, name, ""});
    for (const auto& [name, view] : catalog.views) {
      add_type(name, {view.materialized ? ObjectKind::MaterializedView : ObjectKind::View, name, ""});
    }
    for (const auto& [name, sequence] : catalog.sequences) names_[name].push_back({ObjectKind::Sequence, name, ""});
    for (const auto& [name, collation] : catalog.collations) collations_.emplace(quote_qualified(name), ObjectId{ObjectKind::Collation, name, ""});
    for (const auto& [signature, function] : catalog.functions) {
      names_[function.name].push_back(
          {function.is_procedure ? ObjectKind::Procedure : ObjectKind::Function, function.name, "(" + function.identity_args + ")"});
    }
    for (const auto& [signature, aggregate] : catalog.aggregates)
      names_[aggregate.name].push_back({ObjectKind::Aggregate, aggregate.name, "(" + aggregate.identity_args + ")"});
  }

  // The object a format_type spelling names ("public.mood[]", "app.\"T\"(3)"), if it is ours.
  const ObjectId* type(std::string type) const {
    while (type.size() > 2 && type.compare(type.size() - 2, 2, "[]") == 0) type.resize(type.size() - 2);
    if (!type.empty() && type.back() == ')') {
      size_t open = type.rfind('(');
      if (open != std::string::npos) type.resize(open);
    }
    auto found = types_.find(type);
    return found == types_.end() ? nullptr : &found->second;
  }

  // The user collation a COLLATE spelling ("public.\"numeric\"") names, if any.
  const ObjectId* collation(const std::optional<std::string>& spelling) const {
    if (!spelling) return nullptr;
    auto found = collations_.find(*spelling);
    return found == collations_.end() ? nullptr : &found->second;
  }

  // The user functions (not procedures or aggregates) named `name`, every overload.
  std::vector<ObjectId> functions(const ir::QualifiedName& name) const {
    std::vector<ObjectId> out;
    if (auto found = names_.find(name); found != names_.end())
      for (const auto& id : found->second)
        if (id.kind == ObjectKind::Function) out.push_back(id);
    return out;
  }

  // Objects a chain of identifiers may name: qualified, or in `schema` / public when bare.
  void resolve(const std::vector<std::string>& chain, const std::string& schema, std::vector<ObjectId>& out) const {
    auto add = [&](const ir::QualifiedName& name) {
      auto found = names_.find(name);
      if (found != names_.end()) out.insert(out.end(), found->second.begin(), found->second.end());
    };
    if (chain.empty()) return;
    if (chain.size() >= 2) add({chain[chain.size() - 2], chain.back()});
    // A bare name, or the table part of table.column.
    add({schema, chain.front()});
    if (schema != "public") add({"public", chain.front()});
    if (chain.size() >= 2) {
      add({schema, chain[chain.size() - 2]});
    }
  }

 private:
  void add_type(const ir::QualifiedName& name, ObjectId id) {
    types_.emplace(quote_qualified(name), id);
    names_[name].push_back(id);
  }
  std::map<std::string, ObjectId> types_;
  std::map<std::string, ObjectId> collations_;
  std::map<ir::QualifiedName, std::vector<ObjectId>> names_;
};

class EdgeCollector {
 public:
  EdgeCollector(const ir::Catalog& catalog, std::vector<OrderEdge>& edges) : index_(catalog), edges_(edges) {}

  void hard(const ObjectId& from, const ObjectId& to) {
    if (from != to) edges_.push_back({from, to, false});
  }

  void type_reference(const ObjectId& from, const std::string& type) {
    if (const ObjectId* target = index_.type(type)) hard(from, *target);
  }

  void collation_reference(const ObjectId& from, const std::optional<std::string>& collation) {
    if (const ObjectId* target = index_.collation(collation)) hard(from, *target);
  }

  // An aggregate's support function, spelled as regproc prints it ("public.f"; built-ins bare).
  // The one user function of that name is a hard dependency; overloads are guessed at (soft).
  void function_reference(const ObjectId& from, const std::optional<std::string>& spelling) {
    if (!spelling) return;
    NameScan scan = scan_names(*spelling);
    if (scan.chains.size() != 1 || scan.chains.front().size() != 2) return;
    const auto& parts = scan.chains.front();
    std::vector<ObjectId> targets = index_.functions({parts[0], parts[1]});
    for (const auto& target : targets) {
      if (targets.size() == 1) hard(from, target);
      else if (target != from) edges_.push_back({from, target, true});
    }
  }

  // Names found in SQL text: functions and relations it calls or reads, types it casts to.
  void text_reference(const ObjectId& from, std::string_view text) {
    NameScan scan = scan_names(text);
    std::vector<ObjectId> targets;
    for (const auto& chain : scan.chains) index_.resolve(chain, from.name.schema, targets);
    for (const auto& literal : scan.literals) {
      auto parts = literal_name_parts(literal);
      if (!parts.empty() && parts.size() <= 2) index_.resolve(parts, from.name.schema, targets);
    }
    std::sort(targets.begin(), targets.end());
    targets.erase(std::unique(targets.begin(), targets.end()), targets.end());
    for (const auto& target : targets) {
      if (target != from) edges_.push_back({from, target, true});
    }
  }

 private:
  CatalogIndex index_;
  std::vector<OrderEdge>& edges_;
};

}  // namespace

int kind_rank(ObjectKind kind) {
  switch (kind) {
    case ObjectKind::Schema: return 0;
    case ObjectKind::Extension: return 1;
    case ObjectKind::Collation: return 1;
    case ObjectKind::Enum: return 2;
    case ObjectKind::CompositeType: return 3;
    case ObjectKind::Domain: return 4;
    case ObjectKind::Function: return 5;
    case ObjectKind::Procedure: return 5;
    case ObjectKind::Aggregate: return 5;
    case ObjectKind::Sequence: return 6;
    case ObjectKind::Table: return 7;
    case ObjectKind::Column: return 8;
    case ObjectKind::View: return 9;
    case ObjectKind::MaterializedView: return 10;
    case ObjectKind::Index: return 11;
    case ObjectKind::Constraint: return 12;
    case ObjectKind::Trigger: return 13;
    case ObjectKind::Policy: return 14;
  }
  return 15;
}

std::string describe(const ObjectId& object) {
  static const char* const kWords[] = {"schema", "extension", "type", "domain", "type", "sequence", "table", "column",
                                       "constraint", "index", "view", "materialized view", "function", "procedure",
                                       "trigger", "policy", "collation", "aggregate"};
  std::string word = kWords[static_cast<int>(object.kind)];
  switch (object.kind) {
    case ObjectKind::Schema:
    case ObjectKind::Extension: return word + " " + quote_ident(object.name.name);
    case ObjectKind::Function:
    case ObjectKind::Procedure:
    case ObjectKind::Aggregate: return word + " " + quote_qualified(object.name) + object.sub;
    case ObjectKind::Column: return word + " " + quote_qualified(object.name) + "." + quote_ident(object.sub);
    case ObjectKind::Constraint:
    case ObjectKind::Trigger:
    case ObjectKind::Policy: return word + " " + quote_ident(object.sub) + " on " + quote_qualified(object.name);
    default: return word + " " + quote_qualified(object.name);
  }
}

std::vector<ObjectId> order_objects(const std::vector<ObjectId>& objects, const std::vector<OrderEdge>& edges) {
  std::vector<ObjectId> nodes = objects;
  std::sort(nodes.begin(), nodes.end(), sorts_before);
  nodes.erase(std::unique(nodes.begin(), nodes.end()), nodes.end());
  std::map<ObjectId, size_t> position;
  for (size_t i = 0; i < nodes.size(); ++i) position.emplace(nodes[i], i);
  auto resolve = [&](const ObjectId& id) -> long {
    auto found = position.find(id);
    if (found != position.end()) return static_cast<long>(found->second);
    for (const auto& owner : owners_of(id)) {
      found = position.find(owner);
      if (found != position.end()) return static_cast<long>(found->second);
    }
    return -1;
  };

  // depends[a][b] = soft? : a comes after b. A hard edge wins over a soft one between the same pair.
  std::vector<std::map<size_t, bool>> depends(nodes.size());
  for (const auto& edge : edges) {
    long from = resolve(edge.from);
    long to = resolve(edge.to);
    if (from < 0 || to < 0 || from == to) continue;
    auto [it, inserted] = depends[from].emplace(static_cast<size_t>(to), edge.soft);
    if (!inserted && !edge.soft) it->second = false;
  }

  std::vector<size_t> waiting(nodes.size(), 0);                // unmet dependencies
  std::vector<std::vector<size_t>> dependents(nodes.size());
  auto rebuild = [&] {
    std::fill(waiting.begin(), waiting.end(), 0);
    for (auto& d : dependents) d.clear();
    for (size_t from = 0; from < nodes.size(); ++from) {
      for (const auto& [to, soft] : depends[from]) {
        ++waiting[from];
        dependents[to].push_back(from);
      }
    }
  };
  rebuild();

  std::vector<ObjectId> out;
  out.reserve(nodes.size());
  std::vector<bool> done(nodes.size(), false);
  std::priority_queue<size_t, std::vector<size_t>, std::greater<>> ready;
  for (size_t i = 0; i < nodes.size(); ++i) {
    if (waiting[i] == 0) ready.push(i);
  }
  while (out.size() < nodes.size()) {
    while (!ready.empty()) {
      size_t next = ready.top();
      ready.pop();
      done[next] = true;
      out.push_back(nodes[next]);
      for (size_t dependent : dependents[next]) {
        if (--waiting[dependent] == 0) ready.push(dependent);
      }
    }
    if (out.size() == nodes.size()) break;
    // Stalled: a cycle among the remaining nodes. Loop repair: drop the guessed (soft) edges
    // between them; a cycle of hard edges cannot be repaired and is reported.
    bool repaired = false;
    for (size_t from = 0; from < nodes.size(); ++from) {
      if (done[from]) continue;
      for (auto it = depends[from].begin(); it != depends[from].end();) {
        if (it->second && !done[it->first]) {
          it = depends[from].erase(it);
          repaired = true;
        } else {
          ++it;
        }
      }
    }
    if (!repaired) {
      // Walk unmet dependencies from any remaining node until a node repeats: that is a cycle.
      size_t start = 0;
      while (done[start]) ++start;
      std::vector<size_t> path;
      std::map<size_t, size_t> seen;
      size_t current = start;
      while (!seen.count(current)) {
        seen.emplace(current, path.size());
        path.push_back(current);
        for (const auto& [to, soft] : depends[current]) {
          if (!done[to]) {
            current = to;
            break;
          }
        }
      }
      std::string message = "dependency cycle that cannot be ordered: ";
      for (size_t i = seen[current]; i < path.size(); ++i) message += describe(nodes[path[i]]) + " -> ";
      message += describe(nodes[current]);
      throw InputError(message);
    }
    // Recount what the remaining nodes still wait for.
    for (size_t i = 0; i < nodes.size(); ++i) {
      if (done[i]) continue;
      waiting[i] = 0;
      for (const auto& [to, soft] : depends[i]) {
        if (!done[to]) ++waiting[i];
      }
      if (waiting[i] == 0) ready.push(i);
    }
    for (auto& d : dependents) d.clear();
    for (size_t from = 0; from < nodes.size(); ++from) {
      if (done[from]) continue;
      for (const auto& [to, soft] : depends[from]) {
        if (!done[to]) dependents[to].push_back(from);
      }
    }
  }
  return out;
}

std::vector<ObjectId> catalog_objects(const ir::Catalog& catalog) {
  std::vector<ObjectId> out;
  for (const auto& [name, schema] : catalog.schemas) out.push_back({ObjectKind::Schema, {"", name}, ""});
  for (const auto& [name, extension] : catalog.extensions) out.push_back({ObjectKind::Extension, {"", name}, ""});
  for (const auto& [name, collation] : catalog.collations) out.push_back({ObjectKind::Collation, name, ""});
  for (const auto& [name, type] : catalog.enums) out.push_back({ObjectKind::Enum, name, ""});
  for (const auto& [name, type] : catalog.domains) out.push_back({ObjectKind::Domain, name, ""});
  for (const auto& [name, type] : catalog.composite_types) out.push_back({ObjectKind::CompositeType, name, ""});
  for (const auto& [name, sequence] : catalog.sequences) out.push_back({ObjectKind::Sequence, name, ""});
  for (const auto& [name, table] : catalog.tables) out.push_back({ObjectKind::Table, name, ""});
  for (const auto& [name, view] : catalog.views) {
    out.push_back({view.materialized ? ObjectKind::MaterializedView : ObjectKind::View, name, ""});
  }
  for (const auto& [signature, function] : catalog.functions) {
    out.push_back({function.is_procedure ? ObjectKind::Procedure : ObjectKind::Function, function.name,
                   "(" + function.identity_args + ")"});
  }
  for (const auto& [signature, aggregate] : catalog.aggregates)
    out.push_back({ObjectKind::Aggregate, aggregate.name, "(" + aggregate.identity_args + ")"});
  return out;
}

std::vector<OrderEdge> catalog_edges(const ir::Catalog& catalog) {
  std::vector<OrderEdge> edges;
  EdgeCollector collect(catalog, edges);
  for (const auto& dependency : catalog.dependencies.value) {
    // A sequence OWNED BY a column is emitted after the tables (ALTER SEQUENCE ... OWNED BY):
    // that link never orders creation, and would close a loop with the column's nextval default.
    if (dependency.from.kind == ObjectKind::Sequence &&
        (dependency.to.kind == ObjectKind::Column || dependency.to.kind == ObjectKind::Table)) {
      continue;
    }
    // Indexes, triggers, policies, foreign keys and NOT VALID constraints are created after every
    // table and view, so what they depend on never orders the tables themselves.
    const ObjectId& from = dependency.from;
    if (from.kind == ObjectKind::Index || from.kind == ObjectKind::Trigger || from.kind == ObjectKind::Policy) continue;
    if (from.kind == ObjectKind::Constraint) {
      auto table = catalog.tables.find(from.name);
      if (table != catalog.tables.end()) {
        auto constraint = table->second.constraints.find(from.sub);
        if (constraint != table->second.constraints.end() &&
            (constraint->second.kind == ir::ConstraintKind::ForeignKey || constraint->second.not_valid)) {
          continue;
        }
      }
    }
    edges.push_back({dependency.from, dependency.to, false});
  }
  auto in_schema = [&](const ObjectId& id, const std::string& schema) {
    if (catalog.schemas.count(schema)) collect.hard(id, {ObjectKind::Schema, {"", schema}, ""});
  };
  for (const auto& [name, extension] : catalog.extensions) {
    in_schema({ObjectKind::Extension, {"", name}, ""}, extension.schema);
  }
  for (const auto& [name, collation] : catalog.collations) in_schema({ObjectKind::Collation, name, ""}, name.schema);
  for (const auto& [name, type] : catalog.enums) in_schema({ObjectKind::Enum, name, ""}, name.schema);
  for (const auto& [name, domain] : catalog.domains) {
    ObjectId id{ObjectKind::Domain, name, ""};
    in_schema(id, name.schema);
    collect.type_reference(id, domain.base_type);
    collect.collation_reference(id, domain.collation);
    if (domain.default_expr) collect.text_reference(id, domain.default_expr->text);
    for (const auto& [check_name, check] : domain.checks) collect.text_reference(id, check.expr.text);
  }
  for (const auto& [name, type] : catalog.composite_types) {
    ObjectId id{ObjectKind::CompositeType, name, ""};
    in_schema(id, name.schema);
    for (const auto& attribute : type.attributes) {
      collect.type_reference(id, attribute.type);
      collect.collation_reference(id, attribute.collation);
    }
  }
  for (const auto& [name, sequence] : catalog.sequences) in_schema({ObjectKind::Sequence, name, ""}, name.schema);
  for (const auto& [name, table] : catalog.tables) {
    ObjectId id{ObjectKind::Table, name, ""};
    in_schema(id, name.schema);
    for (const auto& parent : table.inherits) collect.hard(id, {ObjectKind::Table, parent, ""});
    if (table.partition_of) collect.hard(id, {ObjectKind::Table, *table.partition_of, ""});
    for (const auto& column : table.columns) {
      collect.type_reference(id, column.type);
      collect.collation_reference(id, column.collation);
      if (column.default_expr) collect.text_reference(id, column.default_expr->text);
      if (column.generated) collect.text_reference(id, column.generated->text);
    }
    for (const auto& [constraint_name, constraint] : table.constraints) {
      if (constraint.check) collect.text_reference(id, constraint.check->text);
    }
  }
  for (const auto& [name, view] : catalog.views) {
    ObjectId id{view.materialized ? ObjectKind::MaterializedView : ObjectKind::View, name, ""};
    in_schema(id, name.schema);
    collect.text_reference(id, view.query.text);
    for (const auto& [column, expr] : view.column_defaults) collect.text_reference(id, expr.text);
  }
  for (const auto& [signature, function] : catalog.functions) {
    ObjectId id{function.is_procedure ? ObjectKind::Procedure : ObjectKind::Function, function.name,
                "(" + function.identity_args + ")"};
    in_schema(id, function.name.schema);
    for (const auto& argument : function.arguments) {
      collect.type_reference(id, argument.type);
      if (argument.default_expr) collect.text_reference(id, argument.default_expr->text);
    }
    if (function.returns) {
      std::string returns = *function.returns;
      if (returns.rfind("SETOF ", 0) == 0) returns.erase(0, 6);
      collect.type_reference(id, returns);
    }
    // SQL-standard bodies are parsed (and their references checked) at CREATE time.
    if (function.sql_body) collect.text_reference(id, function.body);
  }
  for (const auto& [signature, aggregate] : catalog.aggregates) {
    ObjectId id{ObjectKind::Aggregate, aggregate.name, "(" + aggregate.identity_args + ")"};
    in_schema(id, aggregate.name.schema);
    for (const auto& argument : aggregate.arguments) collect.type_reference(id, argument.type);
    collect.type_reference(id, aggregate.stype);
    if (aggregate.mstype) collect.type_reference(id, *aggregate.mstype);
    for (const auto* function : {&aggregate.finalfunc, &aggregate.combinefunc, &aggregate.serialfunc,
                                 &aggregate.deserialfunc, &aggregate.msfunc, &aggregate.minvfunc, &aggregate.mfinalfunc})
      collect.function_reference(id, *function);
    collect.function_reference(id, aggregate.sfunc);
  }
  return edges;
}

}  // namespace schemactl
