// `schemactl new NAME`: a new, empty dbmate-style migration file.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>

namespace schemactl::runtime {

// The text of a new migration: empty up and down sections.
std::string new_migration_template();

// Writes `<dir>/<UTC YYYYMMDDHHMMSS>_<name>.sql` with `contents`, creating `dir` when needed, and
// returns its path. InputError when the name is empty or not a plain file-name part, or when the
// file already exists (it is never overwritten).
std::filesystem::path create_migration_file(const std::filesystem::path& dir, const std::string& name,
                                            std::chrono::system_clock::time_point now,
                                            const std::string& contents = new_migration_template());

}  // namespace schemactl::runtime
