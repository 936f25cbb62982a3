// Partition bound values read by their key column's type (see canonical_partition_bound.hpp).
#include "compiler/canonical_partition_bound.hpp"

#include <cctype>

#include "compiler/canonical_expr_literal.hpp"
#include "compiler/quote.hpp"

namespace schemactl {
namespace {

// Splits "a, 'b,c', f(1, 2)" at its top-level commas (quotes and parentheses respected).
std::vector<std::string> split_top_level(const std::string& s) {
  std::vector<std::string> out(1);
  int depth = 0;
  char quote = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '(') {
      ++depth;
    } else if (c == ')') {
      --depth;
    } else if (c == ',' && depth == 0) {
      out.emplace_back();
      if (i + 1 < s.size() && s[i + 1] == ' ') ++i;
      continue;
    }
    out.back() += c;
  }
  return out;
}

// The value of a single SQL string literal ('it''s' -> it's); false when `s` is anything else.
bool unquote(const std::string& s, std::string& value) {
  if (s.size() < 2 || s.front() != '\'' || s.back() != '\'') return false;
  value.clear();
  for (size_t i = 1; i + 1 < s.size(); ++i) {
    if (s[i] == '\'') {
      if (i + 2 >= s.size() || s[i + 1] != '\'') return false;
      ++i;
    }
    value += s[i];
  }
  return true;
}

bool is_number_type(const std::string& type) {
  return type == "smallint" || type == "integer" || type == "bigint" || type.rfind("numeric", 0) == 0;
}

// One bound value as get_const_expr prints it without a type label: numbers bare unless
// negative ('-5'), booleans as true/false, everything else quoted.
std::string canonical_value(const std::string& written, const std::string& type) {
  std::string value;
  bool quoted = unquote(written, value);
  if (!quoted) value = written;
  if (type == "boolean") {
    std::string v;
    for (char c : value) v += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (v == "t" || v == "true" || v == "y" || v == "yes" || v == "on" || v == "1") return "true";
    if (v == "f" || v == "false" || v == "n" || v == "no" || v == "off" || v == "0") return "false";
    return written;
  }
  if (type.empty() || (!quoted && !is_number_type(type))) return written;
  auto printed = canonical_literal(value, type);
  if (!printed) return written;
  if (is_number_type(type) && printed->front() != '-') return *printed;
  return quote_literal(*printed);
}

// "(v1, v2)" starting at `open` with each quoted value canonicalized; `end` is set past ')'.
std::string canonical_list(const std::string& bound, size_t open, size_t& end, const std::vector<std::string>& types) {
  int depth = 0;
  char quote = 0;
  size_t close = std::string::npos;
  for (size_t i = open; i < bound.size(); ++i) {
    char c = bound[i];
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '(') {
      ++depth;
    } else if (c == ')' && --depth == 0) {
      close = i;
      break;
    }
  }
  if (close == std::string::npos) {
    end = bound.size();
    return bound.substr(open);
  }
  end = close + 1;
  auto values = split_top_level(bound.substr(open + 1, close - open - 1));
  std::string out = "(";
  for (size_t k = 0; k < values.size(); ++k) {
    if (k) out += ", ";
    // A LIST bound's values all belong to the single key column.
    const std::string& type = types.size() == 1 ? types[0] : k < types.size() ? types[k] : std::string();
    out += canonical_value(values[k], type);
  }
  return out + ")";
}

}  // namespace

std::vector<std::string> partition_key_columns(const std::string& partition_by) {
  std::vector<std::string> out;
  size_t open = partition_by.find('(');
  if (open == std::string::npos || partition_by.back() != ')') return out;
  for (const std::string& item : split_top_level(partition_by.substr(open + 1, partition_by.size() - open - 2))) {
    std::string name;
    if (!item.empty() && item.front() == '"') {
      size_t i = 1;
      for (; i < item.size(); ++i) {
        if (item[i] == '"') {
          if (i + 1 < item.size() && item[i + 1] == '"') name += '"', ++i;
          else break;
        } else {
          name += item[i];
        }
      }
    } else if (!item.empty() && item.front() != '(') {
      size_t space = item.find(' ');
      name = item.substr(0, space);
      if (name.find('(') != std::string::npos) name.clear();  // a function call key
    }
    out.push_back(name);
  }
  return out;
}

std::string canonical_partition_bound(const std::string& bound, const std::vector<std::string>& key_types) {
  std::string out;
  size_t i = 0;
  while (i < bound.size()) {
    if (bound[i] == '(') {
      size_t end = i;
      out += canonical_list(bound, i, end, key_types);
      i = end;
    } else if (bound[i] == '\'') {
      return bound;  // a value outside a list: not a form written here
    } else {
      out += bound[i++];
    }
  }
  return out;
}

}  // namespace schemactl
