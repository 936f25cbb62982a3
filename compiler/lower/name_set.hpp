// The names taken in one namespace of a compile (relations, constraints), per schema.
//
// PostgreSQL picks the names of unnamed objects against the names already taken, so the
// compiler keeps every name it has claimed: tens of thousands in a big schema. As
// std::unordered_set<std::string> per schema that was two allocations per name (node and string,
// names are rarely short enough for the string's inline buffer), paid again when the compile
// ends and frees them one by one. Here a name's characters and its node come from one arena,
// freed at once; a released name only leaves the set (its bytes stay in the arena until the end).
#pragma once

#include <memory_resource>
#include <string>
#include <string_view>
#include <unordered_set>

namespace schemactl::lower {

class NameSet {
 public:
  NameSet() = default;
  NameSet(const NameSet&) = delete;
  NameSet& operator=(const NameSet&) = delete;

  bool contains(std::string_view schema, std::string_view name) const;
  void insert(std::string_view schema, std::string_view name);
  void erase(std::string_view schema, std::string_view name);

 private:
  // "schema\0name", built in a reused buffer (valid until the next call).
  std::string_view key(std::string_view schema, std::string_view name) const;

  mutable std::string scratch_;
  std::pmr::monotonic_buffer_resource arena_;  // declared before names_: outlives it
  std::pmr::unordered_set<std::string_view> names_{&arena_};
};

}  // namespace schemactl::lower
