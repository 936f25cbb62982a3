// The contents of a dbmate migration file:
//
//   -- migrate:up [transaction:false]
//   CREATE TABLE ...;
//   -- migrate:down [transaction:false]
//   DROP TABLE ...;
//
// Only blank lines and `--` comments may precede `-- migrate:up`; the down section is optional.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace schemactl::grammar {

struct MigrationSection {
  std::string sql;         // the text between this directive line and the next one (or the end)
  size_t offset = 0;       // byte offset of `sql` in the file
  int line = 0;            // 1-based line of the file on which `sql` starts
  int directive_line = 0;  // 1-based line of the `-- migrate:` directive
  bool transaction = true; // false: `transaction:false`, run statement by statement outside a transaction
};

struct MigrationFile {
  MigrationSection up;
  std::optional<MigrationSection> down;
};

// Parses a migration file. `source` (its path) only appears in error messages.
// Throws schemactl::InputError "source:line:column: what is wrong" when there is no up section,
// a down section precedes it, a section is repeated, statements precede the first section, a
// directive is unknown (`-- migrate:sideways`) or an option is unknown or has a bad value.
MigrationFile parse_migration_file(std::string_view text, std::string_view source);

}  // namespace schemactl::grammar
