// Migration file names as dbmate finds them: a leading run of digits (the version) and `.sql`,
// usually `<YYYYMMDDHHMMSS>_<name>.sql`.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace schemactl::grammar {

struct MigrationFileName {
  std::string version;  // the leading digits, exactly as written (the history table's key)
  std::string name;     // what follows `<version>_` without `.sql` (may be empty)
};

// nullopt when `filename` (no directory part) is not a migration: no leading digit or no `.sql`.
std::optional<MigrationFileName> parse_migration_filename(std::string_view filename);

// Orders versions numerically (leading zeros ignored), then by their text so that distinct
// spellings never compare equal. For dbmate's fixed-width timestamps this is lexical order.
bool version_less(std::string_view a, std::string_view b);

}  // namespace schemactl::grammar
