// `.env` files as dbmate (godotenv) reads them: KEY=VALUE lines, optional `export `, single or
// double quotes, `#` comments and blank lines.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace schemactl::grammar {

struct EnvEntry {
  std::string key;
  std::string value;
  int line = 0;  // 1-based line of the assignment
};

// Parses the text of a .env file. `source` (the file name) only appears in error messages.
// Throws schemactl::InputError "source:line:column: what is wrong" on a malformed line.
// Values: bare values end at an unquoted ` #` comment and are trimmed; 'single-quoted' values are
// taken literally; "double-quoted" values understand \n \t \" \\ escapes and may span lines.
std::vector<EnvEntry> parse_env_file(std::string_view text, std::string_view source);

}  // namespace schemactl::grammar
