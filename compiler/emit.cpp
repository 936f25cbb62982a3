// emit_catalog: the whole catalog as one script that psql can replay into an empty database,
// in pg_dump's order: settings; schemas, extensions, collations, types, functions, aggregates, sequences,
// tables and views (with their column defaults) in dependency order; sequence ownership; indexes; foreign keys; triggers; row level
// security; comments; owners and privileges; then the data, and what must follow the data.
#include "compiler/emit.hpp"

#include "compiler/emit_objects.hpp"
#include "compiler/object_order.hpp"
#include "compiler/quote.hpp"

namespace schemactl {
namespace {

using ir::ObjectId;
using ir::ObjectKind;

class ScriptWriter {
 public:
  // One object's statements; pieces are separated by a blank line.
  void add(const std::string& piece) {
    if (piece.empty()) return;
    if (!out_.empty()) out_ += "\n";
    out_ += piece;
  }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

// An index on a partition that matches one on its parent is created by PostgreSQL itself when
// the parent's index is (under the name it chooses), so it is not emitted again.
bool created_by_parent_index(const ir::Catalog& catalog, const ir::Index& index) {
  auto table = catalog.tables.find(index.table);
  if (table == catalog.tables.end() || !table->second.partition_of) return false;
  for (const auto& [name, candidate] : catalog.indexes) {
    if (candidate.table != *table->second.partition_of) continue;
    if (candidate.unique == index.unique && candidate.method == index.method && candidate.elements == index.elements &&
        candidate.include == index.include && candidate.where == index.where &&
        candidate.nulls_not_distinct == index.nulls_not_distinct) {
      return true;
    }
  }
  return false;
}

emit::TableParts table_parts(const ir::Catalog& catalog, const ir::Table& table) {
  emit::TableParts parts;
  auto add_parent = [&](const ir::QualifiedName& name) {
    auto found = catalog.tables.find(name);
    if (found != catalog.tables.end()) parts.parents.push_back(&found->second);
  };
  if (table.partition_of) add_parent(*table.partition_of);
  for (const auto& parent : table.inherits) add_parent(parent);
  return parts;
}

std::string create_object(const ir::Catalog& catalog, const ObjectId& id) {
  switch (id.kind) {
    case ObjectKind::Schema: {
      const auto& schema = catalog.schemas.at(id.name.name);
      // public exists in every new database (and may have been dropped): both load.
      if (schema.name == "public") return "CREATE SCHEMA IF NOT EXISTS public;\n";
      return emit::create_schema(schema);
    }
    case ObjectKind::Extension: return emit::create_extension(catalog.extensions.at(id.name.name));
    case ObjectKind::Collation: return emit::create_collation(catalog.collations.at(id.name));
    case ObjectKind::Enum: return emit::create_enum(catalog.enums.at(id.name));
    case ObjectKind::Domain: return emit::create_domain(catalog.domains.at(id.name));
    case ObjectKind::CompositeType: return emit::create_composite(catalog.composite_types.at(id.name));
    case ObjectKind::Sequence: return emit::create_sequence(catalog.sequences.at(id.name));
    case ObjectKind::Table: {
      const auto& table = catalog.tables.at(id.name);
      return emit::create_table(table, table_parts(catalog, table));
    }
    case ObjectKind::View:
    case ObjectKind::MaterializedView: {
      const auto& view = catalog.views.at(id.name);
      return emit::create_view(view) + emit::view_column_defaults(view);
    }
    case ObjectKind::Function:
    case ObjectKind::Procedure: {
      std::string signature = id.name.schema + "." + id.name.name + id.sub;
      return emit::create_function(catalog.functions.at(signature));
    }
    case ObjectKind::Aggregate:
      return emit::create_aggregate(catalog.aggregates.at(id.name.schema + "." + id.name.name + id.sub));
    default: return "";
  }
}

void emit_comments(const ir::Catalog& catalog, ScriptWriter& script) {
  auto comment = [&](const ObjectId& id, const std::optional<std::string>& text) {
    if (text) script.add(emit::comment_on(id, text));
  };
  for (const auto& [name, schema] : catalog.schemas) comment({ObjectKind::Schema, {"", name}, ""}, schema.comment);
  for (const auto& [name, extension] : catalog.extensions) {
    comment({ObjectKind::Extension, {"", name}, ""}, extension.comment);
  }
  for (const auto& [name, collation] : catalog.collations) comment({ObjectKind::Collation, name, ""}, collation.comment);
  for (const auto& [name, type] : catalog.enums) comment({ObjectKind::Enum, name, ""}, type.comment);
  for (const auto& [name, type] : catalog.composite_types) {
    comment({ObjectKind::CompositeType, name, ""}, type.comment);
    for (const auto& attribute : type.attributes) comment({ObjectKind::Column, name, attribute.name}, attribute.comment);
  }
  for (const auto& [name, domain] : catalog.domains) {
    comment({ObjectKind::Domain, name, ""}, domain.comment);
    for (const auto& [check_name, check] : domain.checks) {
      if (check.comment) script.add(emit::comment_on_domain_constraint(name, check_name, check.comment));
    }
  }
  for (const auto& [signature, function] : catalog.functions) comment(emit::object_id(function), function.comment);
  for (const auto& [signature, aggregate] : catalog.aggregates) comment(emit::object_id(aggregate), aggregate.comment);
  for (const auto& [name, sequence] : catalog.sequences) comment({ObjectKind::Sequence, name, ""}, sequence.comment);
  for (const auto& [name, table] : catalog.tables) {
    comment({ObjectKind::Table, name, ""}, table.comment);
    for (const auto& column : table.columns) comment({ObjectKind::Column, name, column.name}, column.comment);
    for (const auto& [constraint_name, constraint] : table.constraints) {
      if (constraint.is_local) comment({ObjectKind::Constraint, name, constraint_name}, constraint.comment);
    }
    for (const auto& [trigger_name, trigger] : table.triggers) {
      comment({ObjectKind::Trigger, name, trigger_name}, trigger.comment);
    }
    for (const auto& [policy_name, policy] : table.policies) comment({ObjectKind::Policy, name, policy_name}, policy.comment);
  }
  for (const auto& [name, index] : catalog.indexes) comment({ObjectKind::Index, name, ""}, index.comment);
  for (const auto& [name, view] : catalog.views) {
    comment(emit::object_id(view), view.comment);
    for (const auto& [column, text] : view.column_comments) comment({ObjectKind::Column, name, column}, text);
    for (const auto& [trigger_name, trigger] : view.triggers) comment({ObjectKind::Trigger, name, trigger_name}, trigger.comment);
  }
}

void emit_owners(const ir::Catalog& catalog, ScriptWriter& script) {
  auto owner = [&](const ObjectId& id, const std::optional<std::string>& role) {
    if (role) script.add(emit::owner_to(id, *role));
  };
  for (const auto& [name, schema] : catalog.schemas) owner({ObjectKind::Schema, {"", name}, ""}, schema.owner);
  for (const auto& [name, collation] : catalog.collations) owner({ObjectKind::Collation, name, ""}, collation.owner);
  for (const auto& [name, type] : catalog.enums) owner({ObjectKind::Enum, name, ""}, type.owner);
  for (const auto& [name, type] : catalog.composite_types) owner({ObjectKind::CompositeType, name, ""}, type.owner);
  for (const auto& [name, domain] : catalog.domains) owner({ObjectKind::Domain, name, ""}, domain.owner);
  for (const auto& [signature, function] : catalog.functions) owner(emit::object_id(function), function.owner);
  for (const auto& [signature, aggregate] : catalog.aggregates) owner(emit::object_id(aggregate), aggregate.owner);
  for (const auto& [name, sequence] : catalog.sequences) owner({ObjectKind::Sequence, name, ""}, sequence.owner);
  for (const auto& [name, table] : catalog.tables) owner({ObjectKind::Table, name, ""}, table.owner);
  for (const auto& [name, view] : catalog.views) owner(emit::object_id(view), view.owner);
}

void emit_privileges(const ir::Catalog& catalog, ScriptWriter& script) {
  auto privileges = [&](const ObjectId& id, const ir::Acl& acl) {
    script.add(emit::acl_change(id, emit::default_acl(id.kind), acl));
  };
  for (const auto& [name, schema] : catalog.schemas) privileges({ObjectKind::Schema, {"", name}, ""}, schema.acl);
  for (const auto& [name, type] : catalog.enums) privileges({ObjectKind::Enum, name, ""}, type.acl);
  for (const auto& [name, type] : catalog.composite_types) privileges({ObjectKind::CompositeType, name, ""}, type.acl);
  for (const auto& [name, domain] : catalog.domains) privileges({ObjectKind::Domain, name, ""}, domain.acl);
  for (const auto& [signature, function] : catalog.functions) privileges(emit::object_id(function), function.acl);
  for (const auto& [signature, aggregate] : catalog.aggregates) privileges(emit::object_id(aggregate), aggregate.acl);
  for (const auto& [name, sequence] : catalog.sequences) privileges({ObjectKind::Sequence, name, ""}, sequence.acl);
  for (const auto& [name, table] : catalog.tables) {
    privileges({ObjectKind::Table, name, ""}, table.acl);
    for (const auto& column : table.columns) privileges({ObjectKind::Column, name, column.name}, column.acl);
  }
  for (const auto& [name, view] : catalog.views) privileges(emit::object_id(view), view.acl);
}

}  // namespace

std::string emit_catalog(const ir::Catalog& catalog, const EmitOptions& options) {
  ScriptWriter script;
  // What pg_dump sets: function bodies are not checked against objects created later. Unlike
  // pg_dump the search_path is not emptied: every name the emitter writes is qualified, but
  // expression and view texts from schema.sql may rely on the default schema.
  script.add(
      "SET statement_timeout = 0;\n"
      "SET client_encoding = 'UTF8';\n"
      "SET standard_conforming_strings = on;\n"
      "SET check_function_bodies = false;\n"
      "SET client_min_messages = warning;\n"
      "SELECT pg_catalog.set_config('search_path', " +
      quote_literal(options.search_path) + ", false);\n");

  for (const auto& id : order_objects(catalog_objects(catalog), catalog_edges(catalog))) {
    script.add(create_object(catalog, id));
  }
  for (const auto& [name, sequence] : catalog.sequences) script.add(emit::sequence_owned_by(sequence));

  for (const auto& [name, index] : catalog.indexes) {
    if (!created_by_parent_index(catalog, index)) script.add(emit::create_index(index));
  }
  // Foreign keys after every table and unique index they reference (pg_dump's loop repair).
  for (const auto& [name, table] : catalog.tables) {
    for (const auto& [constraint_name, constraint] : table.constraints) {
      if (constraint.is_local && !constraint.not_valid && constraint.kind == ir::ConstraintKind::ForeignKey) {
        script.add(emit::add_constraint(name, constraint));
      }
    }
  }
  for (const auto& [name, table] : catalog.tables) script.add(emit::replica_identity(table));
  for (const auto& [name, table] : catalog.tables) {
    for (const auto& [trigger_name, trigger] : table.triggers) {
      script.add(emit::create_trigger(name, trigger) + emit::trigger_enabled(name, trigger));
    }
  }
  for (const auto& [name, view] : catalog.views) {  // INSTEAD OF triggers (views cannot disable them)
    for (const auto& [trigger_name, trigger] : view.triggers) script.add(emit::create_trigger(name, trigger));
  }
  for (const auto& [name, table] : catalog.tables) {
    script.add(emit::table_rls(table));
    for (const auto& [policy_name, policy] : table.policies) script.add(emit::create_policy(name, policy));
  }
  emit_comments(catalog, script);
  if (options.owners) emit_owners(catalog, script);
  if (options.privileges) emit_privileges(catalog, script);

  // Data statements were written against the same default schema.
  if (options.data) {
    for (const auto& statement : catalog.data.value) script.add(statement.sql);
  }
  // NOT VALID constraints are added after the data they must not check (as pg_dump does).
  for (const auto& [name, table] : catalog.tables) {
    for (const auto& [constraint_name, constraint] : table.constraints) {
      if (constraint.is_local && constraint.not_valid) script.add(emit::add_constraint(name, constraint));
    }
  }
  if (options.data && !catalog.data.value.empty()) {
    for (const auto& [name, view] : catalog.views) {
      if (view.materialized && view.with_data) {
        script.add("REFRESH MATERIALIZED VIEW " + quote_qualified(name) + ";\n");
      }
    }
  }
  return script.take();
}

}  // namespace schemactl
