#include "compiler/expr_type_name.hpp"

#include "compiler/types.hpp"

#include <algorithm>
#include <cstdlib>
#include <utility>

namespace schemactl {
namespace {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

// The parser's internal names and SQL aliases, mapped to format_type()'s output
// (src/backend/utils/adt/format_type.c).
constexpr std::pair<std::string_view, std::string_view> kBuiltinSpellings[] = {
    {"int2", "smallint"},
    {"int4", "integer"},
    {"int", "integer"},
    {"int8", "bigint"},
    {"float4", "real"},
    {"float8", "double precision"},
    {"bool", "boolean"},
    {"varchar", "character varying"},
    {"varbit", "bit varying"},
    {"timestamp", "timestamp without time zone"},
    {"timestamptz", "timestamp with time zone"},
    {"time", "time without time zone"},
    {"timetz", "time with time zone"},
    {"decimal", "numeric"},
    {"serial4", "integer"},
    {"serial8", "bigint"},
    {"serial2", "smallint"},
    {"smallserial", "smallint"},
    {"serial", "integer"},
    {"bigserial", "bigint"},
    {"dec", "numeric"},
};

// Type modifiers are integer constants; libpg_query's JSON omits an ival of 0.
std::vector<std::string> typmods_of(object type) {
  std::vector<std::string> out;
  array mods;
  if (type["typmods"].get(mods) != simdjson::SUCCESS) return out;
  for (element mod : mods) {
    element value;
    if (mod["A_Const"]["ival"].get(value) == simdjson::SUCCESS) {
      int64_t n = 0;
      if (value["ival"].get(n) != simdjson::SUCCESS) n = 0;
      out.push_back(std::to_string(n));
    } else if (mod["A_Const"]["sval"]["sval"].get(value) == simdjson::SUCCESS) {
      out.emplace_back(value.get_string().value());
    } else if (mod["ColumnRef"]["fields"].get(value) == simdjson::SUCCESS) {
      // Type modifiers written as identifiers (rare; e.g. PostGIS geometry(Point, 4326)).
      std::string name;
      for (element field : value.get_array()) {
        std::string_view s;
        if (field["String"]["sval"].get(s) == simdjson::SUCCESS) name += s;
      }
      out.push_back(name);
    }
  }
  return out;
}

std::string joined(const std::vector<std::string>& parts, std::string_view separator) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i) out += separator;
    out += parts[i];
  }
  return out;
}

}  // namespace

std::string_view builtin_type_spelling(std::string_view name) {
  for (const auto& [alias, spelling] : kBuiltinSpellings) {
    if (alias == name) return spelling;
  }
  return name;
}

std::string canonical_type_name(element type_name, const std::vector<std::string>& default_schemas) {
  object type;
  if (type_name.get(type) != simdjson::SUCCESS) return "?";
  std::vector<std::string> names;
  array name_list;
  if (type["names"].get(name_list) == simdjson::SUCCESS) {
    for (element n : name_list) {
      std::string_view s;
      if (n["String"]["sval"].get(s) == simdjson::SUCCESS) names.emplace_back(s);
    }
  }
  // pg_catalog and the default schemas are implied (format_type under an empty search_path
  // prints built-ins bare; the compiler treats default-schema names as unqualified).
  if (names.size() > 1) {
    const std::string& schema = names.front();
    if (schema == "pg_catalog" ||
        std::find(default_schemas.begin(), default_schemas.end(), schema) != default_schemas.end()) {
      names.erase(names.begin());
    }
  }
  std::vector<std::string> mods = typmods_of(type);
  std::string out;
  bool builtin = names.size() == 1;
  std::string base = builtin ? std::string(builtin_type_spelling(names.front())) : joined(names, ".");
  if (builtin && base == "bpchar") {
    // CHARACTER without a length is character(1) at the grammar level; bare bpchar stays bpchar.
    out = mods.empty() ? "bpchar" : "character(" + mods.front() + ")";
  } else if (builtin && (base == "timestamp without time zone" || base == "timestamp with time zone" ||
                         base == "time without time zone" || base == "time with time zone")) {
    // format_type puts the precision inside: timestamp(3) with time zone.
    size_t space = base.find(' ');
    out = mods.empty() ? base : base.substr(0, space) + "(" + mods.front() + ")" + base.substr(space);
  } else if (builtin && base == "interval") {
    // format_type's spelling of the field mask and precision (interval '1' year is a cast to
    // "interval year"), so that literals can be read with the type's field qualifier.
    std::vector<int64_t> numbers;
    for (const auto& m : mods) numbers.push_back(std::atoll(m.c_str()));
    out = types::builtin_spelling("interval", numbers).value_or(base);
  } else {
    out = mods.empty() ? base : base + "(" + joined(mods, ",") + ")";
  }
  array bounds;
  if (type["arrayBounds"].get(bounds) == simdjson::SUCCESS) {
    // format_type prints every array as [] regardless of declared dimensions.
    if (bounds.size() > 0) out += "[]";
  }
  bool setof = false;
  if (type["setof"].get(setof) == simdjson::SUCCESS && setof) out = "SETOF " + out;
  bool pct = false;
  if (type["pct_type"].get(pct) == simdjson::SUCCESS && pct) out += "%TYPE";
  return out;
}

}  // namespace schemactl
