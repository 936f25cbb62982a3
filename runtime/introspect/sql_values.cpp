// Decoding of the text forms the catalog queries return (arrays, vectors, ACL entries, bytea).
#include <fmt/format.h>
#include <simdjson.h>

#include <charconv>
#include <cstdlib>

#include "runtime/introspect/context.hpp"

namespace schemactl::runtime::introspect_detail {

std::vector<std::string> parse_text_array(std::string_view s) {
  std::vector<std::string> out;
  if (s.size() < 2 || s.front() != '{' || s.back() != '}') {
    throw DatabaseError(fmt::format("introspection: unexpected array text: {}", s));
  }
  size_t i = 1;
  const size_t end = s.size() - 1;
  while (i < end) {
    std::string element;
    if (s[i] == '"') {
      ++i;
      while (i < end && s[i] != '"') {
        if (s[i] == '\\' && i + 1 < end) ++i;
        element += s[i++];
      }
      ++i;  // closing quote
    } else {
      size_t start = i;
      while (i < end && s[i] != ',') ++i;
      element.assign(s.substr(start, i - start));
      if (element == "NULL") element.clear();
    }
    out.push_back(std::move(element));
    if (i < end && s[i] == ',') ++i;
  }
  return out;
}

std::vector<int64_t> parse_int_vector(std::string_view s) {
  std::vector<int64_t> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '{' || s[i] == '}' || s[i] == ',')) ++i;
    if (i >= s.size()) break;
    int64_t value = 0;
    auto [ptr, ec] = std::from_chars(s.data() + i, s.data() + s.size(), value);
    if (ec != std::errc()) throw DatabaseError(fmt::format("introspection: unexpected vector text: {}", s));
    out.push_back(value);
    i = static_cast<size_t>(ptr - s.data());
  }
  return out;
}

char letter_at(const Result& res, int row, int column, char fallback) {
  std::string_view text = res.get(row, column);
  return text.empty() ? fallback : text[0];
}

ir::Acl parse_acl(std::string_view literal) {
  ir::Acl acl;
  if (literal.empty()) return acl;
  for (const auto& entry : parse_text_array(literal)) {
    auto first = entry.find('\x1f');
    auto second = entry.rfind('\x1f');
    if (first == std::string::npos || second == first) {
      throw DatabaseError(fmt::format("introspection: unexpected ACL entry: {}", entry));
    }
    acl.insert(ir::Privilege{entry.substr(0, first), entry.substr(first + 1, second - first - 1),
                             entry.substr(second + 1) == "t"});
  }
  return acl;
}

std::string decode_bytea(std::string_view hex) {
  if (hex.size() < 2 || hex[0] != '\\' || hex[1] != 'x') {
    throw DatabaseError(fmt::format("introspection: unexpected bytea text: {}", hex));
  }
  std::string out;
  out.reserve((hex.size() - 2) / 2);
  for (size_t i = 2; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<char>(std::strtol(std::string(hex.substr(i, 2)).c_str(), nullptr, 16)));
  }
  return out;
}

std::vector<std::optional<std::string>> parse_json_row(std::string_view json) {
  // One parser per thread, reused: a parser allocates its buffers on first use, and a large
  // catalog has tens of thousands of these rows.
  thread_local simdjson::dom::parser parser;
  simdjson::padded_string padded(json);
  simdjson::dom::array row;
  if (parser.parse(padded).get_array().get(row) != simdjson::SUCCESS) {
    throw DatabaseError(fmt::format("introspection: unexpected JSON row: {}", json));
  }
  std::vector<std::optional<std::string>> out;
  for (simdjson::dom::element value : row) {
    switch (value.type()) {
      case simdjson::dom::element_type::NULL_VALUE: out.emplace_back(std::nullopt); break;
      case simdjson::dom::element_type::STRING: {
        std::string_view text;
        if (value.get_string().get(text) != simdjson::SUCCESS) text = {};
        out.emplace_back(std::string(text));
        break;
      }
      case simdjson::dom::element_type::BOOL: {
        bool flag = false;
        if (value.get_bool().get(flag) != simdjson::SUCCESS) flag = false;
        out.emplace_back(flag ? "true" : "false");
        break;
      }
      default: out.emplace_back(simdjson::minify(value)); break;
    }
  }
  return out;
}

uint32_t to_oid(std::string_view text) {
  uint32_t value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

}  // namespace schemactl::runtime::introspect_detail
