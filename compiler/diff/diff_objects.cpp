// Schemas, extensions, enum/domain/composite types and sequences.
#include <algorithm>

#include "compiler/diff/differ.hpp"
#include "compiler/diff/extension_version.hpp"
#include "compiler/quote.hpp"

namespace schemactl::diff::detail {
namespace {

ir::ObjectId id(ir::ObjectKind kind, const QualifiedName& name) { return {kind, name, {}}; }

// Walks a map pair: calls on_drop(a) for keys only in `from`, on_create(b) for keys only in
// `to`, on_both(a, b) for keys in both.
template <typename Map, typename Drop, typename Create, typename Both>
void walk(const Map& from, const Map& to, Drop on_drop, Create on_create, Both on_both) {
  for (const auto& [k, v] : from)
    if (!to.count(k)) on_drop(v);
  for (const auto& [k, v] : to) {
    auto it = from.find(k);
    if (it == from.end()) on_create(v);
    else on_both(it->second, v);
  }
}

// The new labels can be added one by one when the old ones keep their relative order.
bool only_additions(const std::vector<std::string>& from, const std::vector<std::string>& to) {
  size_t i = 0;
  for (const auto& label : to)
    if (i < from.size() && label == from[i]) ++i;
  if (i != from.size()) return false;
  for (const auto& label : from)
    if (std::count(to.begin(), to.end(), label) != 1) return false;
  return true;
}

// Columns of `from` that use `type`, each with the default it has in `to` (the recreated type
// cannot take the old default back when it names a removed value).
// Renames run before the recreation, drops before it too (the column depends on the type): a
// column is converted under its new names, and not at all when its table or itself goes away.
std::vector<ColumnUse> columns_of_type(Differ& d, const std::string& type) {
  auto table_in_to = [&](const QualifiedName& name) -> const ir::Table* {
    if (auto it = d.to.tables.find(name); it != d.to.tables.end()) return &it->second;
    for (const auto& [n, t] : d.to.tables) {
      if (!t.renamed_from.value) continue;
      QualifiedName source = *t.renamed_from.value;
      if (source.schema.empty()) source.schema = n.schema;
      if (source == name && !d.from.tables.count(n)) return &t;
    }
    return nullptr;
  };
  std::vector<ColumnUse> uses;
  for (const auto& [name, t] : d.from.tables) {
    const ir::Table* to_table = nullptr;
    bool looked_up = false;
    for (const auto& c : t.columns) {
      if (c.type != type && c.type != type + "[]") continue;
      if (!c.is_local) continue;  // converted with the parent's column
      if (!looked_up) to_table = table_in_to(name), looked_up = true;
      if (!to_table) continue;    // the table is dropped first
      const ir::Column* now = to_table->find_column(c.name);
      if (!now)
        for (const auto& candidate : to_table->columns)
          if (candidate.renamed_from.value == c.name) now = &candidate;
      if (!now) continue;  // the column is dropped first
      ColumnUse use{to_table->name, c};
      use.column.name = now->name;
      if (now->type == c.type) {
        use.column.default_expr = now->default_expr;
        d.recreated_type_columns.insert({to_table->name, now->name});
      }
      uses.push_back(use);
    }
  }
  return uses;
}

void diff_enum(Differ& d, const ir::EnumType& from, const ir::EnumType& to) {
  std::string target = "TYPE " + quote_qualified(to.name);
  if (from.labels != to.labels) {
    if (only_additions(from.labels, to.labels)) {
      ir::EnumType step = from;
      for (size_t i = 0; i < to.labels.size(); ++i) {
        const auto& label = to.labels[i];
        if (std::count(from.labels.begin(), from.labels.end(), label)) continue;
        ir::EnumType next = step;
        auto pos = std::find(next.labels.begin(), next.labels.end(), i == 0 ? std::string() : to.labels[i - 1]);
        AddEnumValue add{step, {}, label, {}, {}};
        if (i == 0) {
          add.before = to.labels.size() > 1 ? std::optional(to.labels[1]) : std::nullopt;
          next.labels.insert(next.labels.begin(), label);
        } else {
          add.after = to.labels[i - 1];
          next.labels.insert(pos + 1, label);
        }
        add.to = next;
        d.add(add);
        step = next;
      }
    } else {
      d.add(RecreateEnum{from, to, columns_of_type(d, quote_qualified(from.name))});
    }
  }
  diff_comment(d, id(ir::ObjectKind::Enum, to.name), target, from.comment, to.comment);
  diff_acl(d, id(ir::ObjectKind::Enum, to.name), target, "", from.acl, to.acl);
  diff_owner(d, id(ir::ObjectKind::Enum, to.name), target, from.owner, to.owner);
}

void create_enum(Differ& d, const ir::EnumType& e) {
  ir::EnumType base = e;
  base.comment.reset();
  base.acl.clear();
  d.add(CreateEnum{base});
  diff_comment(d, id(ir::ObjectKind::Enum, e.name), "TYPE " + quote_qualified(e.name), std::nullopt, e.comment);
  diff_acl(d, id(ir::ObjectKind::Enum, e.name), "TYPE " + quote_qualified(e.name), "", {}, e.acl);
}

void create_domain(Differ& d, const ir::Domain& dom) {
  ir::Domain base = dom;
  base.comment.reset();
  base.acl.clear();
  for (auto& [n, c] : base.checks) c.comment.reset();
  d.add(CreateDomain{base});
  std::string target = "DOMAIN " + quote_qualified(dom.name);
  diff_comment(d, id(ir::ObjectKind::Domain, dom.name), target, std::nullopt, dom.comment);
  for (const auto& [n, c] : dom.checks)
    diff_comment(d, id(ir::ObjectKind::Domain, dom.name), "CONSTRAINT " + quote_ident(n) + " ON " + target,
                 std::nullopt, c.comment);
  diff_acl(d, id(ir::ObjectKind::Domain, dom.name), target, "", {}, dom.acl);
}

void diff_domain(Differ& d, const ir::Domain& from, const ir::Domain& to) {
  std::string target = "DOMAIN " + quote_qualified(to.name);
  if (from.base_type != to.base_type || from.collation != to.collation) {
    d.add(DropDomain{from});
    create_domain(d, to);
    return;
  }
  ir::Domain a = from, b = to;
  a.comment = b.comment;
  a.acl = b.acl;
  a.owner = b.owner;
  for (auto& [n, c] : a.checks) c.comment.reset();
  for (auto& [n, c] : b.checks) c.comment.reset();
  if (!(a == b)) d.add(AlterDomain{from, to});
  for (const auto& [n, c] : to.checks) {
    auto it = from.checks.find(n);
    diff_comment(d, id(ir::ObjectKind::Domain, to.name), "CONSTRAINT " + quote_ident(n) + " ON " + target,
                 it == from.checks.end() || !(it->second.expr == c.expr) ? std::nullopt : it->second.comment,
                 c.comment);
  }
  diff_comment(d, id(ir::ObjectKind::Domain, to.name), target, from.comment, to.comment);
  diff_acl(d, id(ir::ObjectKind::Domain, to.name), target, "", from.acl, to.acl);
  diff_owner(d, id(ir::ObjectKind::Domain, to.name), target, from.owner, to.owner);
}

void create_composite(Differ& d, const ir::CompositeType& t) {
  ir::CompositeType base = t;
  base.comment.reset();
  base.acl.clear();
  d.add(CreateCompositeType{base});
  std::string target = "TYPE " + quote_qualified(t.name);
  diff_comment(d, id(ir::ObjectKind::CompositeType, t.name), target, std::nullopt, t.comment);
  diff_acl(d, id(ir::ObjectKind::CompositeType, t.name), target, "", {}, t.acl);
}

void diff_composite(Differ& d, const ir::CompositeType& from, const ir::CompositeType& to) {
  std::string target = "TYPE " + quote_qualified(to.name);
  if (from.attributes != to.attributes) {
    // Attributes that stay must keep their relative order for ALTER TYPE to express it.
    std::vector<std::string> kept_from, kept_to;
    for (const auto& a : from.attributes)
      for (const auto& b : to.attributes)
        if (a.name == b.name) kept_from.push_back(a.name);
    for (const auto& b : to.attributes)
      for (const auto& a : from.attributes)
        if (a.name == b.name) kept_to.push_back(b.name);
    bool appended_only = kept_from == kept_to;
    // Removed attributes must not come after kept ones in `to`'s order for the positions to match.
    if (appended_only) {
      d.add(AlterCompositeType{from, to});
    } else {
      d.add(DropCompositeType{from});
      create_composite(d, to);
      return;
    }
  }
  diff_comment(d, id(ir::ObjectKind::CompositeType, to.name), target, from.comment, to.comment);
  diff_acl(d, id(ir::ObjectKind::CompositeType, to.name), target, "", from.acl, to.acl);
  diff_owner(d, id(ir::ObjectKind::CompositeType, to.name), target, from.owner, to.owner);
}

// A sequence owned by a column that goes away is dropped by PostgreSQL with it.
bool dropped_with_owner(const Differ& d, const ir::Sequence& s) {
  if (!s.owned_by_table) return false;
  if (d.dropped_tables.count(*s.owned_by_table)) return true;
  for (const auto& [name, t] : d.to.tables) {
    const ir::Table* old = d.from_table_for(name);
    if (old && old->name == *s.owned_by_table) {
      const std::string& column = s.owned_by_column.value_or("");
      if (t.find_column(column)) return false;
      for (const auto& c : t.columns)
        if (c.renamed_from.value == column) return false;
      return true;
    }
  }
  return true;
}

}  // namespace

void diff_schemas(Differ& d) {
  walk(d.from.schemas, d.to.schemas,
       [&](const ir::Schema& s) { d.add(DropSchema{s}); },
       [&](const ir::Schema& s) {
         ir::Schema base = s;
         base.comment.reset();
         base.acl.clear();
         d.add(CreateSchema{base});
         ir::ObjectId oid{ir::ObjectKind::Schema, {"", s.name}, {}};
         diff_comment(d, oid, "SCHEMA " + quote_ident(s.name), std::nullopt, s.comment);
         diff_acl(d, oid, "SCHEMA " + quote_ident(s.name), "", {}, s.acl);
       },
       [&](const ir::Schema& a, const ir::Schema& b) {
         ir::ObjectId oid{ir::ObjectKind::Schema, {"", b.name}, {}};
         diff_comment(d, oid, "SCHEMA " + quote_ident(b.name), a.comment, b.comment);
         diff_acl(d, oid, "SCHEMA " + quote_ident(b.name), "", a.acl, b.acl);
         diff_owner(d, oid, "SCHEMA " + quote_ident(b.name), a.owner, b.owner);
       });
}

void diff_extensions(Differ& d) {
  walk(d.from.extensions, d.to.extensions,
       [&](const ir::Extension& e) { d.add(DropExtension{e}); },
       [&](const ir::Extension& e) {
         ir::Extension base = e;
         base.comment.reset();
         d.add(CreateExtension{base});
         diff_comment(d, {ir::ObjectKind::Extension, {"", e.name}, {}}, "EXTENSION " + quote_ident(e.name),
                      std::nullopt, e.comment);
       },
       [&](const ir::Extension& a, const ir::Extension& b) {
         bool version = !ir::extension_values_agree(a.version, b.version);
         if (version && version_before(*b.version, *a.version)) {
           // No update script goes backwards: drop it and create it at the old version (which
           // PostgreSQL refuses while other objects depend on it, never CASCADE).
           d.add(DropExtension{a});
           ir::Extension base = b;
           base.comment.reset();
           d.add(CreateExtension{base});
         } else if (version || a.schema != b.schema) {
           d.add(AlterExtension{a, b});
         }
         // A comment the schema file does not state accepts the installed one (ir::Extension).
         if (b.comment)
           diff_comment(d, {ir::ObjectKind::Extension, {"", b.name}, {}}, "EXTENSION " + quote_ident(b.name),
                        a.comment, b.comment);
       });
}

void diff_types(Differ& d) {
  walk(d.from.enums, d.to.enums, [&](const ir::EnumType& e) { d.add(DropEnum{e}); },
       [&](const ir::EnumType& e) { create_enum(d, e); },
       [&](const ir::EnumType& a, const ir::EnumType& b) { diff_enum(d, a, b); });
  walk(d.from.domains, d.to.domains, [&](const ir::Domain& x) { d.add(DropDomain{x}); },
       [&](const ir::Domain& x) { create_domain(d, x); },
       [&](const ir::Domain& a, const ir::Domain& b) { diff_domain(d, a, b); });
  walk(d.from.composite_types, d.to.composite_types,
       [&](const ir::CompositeType& x) { d.add(DropCompositeType{x}); },
       [&](const ir::CompositeType& x) { create_composite(d, x); },
       [&](const ir::CompositeType& a, const ir::CompositeType& b) { diff_composite(d, a, b); });
}

void diff_sequences(Differ& d) {
  // Runs after diff_tables: a sequence owned by a dropped table or column goes with it.
  walk(d.from.sequences, d.to.sequences,
       [&](const ir::Sequence& s) {
         if (!dropped_with_owner(d, s)) d.add(DropSequence{s});
       },
       [&](const ir::Sequence& s) {
         if (d.serial_sequences.count(s.name)) return;  // created by its table's serial column
         ir::Sequence base = s;
         base.owned_by_table.reset();
         base.owned_by_column.reset();
         base.comment.reset();
         base.acl.clear();
         d.add(CreateSequence{base});
         if (s.owned_by_table) d.add(AlterSequence{base, s});
         std::string target = "SEQUENCE " + quote_qualified(s.name);
         diff_comment(d, id(ir::ObjectKind::Sequence, s.name), target, std::nullopt, s.comment);
         diff_acl(d, id(ir::ObjectKind::Sequence, s.name), target, "", {}, s.acl);
       },
       [&](const ir::Sequence& a, const ir::Sequence& b) {
         ir::Sequence x = a, y = b;
         x.comment = y.comment;
         x.acl = y.acl;
         x.owner = y.owner;
         if (!(x == y)) d.add(AlterSequence{a, b});
         std::string target = "SEQUENCE " + quote_qualified(b.name);
         diff_comment(d, id(ir::ObjectKind::Sequence, b.name), target, a.comment, b.comment);
         diff_acl(d, id(ir::ObjectKind::Sequence, b.name), target, "", a.acl, b.acl);
         diff_owner(d, id(ir::ObjectKind::Sequence, b.name), target, a.owner, b.owner);
       });
}

}  // namespace schemactl::diff::detail
