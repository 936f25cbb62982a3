// Serial columns: a column whose default draws from a sequence it owns, created exactly as
// `serial` creates it. A new table with such a column is written as one CREATE TABLE with
// `serial` (as the user wrote it, and as pg_dump's readers expect) instead of CREATE SEQUENCE,
// CREATE TABLE and ALTER SEQUENCE ... OWNED BY.
#include <limits>

#include "compiler/diff/differ.hpp"
#include "compiler/quote.hpp"

namespace schemactl::diff::detail {
namespace {

// The options `serial`, `bigserial` and `smallserial` give their sequence.
std::optional<ir::SequenceOptions> serial_options(const std::string& column_type) {
  ir::SequenceOptions o;
  o.type = column_type;
  if (column_type == "integer") o.max_value = std::numeric_limits<int32_t>::max();
  else if (column_type == "smallint") o.max_value = std::numeric_limits<int16_t>::max();
  else if (column_type != "bigint") return std::nullopt;
  return o;
}

bool draws_from(const ir::Column& column, const ir::QualifiedName& sequence) {
  if (!column.default_expr) return false;
  const std::string& text = column.default_expr->text;
  return text == "nextval(" + quote_literal(quote_qualified(sequence)) + "::regclass)";
}

}  // namespace

const ir::Sequence* serial_sequence(const ir::Catalog& catalog, const ir::Table& table, const ir::Column& column) {
  if (!column.not_null || column.identity || column.generated || !column.is_local) return nullptr;
  if (table.partition_of || !table.inherits.empty()) return nullptr;
  ir::QualifiedName name{table.name.schema, table.name.name + "_" + column.name + "_seq"};
  if (name.name.size() > 63) return nullptr;  // PostgreSQL would truncate and pick its own name
  auto it = catalog.sequences.find(name);
  if (it == catalog.sequences.end()) return nullptr;
  const ir::Sequence& s = it->second;
  auto options = serial_options(column.type);
  if (!options || !(s.options == *options)) return nullptr;
  if (s.owned_by_table != table.name || s.owned_by_column != column.name) return nullptr;
  if (s.unlogged != table.unlogged || s.comment || !s.acl.empty()) return nullptr;
  if (s.owner && table.owner && *s.owner != *table.owner) return nullptr;
  return draws_from(column, name) ? &s : nullptr;
}

bool make_serial(Differ& d, const ir::Table& table, ir::Column& column) {
  const ir::Sequence* sequence = serial_sequence(d.to, table, column);
  // An existing sequence of that name would make PostgreSQL pick another name for the new one.
  if (!sequence || d.from.sequences.count(sequence->name)) return false;
  column.type = column.type == "integer" ? "serial" : column.type == "bigint" ? "bigserial" : "smallserial";
  column.default_expr.reset();
  d.serial_sequences.insert(sequence->name);
  return true;
}

}  // namespace schemactl::diff::detail
