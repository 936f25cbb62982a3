// Schemas, extensions, enum/composite types, domains and sequences.
#include <fmt/format.h>

#include <limits>

#include "compiler/emit_objects.hpp"
#include "compiler/emit_util.hpp"
#include "compiler/quote.hpp"

namespace schemactl::emit {
namespace {

using detail::expr_text;
using detail::join;

int64_t type_max(const std::string& type) {
  if (type == "smallint") return std::numeric_limits<int16_t>::max();
  if (type == "integer") return std::numeric_limits<int32_t>::max();
  return std::numeric_limits<int64_t>::max();
}

int64_t type_min(const std::string& type) {
  if (type == "smallint") return std::numeric_limits<int16_t>::min();
  if (type == "integer") return std::numeric_limits<int32_t>::min();
  return std::numeric_limits<int64_t>::min();
}

std::string check_clause(const ir::CheckConstraint& check) {
  return "CONSTRAINT " + quote_ident(check.name) + " CHECK (" + expr_text(check.expr) + ")";
}

}  // namespace

std::string create_schema(const ir::Schema& schema) {
  return "CREATE SCHEMA " + quote_ident(schema.name) + ";\n";
}

std::string drop_schema(const std::string& name) { return "DROP SCHEMA " + quote_ident(name) + ";\n"; }

// IF NOT EXISTS as pg_dump writes it: plpgsql and other preinstalled extensions may already be there.
std::string create_extension(const ir::Extension& extension) {
  std::string out = "CREATE EXTENSION IF NOT EXISTS " + quote_ident(extension.name);
  if (!extension.schema.empty()) out += " WITH SCHEMA " + quote_ident(extension.schema);
  if (extension.version) out += " VERSION " + quote_literal(*extension.version);
  return out + ";\n";
}

std::string drop_extension(const std::string& name) { return "DROP EXTENSION " + quote_ident(name) + ";\n"; }

std::string create_enum(const ir::EnumType& type) {
  std::string out = "CREATE TYPE " + quote_qualified(type.name) + " AS ENUM (";
  for (size_t i = 0; i < type.labels.size(); ++i) {
    out += i ? ",\n    " : "\n    ";
    out += quote_literal(type.labels[i]);
  }
  out += type.labels.empty() ? ");\n" : "\n);\n";
  return out;
}

std::string add_enum_value(const ir::QualifiedName& type, const std::string& label,
                           const std::optional<std::string>& before, const std::optional<std::string>& after) {
  std::string out = "ALTER TYPE " + quote_qualified(type) + " ADD VALUE " + quote_literal(label);
  if (before) out += " BEFORE " + quote_literal(*before);
  else if (after) out += " AFTER " + quote_literal(*after);
  return out + ";\n";
}

std::string create_composite(const ir::CompositeType& type) {
  std::string out = "CREATE TYPE " + quote_qualified(type.name) + " AS (";
  for (size_t i = 0; i < type.attributes.size(); ++i) {
    const auto& attribute = type.attributes[i];
    out += i ? ",\n    " : "\n    ";
    out += quote_ident(attribute.name) + " " + attribute.type;
    if (attribute.collation) out += " COLLATE " + *attribute.collation;
  }
  out += type.attributes.empty() ? ");\n" : "\n);\n";
  return out;
}

std::string drop_type(const ir::QualifiedName& type) { return "DROP TYPE " + quote_qualified(type) + ";\n"; }

std::string create_domain(const ir::Domain& domain) {
  std::string out = "CREATE DOMAIN " + quote_qualified(domain.name) + " AS " + domain.base_type;
  if (domain.collation) out += " COLLATE " + *domain.collation;
  if (domain.default_expr) out += "\n    DEFAULT " + expr_text(*domain.default_expr);
  if (domain.not_null) out += "\n    NOT NULL";
  std::string later;
  for (const auto& [name, check] : domain.checks) {
    if (check.not_valid) later += add_domain_constraint(domain.name, check);
    else out += "\n    " + check_clause(check);
  }
  return detail::terminate(out) + later;
}

std::string drop_domain(const ir::QualifiedName& domain) { return "DROP DOMAIN " + quote_qualified(domain) + ";\n"; }

std::string add_domain_constraint(const ir::QualifiedName& domain, const ir::CheckConstraint& check) {
  std::string out = "ALTER DOMAIN " + quote_qualified(domain) + " ADD " + check_clause(check);
  if (check.not_valid) out += " NOT VALID";
  return out + ";\n";
}

std::string drop_domain_constraint(const ir::QualifiedName& domain, const std::string& name) {
  return "ALTER DOMAIN " + quote_qualified(domain) + " DROP CONSTRAINT " + quote_ident(name) + ";\n";
}

// pg_dump's order and spelling; NO MINVALUE/NO MAXVALUE stand for the type's defaults, which
// depend on the direction (a descending sequence defaults to [type min, -1]).
std::string sequence_options(const ir::SequenceOptions& options, const std::string& separator) {
  bool ascending = options.increment > 0;
  int64_t default_min = ascending ? 1 : type_min(options.type);
  int64_t default_max = ascending ? type_max(options.type) : -1;
  std::vector<std::string> parts;
  parts.push_back(fmt::format("START WITH {}", options.start));
  parts.push_back(fmt::format("INCREMENT BY {}", options.increment));
  parts.push_back(options.min_value == default_min ? "NO MINVALUE" : fmt::format("MINVALUE {}", options.min_value));
  parts.push_back(options.max_value == default_max ? "NO MAXVALUE" : fmt::format("MAXVALUE {}", options.max_value));
  parts.push_back(fmt::format("CACHE {}", options.cache));
  if (options.cycle) parts.push_back("CYCLE");
  return join(parts, separator);
}

std::string create_sequence(const ir::Sequence& sequence) {
  std::string out = sequence.unlogged ? "CREATE UNLOGGED SEQUENCE " : "CREATE SEQUENCE ";
  out += quote_qualified(sequence.name);
  if (sequence.options.type != "bigint") out += "\n    AS " + sequence.options.type;
  out += "\n    " + sequence_options(sequence.options, "\n    ");
  return out + ";\n";
}

std::string alter_sequence(const ir::QualifiedName& sequence, const ir::SequenceOptions& options) {
  return "ALTER SEQUENCE " + quote_qualified(sequence) + " AS " + options.type + " " + sequence_options(options, " ") +
         (options.cycle ? "" : " NO CYCLE") + ";\n";
}

std::string sequence_owned_by(const ir::Sequence& sequence) {
  if (!sequence.owned_by_table || !sequence.owned_by_column) return "";
  return "ALTER SEQUENCE " + quote_qualified(sequence.name) + " OWNED BY " + quote_qualified(*sequence.owned_by_table) +
         "." + quote_ident(*sequence.owned_by_column) + ";\n";
}

std::string drop_sequence(const ir::QualifiedName& sequence) {
  return "DROP SEQUENCE " + quote_qualified(sequence) + ";\n";
}

}  // namespace schemactl::emit
