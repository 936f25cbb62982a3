#include "compiler/lower/expr_key_cache.hpp"

#include <exception>

namespace schemactl::lower {

const ExprKeyCache::Result& ExprKeyCache::key(std::string_view sql, const ExprContext& context) {
  std::string lookup = context.target_type;
  lookup += '\0';
  lookup += context.column_type ? '1' : '0';
  lookup += sql;
  auto& candidates = entries_[lookup];
  for (const auto& entry : candidates) {
    bool same = true;
    for (const auto& [column, type] : entry.column_types) {
      if (context.column_type(column) != type) {
        same = false;
        break;
      }
    }
    if (same) return entry.result;
  }
  Entry entry;
  ExprContext recording = context;
  if (context.column_type) {
    recording.column_type = [&entry, &context](std::string_view column) {
      std::string type = context.column_type(column);
      entry.column_types.emplace_back(std::string(column), type);
      return type;
    };
  }
  try {
    entry.result.key = expression_key(sql, recording);
  } catch (const std::exception& e) {
    entry.result.ok = false;
    entry.result.error = e.what();
  }
  candidates.push_back(std::move(entry));
  return candidates.back().result;
}

}  // namespace schemactl::lower
