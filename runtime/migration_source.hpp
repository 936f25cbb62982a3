// Finding and reading the migration files of one or more directories.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "grammar/migration_file.hpp"

namespace schemactl::runtime {

struct Migration {
  std::string version;             // the file name's leading digits (the history key)
  std::string filename;            // e.g. 20240101120000_create_users.sql
  std::filesystem::path path;
  std::string text;                // the whole file
  grammar::MigrationFile sections;
};

// Every `<digits>...sql` file in `dirs`, parsed, sorted by version (grammar::version_less).
// Everything is checked before anything runs: a missing directory, an unreadable or malformed
// file, or one version in two files (across all directories) is an InputError naming the files.
std::vector<Migration> load_migrations(const std::vector<std::string>& dirs);

}  // namespace schemactl::runtime
