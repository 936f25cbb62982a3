#include "runtime/load_source_map.hpp"

#include <variant>

#include "compiler/pg_parse.hpp"

namespace schemactl::runtime {

namespace {

using simdjson::dom::element;

std::string text_field(element node, const char* key) {
  std::string_view value;
  if (node[key].get_string().get(value) != simdjson::SUCCESS) return "";
  return std::string(value);
}

// ["public", "t"] from a list of {"String": {"sval": ...}} nodes.
std::vector<std::string> name_list(element list) {
  std::vector<std::string> out;
  simdjson::dom::array items;
  if (list.get_array().get(items) != simdjson::SUCCESS) return out;
  for (element item : items) out.push_back(text_field(item["String"], "sval"));
  return out;
}

ir::QualifiedName qualified(const std::vector<std::string>& parts) {
  if (parts.empty()) return {};
  if (parts.size() == 1) return {"public", parts[0]};
  return {parts[parts.size() - 2], parts.back()};
}

ir::QualifiedName range_var(element node) {
  std::string schema = text_field(node, "schemaname");
  return {schema.empty() ? "public" : schema, text_field(node, "relname")};
}

// The first RangeVar anywhere in the tree (depth first).
std::optional<ir::QualifiedName> first_relation(element node) {
  simdjson::dom::object object;
  simdjson::dom::array array;
  if (node.get_object().get(object) == simdjson::SUCCESS) {
    std::string_view relname;
    if (object["relname"].get_string().get(relname) == simdjson::SUCCESS) return range_var(node);
    for (auto field : object) {
      if (auto found = first_relation(field.value)) return found;
    }
  } else if (node.get_array().get(array) == simdjson::SUCCESS) {
    for (element item : array) {
      if (auto found = first_relation(item)) return found;
    }
  }
  return std::nullopt;
}

template <typename Map>
ir::SourceSpan lookup(const Map& map, const ir::QualifiedName& name) {
  auto found = map.find(name);
  return found == map.end() ? ir::SourceSpan{} : found->second.span.value;
}

ir::SourceSpan relation_span(const ir::Catalog& catalog, const ir::QualifiedName& name) {
  for (ir::SourceSpan span : {lookup(catalog.tables, name), lookup(catalog.views, name), lookup(catalog.sequences, name),
                              lookup(catalog.indexes, name), lookup(catalog.composite_types, name)}) {
    if (span.known()) return span;
  }
  return {};
}

}  // namespace

ir::SourceSpan span_of_statement(const ir::Catalog& catalog, std::string_view statement) {
  auto parsed = pg::parse(statement);
  auto* tree = std::get_if<pg::ParseTree>(&parsed);
  if (!tree) return {};
  simdjson::dom::array statements = tree->statements();
  for (element wrapper : statements) {
    simdjson::dom::object stmt;
    if (wrapper["stmt"].get_object().get(stmt) != simdjson::SUCCESS) continue;
    for (auto [kind, node] : stmt) {
      if (kind == "IndexStmt") {
        std::string name = text_field(node, "idxname");
        ir::QualifiedName table = range_var(node["relation"].value_unsafe());
        auto span = lookup(catalog.indexes, ir::QualifiedName{table.schema, name});
        if (span.known()) return span;
      } else if (kind == "CreateFunctionStmt") {
        ir::QualifiedName name = qualified(name_list(node["funcname"].value_unsafe()));
        for (const auto& [signature, function] : catalog.functions) {
          if (function.name == name && function.span.value.known()) return function.span.value;
        }
      } else if (kind == "DefineStmt" && text_field(node, "kind") == "OBJECT_AGGREGATE") {
        ir::QualifiedName name = qualified(name_list(node["defnames"].value_unsafe()));
        for (const auto& [signature, aggregate] : catalog.aggregates)
          if (aggregate.name == name && aggregate.span.value.known()) return aggregate.span.value;
      } else if (kind == "CreateEnumStmt") {
        auto span = lookup(catalog.enums, qualified(name_list(node["typeName"].value_unsafe())));
        if (span.known()) return span;
      } else if (kind == "CreateDomainStmt") {
        auto span = lookup(catalog.domains, qualified(name_list(node["domainname"].value_unsafe())));
        if (span.known()) return span;
      } else if (kind == "CreateSchemaStmt") {
        auto found = catalog.schemas.find(text_field(node, "schemaname"));
        if (found != catalog.schemas.end() && found->second.span.value.known()) return found->second.span.value;
      } else if (kind == "CreateTrigStmt" || kind == "CreatePolicyStmt") {
        ir::QualifiedName table = range_var(node[kind == "CreateTrigStmt" ? "relation" : "table"].value_unsafe());
        auto found = catalog.tables.find(table);
        if (found != catalog.tables.end()) {
          std::string name = text_field(node, kind == "CreateTrigStmt" ? "trigname" : "policy_name");
          if (auto t = found->second.triggers.find(name); t != found->second.triggers.end() && t->second.span.value.known())
            return t->second.span.value;
          if (auto p = found->second.policies.find(name); p != found->second.policies.end() && p->second.span.value.known())
            return p->second.span.value;
        }
      } else if (kind == "AlterTableStmt") {
        // ADD CONSTRAINT: the constraint's own place, when the compiler recorded it.
        ir::QualifiedName table = range_var(node["relation"].value_unsafe());
        auto found = catalog.tables.find(table);
        simdjson::dom::array commands;
        if (found != catalog.tables.end() && node["cmds"].get_array().get(commands) == simdjson::SUCCESS) {
          for (element command : commands) {
            std::string name = text_field(command["AlterTableCmd"]["def"]["Constraint"], "conname");
            auto constraint = found->second.constraints.find(name);
            if (constraint != found->second.constraints.end() && constraint->second.span.value.known())
              return constraint->second.span.value;
          }
        }
      }
      if (auto relation = first_relation(node)) {
        auto span = relation_span(catalog, *relation);
        if (span.known()) return span;
      }
    }
  }
  return {};
}

}  // namespace schemactl::runtime
