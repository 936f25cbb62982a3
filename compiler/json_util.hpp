// Small helpers over libpg_query's JSON parse tree (simdjson DOM).
//
// libpg_query omits fields holding their default (false, 0, empty list, NULL), so every
// accessor here has a default for the missing case instead of reporting an error.
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace schemactl::json {

using Element = simdjson::dom::element;

// The member `key` of an object, if present.
inline bool get(Element e, std::string_view key, Element& out) {
  return e.is_object() && e[key].get(out) == simdjson::SUCCESS;
}

inline bool has(Element e, std::string_view key) {
  Element tmp;
  return get(e, key, tmp);
}

inline std::string_view str(Element e, std::string_view key) {
  Element v;
  std::string_view s;
  if (get(e, key, v) && v.get(s) == simdjson::SUCCESS) return s;
  return {};
}

inline int64_t integer(Element e, std::string_view key, int64_t fallback = 0) {
  Element v;
  int64_t i = 0;
  if (get(e, key, v) && v.get(i) == simdjson::SUCCESS) return i;
  return fallback;
}

inline bool boolean(Element e, std::string_view key) {
  Element v;
  bool b = false;
  if (get(e, key, v) && v.get(b) == simdjson::SUCCESS) return b;
  return false;
}

// Calls fn(element) for each item of the array member `key` (nothing when absent).
template <typename Fn>
void each(Element e, std::string_view key, Fn&& fn) {
  Element v;
  simdjson::dom::array arr;
  if (!get(e, key, v) || v.get(arr) != simdjson::SUCCESS) return;
  for (Element item : arr) fn(item);
}

template <typename Fn>
void each(Element array_element, Fn&& fn) {
  simdjson::dom::array arr;
  if (array_element.get(arr) != simdjson::SUCCESS) return;
  for (Element item : arr) fn(item);
}

inline size_t count(Element e, std::string_view key) {
  size_t n = 0;
  each(e, key, [&](Element) { ++n; });
  return n;
}

// A node is {"Kind": {...fields...}}: returns the kind and the fields.
inline std::pair<std::string_view, Element> node(Element e) {
  simdjson::dom::object obj;
  if (e.get(obj) != simdjson::SUCCESS) return {{}, e};
  for (auto field : obj) return {field.key, field.value};
  return {{}, e};
}

inline std::string_view kind(Element e) { return node(e).first; }

// Member `key` when it is the node of kind `k`: {"key": {"k": {...}}}.
inline bool node_of(Element e, std::string_view k, Element& out) {
  auto [name, fields] = node(e);
  if (name != k) return false;
  out = fields;
  return true;
}

// The text of a String node ({"String": {"sval": "x"}}).
inline std::string_view sval(Element e) {
  Element s;
  if (get(e, "String", s)) return str(s, "sval");
  return {};
}

// A list of String nodes (names: ["public", "t"]).
inline std::vector<std::string> strings(Element e, std::string_view key) {
  std::vector<std::string> out;
  each(e, key, [&](Element item) { out.emplace_back(sval(item)); });
  return out;
}

inline std::vector<std::string> strings(Element list_element) {
  std::vector<std::string> out;
  each(list_element, [&](Element item) { out.emplace_back(sval(item)); });
  return out;
}

// Smallest and largest "location" found anywhere inside `e` (-1 when none): the source
// extent hints for an expression.
inline void location_range(Element e, int64_t& lo, int64_t& hi) {
  if (e.is_object()) {
    for (auto field : simdjson::dom::object(e)) {
      if (field.key == "location") {
        int64_t loc = -1;
        if (field.value.get(loc) == simdjson::SUCCESS && loc >= 0) {
          if (lo < 0 || loc < lo) lo = loc;
          if (loc > hi) hi = loc;
        }
      } else if (field.value.is_object() || field.value.is_array()) {
        location_range(field.value, lo, hi);
      }
    }
  } else if (e.is_array()) {
    for (Element item : simdjson::dom::array(e)) location_range(item, lo, hi);
  }
}

}  // namespace schemactl::json
