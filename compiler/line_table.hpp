// Line numbers of byte offsets in a text, found by binary search over its line starts: built
// once per file, so that the positions of thousands of objects and diagnostics do not each
// rescan the file from its start.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace schemactl {

struct TextPosition {
  int line = 1;    // 1-based
  int column = 1;  // 1-based, in bytes
};

class LineTable {
 public:
  LineTable() = default;
  explicit LineTable(std::string_view text);

  bool empty() const { return starts_.empty(); }
  // The line and column of byte `offset` (negative offsets count as 0).
  TextPosition position(int64_t offset) const;
  int line(int64_t offset) const { return position(offset).line; }

 private:
  std::vector<uint32_t> starts_;  // 32 bits: half the size for the same (< 4 GB) files
};

}  // namespace schemactl
