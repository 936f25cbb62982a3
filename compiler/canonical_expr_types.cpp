// Built-in result types and implicit numeric casts, from PostgreSQL 15's catalogs (pg_proc,
// pg_operator, pg_cast) as the parser's func_select_candidate/oper_select_candidate use them;
// checked against pg_get_expr output (tests/unit/canonical_expr_test.cpp).
#include "compiler/canonical_expr_types.hpp"

#include <utility>

namespace schemactl {

std::string_view builtin_function_type(std::string_view name) {
  // Only functions whose overloads all return one type: a cast of their result to that type is
  // a no-op the server drops (current_setting('x')::text is stored as current_setting('x')).
  static constexpr std::pair<std::string_view, std::string_view> kResults[] = {
      {"current_setting", "text"},
      {"concat", "text"},
      {"concat_ws", "text"},
      {"format", "text"},
      {"quote_ident", "text"},
      {"quote_literal", "text"},
      {"quote_nullable", "text"},
      {"initcap", "text"},
      {"md5", "text"},
      {"to_char", "text"},
      {"replace", "text"},
      {"translate", "text"},
      {"repeat", "text"},
      {"lpad", "text"},
      {"rpad", "text"},
      {"left", "text"},
      {"right", "text"},
      {"reverse", "text"},
      {"split_part", "text"},
      {"chr", "text"},
      {"to_hex", "text"},
      {"encode", "text"},
      {"regexp_replace", "text"},
      {"array_to_string", "text"},
      {"jsonb_extract_path_text", "text"},
      {"json_extract_path_text", "text"},
      {"jsonb_typeof", "text"},
      {"json_typeof", "text"},
      {"timeofday", "text"},
      {"version", "text"},
      {"now", "timestamp with time zone"},
      {"clock_timestamp", "timestamp with time zone"},
      {"statement_timestamp", "timestamp with time zone"},
      {"transaction_timestamp", "timestamp with time zone"},
      {"gen_random_uuid", "uuid"},
      {"random", "double precision"},
      {"date_part", "double precision"},
      {"extract", "numeric"},
      {"char_length", "integer"},
      {"character_length", "integer"},
      {"octet_length", "integer"},
      {"array_length", "integer"},
      {"cardinality", "integer"},
      {"nextval", "bigint"},
      {"currval", "bigint"},
      {"lastval", "bigint"},
      {"setval", "bigint"},
      {"count", "bigint"},
      {"jsonb_build_object", "jsonb"},
      {"jsonb_build_array", "jsonb"},
      {"to_jsonb", "jsonb"},
      {"json_build_object", "json"},
      {"json_build_array", "json"},
      {"to_json", "json"},
      {"row_to_json", "json"},
      {"to_tsvector", "tsvector"},
      {"to_tsquery", "tsquery"},
      {"plainto_tsquery", "tsquery"},
      {"phraseto_tsquery", "tsquery"},
      {"websearch_to_tsquery", "tsquery"},
  };
  for (const auto& [function, type] : kResults) {
    if (function == name) return type;
  }
  return {};
}

std::string_view sql_value_function_type(std::string_view op) {
  static constexpr std::pair<std::string_view, std::string_view> kResults[] = {
      {"SVFOP_CURRENT_DATE", "date"},
      {"SVFOP_CURRENT_TIME", "time with time zone"},
      {"SVFOP_CURRENT_TIME_N", "time with time zone"},
      {"SVFOP_CURRENT_TIMESTAMP", "timestamp with time zone"},
      {"SVFOP_CURRENT_TIMESTAMP_N", "timestamp with time zone"},
      {"SVFOP_LOCALTIME", "time without time zone"},
      {"SVFOP_LOCALTIME_N", "time without time zone"},
      {"SVFOP_LOCALTIMESTAMP", "timestamp without time zone"},
      {"SVFOP_LOCALTIMESTAMP_N", "timestamp without time zone"},
      {"SVFOP_CURRENT_ROLE", "name"},
      {"SVFOP_CURRENT_USER", "name"},
      {"SVFOP_USER", "name"},
      {"SVFOP_SESSION_USER", "name"},
      {"SVFOP_CURRENT_CATALOG", "name"},
      {"SVFOP_CURRENT_SCHEMA", "name"},
  };
  for (const auto& [name, type] : kResults) {
    if (name == op) return type;
  }
  return {};
}

int numeric_rank(std::string_view type) {
  if (type == "smallint") return 0;
  if (type == "integer") return 1;
  if (type == "bigint") return 2;
  if (type == "numeric" || (type.substr(0, 8) == "numeric(" && type.back() == ')')) return 3;
  if (type == "real") return 4;
  if (type == "double precision") return 5;
  return -1;
}

std::string_view implicit_operand_cast(std::string_view from, std::string_view other) {
  int a = numeric_rank(from);
  int b = numeric_rank(other);
  if (a < 0 || b < 0 || a >= b) return {};
  if (b == 3) return a <= 2 ? "numeric" : "";
  // No operator takes numeric or an integer type together with a float type: both go to
  // double precision (int4 * float4 resolves to float8mul, see pg_get_expr: (i)::double precision * r).
  if (b >= 4) return a <= 3 ? "double precision" : "";
  return {};  // integer types among themselves have cross-type operators
}

std::string arithmetic_result_type(std::string_view left, std::string_view right) {
  int a = numeric_rank(left);
  int b = numeric_rank(right);
  if (a < 0 || b < 0) return {};
  static constexpr std::string_view kNames[] = {"smallint", "integer", "bigint", "numeric", "real", "double precision"};
  int high = a > b ? a : b;
  int low = a > b ? b : a;
  if (high >= 4 && low <= 3) return "double precision";
  return std::string(kNames[high]);
}

}  // namespace schemactl
