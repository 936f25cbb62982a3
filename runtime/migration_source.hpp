// Finding and reading the migration files of one or more directories.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "compiler/pg_parse.hpp"
#include "grammar/migration_file.hpp"

namespace schemactl::runtime {

struct Migration {
  std::string version;             // the file name's leading digits (the history key)
  std::string filename;            // e.g. 20240101120000_create_users.sql
  std::filesystem::path path;
  std::string text;                // the whole file
  grammar::MigrationFile sections;
};

// "path:line:column" of a byte offset inside one of the migration's sections.
std::string section_location(const Migration& m, const grammar::MigrationSection& section, size_t offset_in_section);

// The statements of a section, split by PostgreSQL's own scanner (libpg_query). InputError at the
// problem's file:line:column when the scanner fails (an unterminated string, comment or
// dollar-quote), which load_migrations already checks for every section.
std::vector<pg::StatementSlice> split_section(const Migration& m, const grammar::MigrationSection& section);

// Every `<digits>...sql` file in `dirs`, parsed, sorted by version (grammar::version_less).
// Everything is checked before anything runs: a missing directory, an unreadable or malformed
// file, or one version in two files (across all directories) is an InputError naming the files.
std::vector<Migration> load_migrations(const std::vector<std::string>& dirs);

}  // namespace schemactl::runtime
