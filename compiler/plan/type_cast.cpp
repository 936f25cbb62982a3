// Type conversion facts for column type changes.
#include "compiler/plan/type_cast.hpp"

#include <map>
#include <optional>
#include <vector>

namespace schemactl::plan {
namespace {

struct Parsed {
  std::string base;             // "character varying", "numeric", "public.mood"
  std::vector<long> modifiers;  // (255) -> {255}; (10,2) -> {10, 2}
  bool array = false;
};

Parsed parse(std::string type) {
  Parsed p;
  if (type.size() > 2 && type.compare(type.size() - 2, 2, "[]") == 0) {
    p.array = true;
    type.resize(type.size() - 2);
  }
  auto open = type.find('(');
  auto quote = type.rfind('"');
  if (open != std::string::npos && type.find(')', open) != std::string::npos &&
      (quote == std::string::npos || quote < open)) {
    auto close = type.find(')', open);
    std::string mods = type.substr(open + 1, close - open - 1);
    size_t pos = 0;
    while (pos < mods.size()) {
      size_t comma = mods.find(',', pos);
      try {
        p.modifiers.push_back(std::stol(mods.substr(pos, comma - pos)));
      } catch (...) {
        p.modifiers.clear();
        break;
      }
      if (comma == std::string::npos) break;
      pos = comma + 1;
    }
    // "timestamp(3) without time zone": the modifier sits in the middle.
    p.base = type.substr(0, open) + type.substr(type.find(')', open) + 1);
  } else {
    p.base = type;
  }
  return p;
}

bool is_string(const std::string& b) {
  return b == "text" || b == "character varying" || b == "character" || b == "bpchar" || b == "name" ||
         b == "\"char\"" || b == "citext";
}

// Numeric ranks: a cast up the list is implicit, down it is an assignment cast.
std::optional<int> numeric_rank(const std::string& b) {
  static const std::map<std::string, int> ranks = {{"smallint", 0}, {"integer", 1}, {"bigint", 2},
                                                   {"numeric", 3},  {"real", 4},    {"double precision", 5}};
  auto it = ranks.find(b);
  if (it == ranks.end()) return std::nullopt;
  return it->second;
}

bool is_time(const std::string& b) {
  return b == "timestamp without time zone" || b == "timestamp with time zone" || b == "date" ||
         b == "time without time zone" || b == "time with time zone";
}

bool is_bits(const std::string& b) { return b == "bit" || b == "bit varying"; }

}  // namespace

bool assignment_castable(const std::string& from, const std::string& to) {
  Parsed a = parse(from), b = parse(to);
  if (a.array != b.array) return false;
  if (a.base == b.base) return true;
  if (is_string(b.base)) return true;  // every type has an assignment I/O cast to string types
  if (is_string(a.base) && is_string(b.base)) return true;
  if (numeric_rank(a.base) && numeric_rank(b.base)) return true;
  if (is_time(a.base) && is_time(b.base)) {
    bool a_time = a.base.rfind("time ", 0) == 0, b_time = b.base.rfind("time ", 0) == 0;
    if (a_time == b_time) return !(a.base == "date" && b_time);  // timestamp/date family; time/timetz
    // timestamp -> time is an assignment cast; time -> timestamp and date <-> time have none.
    return b_time && a.base.rfind("timestamp", 0) == 0;
  }
  if (is_bits(a.base) && is_bits(b.base)) return true;
  if ((a.base == "json" && b.base == "jsonb") || (a.base == "jsonb" && b.base == "json")) return false;
  if ((a.base == "cidr" && b.base == "inet") || (a.base == "inet" && b.base == "cidr")) return true;
  return false;
}

bool binary_coercible(const std::string& from, const std::string& to) {
  Parsed a = parse(from), b = parse(to);
  if (a.array != b.array) return false;
  bool a_var = a.base == "character varying" || a.base == "text";
  bool b_var = b.base == "character varying" || b.base == "text";
  if (a_var && b_var) {
    if (b.modifiers.empty()) return true;  // to text or unbounded varchar
    if (a.modifiers.empty()) return false;
    return b.modifiers[0] >= a.modifiers[0];
  }
  if (a.base == "numeric" && b.base == "numeric") {
    if (b.modifiers.empty()) return true;
    if (a.modifiers.empty() || a.modifiers.size() != b.modifiers.size()) return false;
    long a_scale = a.modifiers.size() > 1 ? a.modifiers[1] : 0, b_scale = b.modifiers.size() > 1 ? b.modifiers[1] : 0;
    return a_scale == b_scale && b.modifiers[0] >= a.modifiers[0];
  }
  if (a.base == b.base && a.modifiers == b.modifiers) return true;  // collation change only
  if ((a.base == "timestamp without time zone" && b.base == "timestamp with time zone")) return false;
  return false;
}

bool narrows(const std::string& from, const std::string& to) {
  Parsed a = parse(from), b = parse(to);
  if (a.array != b.array) return true;
  if (a.base == b.base) {
    if (b.modifiers.empty()) return false;
    if (a.modifiers.empty()) return true;
    for (size_t i = 0; i < std::min(a.modifiers.size(), b.modifiers.size()); ++i)
      if (b.modifiers[i] < a.modifiers[i]) return true;
    return false;
  }
  if (is_string(b.base)) {
    if (!b.modifiers.empty()) return true;  // bounded string
    return false;                           // any value has a text form
  }
  auto ra = numeric_rank(a.base), rb = numeric_rank(b.base);
  if (ra && rb) {
    if (b.base == "numeric") return !b.modifiers.empty();
    return *rb < *ra || *ra == 3;  // down the list, or numeric to a binary type
  }
  if (a.base == "date" && b.base.rfind("timestamp", 0) == 0) return false;
  return true;
}

}  // namespace schemactl::plan
