// Memo of expression keys within one compile. Schemas repeat expressions a lot (DEFAULT now(),
// DEFAULT 0, the same CHECK or index predicate on every table) and each key costs a libpg_query
// parse, so a key is computed once per distinct input.
//
// A key is a function of the expression text, the ExprContext's default schemas and target type,
// and the answers of its column_type callback. The cache records the callback's answers with the
// key and reuses the key only where the same questions get the same answers now, so a cached key
// is always the key expression_key would compute.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "compiler/canonical_expr.hpp"

namespace schemactl::lower {

class ExprKeyCache {
 public:
  struct Result {
    bool ok = true;
    std::string key;
    std::string error;  // when !ok: expression_key's exception message (the text is not an expression)
  };

  // expression_key(sql, context) (or its error), from the cache when possible. `context`'s
  // default_schemas must be the same on every call (one compile has one default schema). The
  // reference is valid until the next call.
  const Result& key(std::string_view sql, const ExprContext& context);

 private:
  struct Entry {
    Result result;
    std::vector<std::pair<std::string, std::string>> column_types;  // column -> answer, as asked
  };
  // By target type, whether column types are known, and text.
  std::unordered_map<std::string, std::vector<Entry>> entries_;
};

}  // namespace schemactl::lower
