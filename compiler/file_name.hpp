// ir::FileName: the path of a source file, interned.
//
// Every object the compiler builds records where it was declared (ir::SourceSpan), and a schema
// has tens of thousands of them (a column, a constraint, an index each) but only a few files.
// Holding the path as a std::string in each span cost a heap allocation per object once the path
// is longer than the short-string buffer (15 bytes), and 32 bytes each. A FileName is one pointer
// to the path's single copy in a process-wide table; paths are never removed from the table (a
// process sees a handful), so a FileName stays valid as long as the process runs, whatever
// catalog or thread holds it.
#pragma once

#include <string>
#include <string_view>

namespace schemactl::ir {

class FileName {
 public:
  FileName() noexcept;  // the empty path (introspected objects)
  FileName(std::string_view path);
  FileName(const std::string& path) : FileName(std::string_view(path)) {}
  FileName(const char* path) : FileName(std::string_view(path)) {}

  const std::string& str() const noexcept { return *path_; }
  operator const std::string&() const noexcept { return *path_; }
  bool empty() const noexcept { return path_->empty(); }

  // One copy per distinct path: equal paths are the same pointer.
  bool operator==(const FileName& other) const noexcept { return path_ == other.path_; }

 private:
  const std::string* path_;
};

}  // namespace schemactl::ir
