// Partition bounds as the server prints them (pg_get_expr on relpartbound): each bound value is
// read by the type of its partition key column, so FROM ('2024-01-01') on a timestamp key is
// printed FROM ('2024-01-01 00:00:00'), and a timestamptz bound with an offset as its UTC instant.
#pragma once

#include <string>
#include <vector>

namespace schemactl {

// The key columns of a partition key as pg_get_partkeydef prints it ("RANGE (a, \"B\")"): the
// column name for each plain column, empty for an expression key.
std::vector<std::string> partition_key_columns(const std::string& partition_by);

// `bound` ("FOR VALUES FROM ('a', 1) TO (...)", "FOR VALUES IN (...)", as the compiler writes it)
// with every quoted value rewritten by canonical_literal() for the key column's type at its
// position (`key_types`, format_type spelling, empty when unknown). Values a rule cannot decide
// and bounds of another form are returned unchanged.
std::string canonical_partition_bound(const std::string& bound, const std::vector<std::string>& key_types);

}  // namespace schemactl
