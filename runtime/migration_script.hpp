// Sending a migration's SQL to the server in one round trip and, when it fails, finding which
// statement failed and where it is in the file.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "runtime/connection.hpp"

namespace schemactl::runtime {

struct ScriptFailure {
  int result_index = 0;  // 0-based index of the failing statement among the script's statements
  std::string message, sqlstate, detail, hint;
  int position = 0;      // 1-based character offset in the script reported by the server; 0 = none
};

// Runs `script` (any number of statements) with the simple query protocol: one round trip, one
// result per statement. Returns nullopt on success, or the first failure. COPY ... FROM STDIN is
// refused (a migration has no input stream). Leaves an open transaction as the server left it.
std::optional<ScriptFailure> run_script(Connection& conn, const std::string& script);

// The byte offset in `text` of the 1-based character `position` (the server counts characters).
size_t byte_offset_of_character(std::string_view text, int position);

}  // namespace schemactl::runtime
