#include "compiler/lower/name_set.hpp"

#include <cstring>

namespace schemactl::lower {

std::string_view NameSet::key(std::string_view schema, std::string_view name) const {
  scratch_.assign(schema);
  scratch_ += '\0';  // cannot occur in a name: "a" + "b.c" and "a.b" + "c" stay apart
  scratch_ += name;
  return scratch_;
}

bool NameSet::contains(std::string_view schema, std::string_view name) const {
  return names_.count(key(schema, name)) > 0;
}

void NameSet::insert(std::string_view schema, std::string_view name) {
  std::string_view k = key(schema, name);
  if (names_.count(k)) return;
  char* stored = static_cast<char*>(arena_.allocate(k.size(), 1));
  std::memcpy(stored, k.data(), k.size());
  names_.insert(std::string_view(stored, k.size()));
}

void NameSet::erase(std::string_view schema, std::string_view name) { names_.erase(key(schema, name)); }

}  // namespace schemactl::lower
