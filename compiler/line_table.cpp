#include "compiler/line_table.hpp"

#include <algorithm>

namespace schemactl {

LineTable::LineTable(std::string_view text) {
  starts_.push_back(0);
  for (size_t i = 0; i < text.size(); ++i)
    if (text[i] == '\n') starts_.push_back(static_cast<uint32_t>(i + 1));
}

TextPosition LineTable::position(int64_t offset) const {
  if (starts_.empty()) return {};
  auto at = static_cast<uint32_t>(std::max<int64_t>(offset, 0));
  auto next = std::upper_bound(starts_.begin(), starts_.end(), at);
  return {static_cast<int>(next - starts_.begin()), static_cast<int>(at - *(next - 1)) + 1};
}

}  // namespace schemactl
