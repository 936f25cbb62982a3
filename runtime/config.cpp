#include "runtime/config.hpp"

#include <fmt/format.h>

#include <cctype>
#include <fstream>
#include <sstream>

#include "compiler/error.hpp"
#include "grammar/env_file.hpp"

extern char** environ;

namespace schemactl::runtime {
namespace {

std::optional<std::string> lookup(const Environment& env, const std::string& name) {
  auto it = env.find(name);
  if (it == env.end()) return std::nullopt;
  return it->second;
}

std::vector<std::string> split_commas(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    std::string part = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (!part.empty()) out.push_back(part);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

}  // namespace

const std::string& Config::require_url() const {
  if (url.empty()) {
    throw InputError(fmt::format("no database URL: pass --url or set {} (in the environment or in .env)",
                                 url_variable));
  }
  return url;
}

Environment process_environment() {
  Environment env;
  for (char** e = environ; e && *e; ++e) {
    std::string_view entry(*e);
    auto eq = entry.find('=');
    if (eq == std::string_view::npos) continue;
    env.emplace(std::string(entry.substr(0, eq)), std::string(entry.substr(eq + 1)));
  }
  return env;
}

Environment load_environment(const std::vector<std::string>& env_files, const Environment& process_env) {
  Environment env = process_env;
  for (const auto& path : env_files) {
    std::ifstream in(path, std::ios::binary);
    if (!in) continue;  // like dbmate: a missing .env file is not an error
    std::ostringstream text;
    text << in.rdbuf();
    for (auto& entry : grammar::parse_env_file(text.str(), path)) {
      env.emplace(std::move(entry.key), std::move(entry.value));  // emplace keeps an earlier value
    }
  }
  return env;
}

bool parse_bool(std::string_view text, std::string_view what) {
  for (std::string_view yes : {"1", "t", "T", "TRUE", "true", "True"}) {
    if (text == yes) return true;
  }
  for (std::string_view no : {"0", "f", "F", "FALSE", "false", "False"}) {
    if (text == no) return false;
  }
  throw InputError(fmt::format("{}: expected true or false, got '{}'", what, text));
}

std::chrono::milliseconds parse_duration(std::string_view text) {
  auto bad = [&] {
    return InputError(fmt::format("invalid duration '{}' (expected e.g. 60s, 1m30s, 500ms)", text));
  };
  if (text.empty()) throw bad();
  double total_ms = 0;
  size_t i = 0;
  bool bare = true;
  while (i < text.size()) {
    size_t start = i;
    while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.')) ++i;
    if (start == i) throw bad();
    double number = std::stod(std::string(text.substr(start, i - start)));
    size_t unit_start = i;
    while (i < text.size() && std::isalpha(static_cast<unsigned char>(text[i]))) ++i;
    std::string_view unit = text.substr(unit_start, i - unit_start);
    double scale;
    if (unit.empty()) {
      if (!bare || i != text.size()) throw bad();
      scale = 1000;  // a bare number: seconds
    } else if (unit == "ms") {
      scale = 1;
    } else if (unit == "s") {
      scale = 1000;
    } else if (unit == "m") {
      scale = 60'000;
    } else if (unit == "h") {
      scale = 3'600'000;
    } else {
      throw bad();
    }
    bare = false;
    total_ms += number * scale;
  }
  return std::chrono::milliseconds(static_cast<long long>(total_ms));
}

Config resolve_config(const ConfigFlags& flags, const Environment& env) {
  Config config;
  config.url_variable = flags.env_name.empty() ? "DATABASE_URL" : flags.env_name;
  if (flags.url) {
    config.url = *flags.url;
  } else if (auto v = lookup(env, config.url_variable)) {
    config.url = *v;
  }

  if (!flags.migrations_dirs.empty()) {
    config.migrations_dirs = flags.migrations_dirs;
  } else if (auto v = lookup(env, "DBMATE_MIGRATIONS_DIR")) {
    auto dirs = split_commas(*v);  // dbmate's list flags take comma-separated variables
    if (!dirs.empty()) config.migrations_dirs = dirs;
  }

  if (flags.migrations_table) {
    config.migrations_table = *flags.migrations_table;
  } else if (auto v = lookup(env, "DBMATE_MIGRATIONS_TABLE")) {
    config.migrations_table = *v;
  }
  if (config.migrations_table.empty()) throw InputError("the migrations table name is empty");

  if (flags.schema_file) {
    config.schema_file = *flags.schema_file;
  } else if (auto v = lookup(env, "DBMATE_SCHEMA_FILE")) {
    config.schema_file = *v;
  }

  auto flag_or_bool = [&](bool flag, const char* variable) {
    if (flag) return true;
    auto v = lookup(env, variable);
    return v && !v->empty() ? parse_bool(*v, variable) : false;
  };
  config.strict = flag_or_bool(flags.strict, "DBMATE_STRICT");
  config.verbose = flag_or_bool(flags.verbose, "DBMATE_VERBOSE");
  config.wait = flag_or_bool(flags.wait, "DBMATE_WAIT");

  if (flags.wait_timeout) {
    config.wait_timeout = parse_duration(*flags.wait_timeout);
  } else if (auto v = lookup(env, "DBMATE_WAIT_TIMEOUT"); v && !v->empty()) {
    config.wait_timeout = parse_duration(*v);
  }
  return config;
}

}  // namespace schemactl::runtime
