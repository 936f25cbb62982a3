#include "compiler/file_name.hpp"

#include <mutex>
#include <unordered_set>

namespace schemactl::ir {
namespace {

// Node-based, so an interned string never moves. Leaked on purpose: a FileName may be held by
// static objects destroyed after this table would be.
struct InternTable {
  std::mutex mutex;
  std::unordered_set<std::string> paths;
};

InternTable& table() {
  static auto* t = new InternTable;
  return *t;
}

const std::string& empty_path() {
  static const auto* empty = new std::string;
  return *empty;
}

}  // namespace

FileName::FileName() noexcept : path_(&empty_path()) {}

FileName::FileName(std::string_view path) : path_(&empty_path()) {
  if (path.empty()) return;
  auto& t = table();
  std::lock_guard lock(t.mutex);
  path_ = &*t.paths.emplace(path).first;  // the existing copy when the path is there already
}

}  // namespace schemactl::ir
