#include "compiler/types.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <unordered_map>
#include <unordered_set>

#include "compiler/quote.hpp"

namespace schemactl::types {
namespace {

// Interval field bits, as in PostgreSQL's datetime.h (INTERVAL_MASK(x) = 1 << x).
constexpr int64_t kMonth = 1 << 1, kYear = 1 << 2, kDay = 1 << 3, kHour = 1 << 10, kMinute = 1 << 11,
                  kSecond = 1 << 12;
constexpr int64_t kFullRange = 0x7FFF;

std::string interval_fields(int64_t mask) {
  switch (mask) {
    case kYear: return " year";
    case kMonth: return " month";
    case kDay: return " day";
    case kHour: return " hour";
    case kMinute: return " minute";
    case kSecond: return " second";
    case kYear | kMonth: return " year to month";
    case kDay | kHour: return " day to hour";
    case kDay | kHour | kMinute: return " day to minute";
    case kDay | kHour | kMinute | kSecond: return " day to second";
    case kHour | kMinute: return " hour to minute";
    case kHour | kMinute | kSecond: return " hour to second";
    case kMinute | kSecond: return " minute to second";
    default: return "";
  }
}

// Internal and SQL names of pg_catalog types whose format_type spelling differs from the name.
const std::unordered_map<std::string_view, std::string_view>& aliases() {
  static const std::unordered_map<std::string_view, std::string_view> map = {
      {"int2", "smallint"}, {"smallint", "smallint"}, {"int4", "integer"}, {"int", "integer"},
      {"integer", "integer"}, {"int8", "bigint"}, {"bigint", "bigint"}, {"float4", "real"},
      {"real", "real"}, {"float8", "double precision"}, {"float", "double precision"},
      {"bool", "boolean"}, {"boolean", "boolean"}, {"varchar", "character varying"},
      {"decimal", "numeric"}, {"numeric", "numeric"}, {"varbit", "bit varying"},
      {"timestamp", "timestamp without time zone"}, {"timestamptz", "timestamp with time zone"},
      {"time", "time without time zone"}, {"timetz", "time with time zone"},
  };
  return map;
}

const std::unordered_set<std::string_view>& builtin_names() {
  static const std::unordered_set<std::string_view> set = {
      "int2", "int4", "int8", "float4", "float8", "bool", "varchar", "bpchar", "char", "numeric",
      "timestamp", "timestamptz", "time", "timetz", "interval", "bit", "varbit", "text", "bytea",
      "date", "uuid", "json", "jsonb", "jsonpath", "inet", "cidr", "macaddr", "macaddr8", "money",
      "xml", "tsvector", "tsquery", "gtsvector", "oid", "regclass", "regproc", "regprocedure",
      "regtype", "regoper", "regoperator", "regconfig", "regdictionary", "regnamespace", "regrole",
      "regcollation", "name", "point", "line", "lseg", "box", "path", "polygon", "circle",
      "int4range", "int8range", "numrange", "tsrange", "tstzrange", "daterange", "int4multirange",
      "int8multirange", "nummultirange", "tsmultirange", "tstzmultirange", "datemultirange",
      "txid_snapshot", "pg_snapshot", "pg_lsn", "xid", "xid8", "cid", "tid", "record", "trigger",
      "event_trigger", "void", "anyelement", "anyarray", "anynonarray", "anyenum", "anyrange",
      "anymultirange", "anycompatible", "anycompatiblearray", "anycompatiblenonarray",
      "anycompatiblerange", "anycompatiblemultirange", "cstring", "internal", "language_handler",
      "fdw_handler", "index_am_handler", "tsm_handler", "table_am_handler", "pg_node_tree",
      "aclitem", "refcursor", "int2vector", "oidvector", "unknown", "smallint", "integer", "int",
      "bigint", "real", "float", "boolean", "decimal", "pg_ddl_command", "pg_mcv_list",
      "pg_ndistinct", "pg_dependencies", "regnamespace", "any",
  };
  return set;
}

std::string with_precision(std::string_view base, const std::vector<int64_t>& typmods, std::string_view suffix) {
  if (typmods.empty()) return fmt::format("{}{}", base, suffix);
  return fmt::format("{}({}){}", base, typmods[0], suffix);
}

}  // namespace

bool is_builtin(std::string_view name) { return builtin_names().count(name) > 0; }

std::optional<std::string> builtin_spelling(std::string_view name, const std::vector<int64_t>& typmods) {
  if (!is_builtin(name)) return std::nullopt;
  if (name == "char") return std::string("\"char\"");
  if (name == "any") return std::string("\"any\"");  // the pseudo-type of VARIADIC "any" (ANY is reserved)
  if (name == "bpchar") {
    if (typmods.empty()) return std::string("bpchar");
    return fmt::format("character({})", typmods[0]);
  }
  auto it = aliases().find(name);
  std::string_view base = it == aliases().end() ? name : it->second;
  if (base == "character varying" || base == "bit varying") {
    return typmods.empty() ? std::string(base) : fmt::format("{}({})", base, typmods[0]);
  }
  if (base == "bit") return fmt::format("bit({})", typmods.empty() ? 1 : typmods[0]);
  if (base == "numeric") {
    if (typmods.empty()) return std::string("numeric");
    return fmt::format("numeric({},{})", typmods[0], typmods.size() > 1 ? typmods[1] : 0);
  }
  if (base == "timestamp without time zone") return with_precision("timestamp", typmods, " without time zone");
  if (base == "timestamp with time zone") return with_precision("timestamp", typmods, " with time zone");
  if (base == "time without time zone") return with_precision("time", typmods, " without time zone");
  if (base == "time with time zone") return with_precision("time", typmods, " with time zone");
  if (base == "interval") {
    if (typmods.empty()) return std::string("interval");
    int64_t range = typmods[0];
    std::string fields = range == kFullRange ? "" : interval_fields(range);
    if (typmods.size() > 1) {
      if (fields.empty()) return fmt::format("interval({})", typmods[1]);
      return fmt::format("interval{}({})", fields, typmods[1]);
    }
    return "interval" + fields;
  }
  if (base == "double precision" && !typmods.empty()) {
    // float(p): the grammar already chose float4 or float8; nothing to print.
    return std::string(base);
  }
  return std::string(base);
}

std::string user_type_spelling(const ir::QualifiedName& name) { return quote_qualified(name); }

TypeRef canonical_type(json::Element type_name, std::string_view source, const std::string& default_schema,
                       TypeSchemaLookup lookup, const void* lookup_context) {
  TypeRef ref;
  std::vector<std::string> names = json::strings(type_name, "names");
  std::vector<int64_t> typmods;
  bool typmods_literal = true;
  std::vector<std::string> typmod_texts;
  json::each(type_name, "typmods", [&](json::Element mod) {
    auto [kind, fields] = json::node(mod);
    json::Element ival;
    if (kind == "A_Const" && json::get(fields, "ival", ival)) {
      int64_t v = json::integer(ival, "ival", 0);
      typmods.push_back(v);
      typmod_texts.push_back(std::to_string(v));
    } else {
      typmods_literal = false;
      if (kind == "ColumnRef") {
        auto parts = json::strings(fields, "fields");
        typmod_texts.push_back(parts.empty() ? std::string() : parts.back());
      } else if (kind == "A_Const" && json::has(fields, "sval")) {
        json::Element s;
        json::get(fields, "sval", s);
        typmod_texts.push_back(quote_literal(json::str(s, "sval")));
      } else {
        int64_t lo = -1, hi = -1;
        json::location_range(mod, lo, hi);
        typmod_texts.push_back(lo >= 0 ? std::string(source.substr(static_cast<size_t>(lo), 1)) : std::string("?"));
      }
    }
  });
  ref.array = json::count(type_name, "arrayBounds") > 0;
  ref.setof = json::boolean(type_name, "setof");
  (void)typmods_literal;

  std::string schema, name;
  if (names.size() >= 2) {
    schema = names[names.size() - 2];
    name = names.back();
  } else if (!names.empty()) {
    name = names.back();
  }

  std::string element;
  bool builtin = false;
  if (schema.empty() && !ref.array) {
    if (name == "serial" || name == "serial4") ref.serial = "integer";
    else if (name == "bigserial" || name == "serial8") ref.serial = "bigint";
    else if (name == "smallserial" || name == "serial2") ref.serial = "smallint";
  }
  if (!ref.serial.empty()) {
    element = ref.serial;
    builtin = true;
  } else if ((schema.empty() || schema == "pg_catalog") && is_builtin(name)) {
    if (auto spelled = builtin_spelling(name, typmods)) {
      element = *spelled;
      builtin = true;
    }
  }
  if (!builtin) {
    if (schema.empty()) {
      std::string found = lookup ? lookup(lookup_context, name) : std::string();
      schema = found.empty() ? default_schema : found;
    }
    ir::QualifiedName qn{schema, name};
    ref.user = qn;
    element = user_type_spelling(qn);
    if (!typmod_texts.empty()) {
      element += "(";
      for (size_t i = 0; i < typmod_texts.size(); ++i) element += (i ? "," : "") + typmod_texts[i];
      element += ")";
    }
  }
  ref.spelling = element;
  if (ref.array) ref.spelling += "[]";
  if (ref.setof) ref.spelling = "SETOF " + ref.spelling;
  return ref;
}

}  // namespace schemactl::types
