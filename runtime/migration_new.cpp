#include "runtime/migration_new.hpp"

#include <fmt/format.h>

#include <ctime>
#include <fstream>
#include <system_error>

#include "compiler/error.hpp"

namespace schemactl::runtime {

std::string new_migration_template() { return "-- migrate:up\n\n\n-- migrate:down\n\n"; }

std::filesystem::path create_migration_file(const std::filesystem::path& dir, const std::string& name,
                                            std::chrono::system_clock::time_point now,
                                            const std::string& contents) {
  if (name.empty()) throw InputError("the migration needs a name, e.g. schemactl new create_users");
  if (name.find_first_of("/\\") != std::string::npos || name == "." || name == "..") {
    throw InputError(fmt::format("invalid migration name '{}': it becomes part of a file name", name));
  }
  std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%d%H%M%S", &utc);

  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw InputError(fmt::format("cannot create directory {}: {}", dir.string(), ec.message()));
  std::filesystem::path path = dir / fmt::format("{}_{}.sql", stamp, name);
  if (std::filesystem::exists(path)) {
    throw InputError(fmt::format("{} already exists; not overwriting it", path.string()));
  }
  std::ofstream out(path, std::ios::binary);
  out << contents;
  out.close();
  if (!out) throw InputError(fmt::format("cannot write {}", path.string()));
  return path;
}

}  // namespace schemactl::runtime
