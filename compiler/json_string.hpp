// Writing JSON: the one string escaper shared by every JSON output (diagnostics, IR, plans).
#pragma once

#include <string>
#include <string_view>

namespace schemactl::json {

// `s` as a quoted JSON string (quotes, backslashes and control characters escaped; UTF-8 kept).
std::string quote(std::string_view s);

}  // namespace schemactl::json
