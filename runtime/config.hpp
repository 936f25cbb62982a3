// The resolved configuration every command works from, and how it is resolved:
// command-line flag > environment variable > .env file > default (as dbmate does).
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace schemactl::runtime {

struct Config {
  std::string url;                     // empty when none was configured (see require_url)
  std::string url_variable = "DATABASE_URL";  // the variable the URL is read from (--env)
  std::vector<std::string> migrations_dirs{"./migrations"};
  std::string migrations_table = "schema_migrations";  // may be schema-qualified: "schema.table"
  std::string schema_file = "schema.sql";
  bool strict = false;   // a pending migration older than the newest applied one is an error
  bool verbose = false;
  bool wait = false;     // wait for the server before connecting
  std::chrono::milliseconds wait_timeout{std::chrono::seconds(60)};

  // The URL, or an InputError that says how to provide one.
  const std::string& require_url() const;
};

// What the command line said, before resolution. Unset optionals and false flags mean "not given".
struct ConfigFlags {
  std::optional<std::string> url;
  std::string env_name = "DATABASE_URL";
  std::vector<std::string> env_files;  // empty: {".env"}
  std::vector<std::string> migrations_dirs;
  std::optional<std::string> migrations_table;
  std::optional<std::string> schema_file;
  std::optional<std::string> wait_timeout;
  bool strict = false;
  bool verbose = false;
  bool wait = false;
};

using Environment = std::map<std::string, std::string>;

// The variables of this process.
Environment process_environment();

// `process_env` overlaid on the .env files: a variable already in the environment wins, and among
// the files the first one that sets a variable wins (godotenv's rule). Missing files are skipped;
// a malformed one is an InputError naming file:line:column.
Environment load_environment(const std::vector<std::string>& env_files, const Environment& process_env);

// Applies flag > variable > default to every setting. Throws InputError on a bad value
// (e.g. DBMATE_STRICT=maybe, --wait-timeout=soon).
Config resolve_config(const ConfigFlags& flags, const Environment& env);

// A Go-style duration as dbmate takes it ("60s", "1m30s", "500ms", "2h"); a bare number is seconds.
std::chrono::milliseconds parse_duration(std::string_view text);

// Go's strconv.ParseBool: 1 t T TRUE true True / 0 f F FALSE false False.
bool parse_bool(std::string_view text, std::string_view what);

}  // namespace schemactl::runtime
