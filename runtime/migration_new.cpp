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
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw InputError(fmt::format("cannot create directory {}: {}", dir.string(), ec.message()));

  // Two migrations created within the same second would share a version, which the runner
  // rightly rejects: take the next free second instead.
  auto version_taken = [&dir](const std::string& version) {
    std::error_code list_error;
    for (const auto& entry : std::filesystem::directory_iterator(dir, list_error)) {
      if (entry.path().filename().string().rfind(version + "_", 0) == 0) return true;
    }
    return false;
  };
  std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  char stamp[32];
  for (;; ++seconds) {
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    std::strftime(stamp, sizeof stamp, "%Y%m%d%H%M%S", &utc);
    if (!version_taken(stamp)) break;
  }

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
