#include "runtime/migration_source.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include "compiler/error.hpp"
#include "grammar/migration_filename.hpp"

namespace schemactl::runtime {
namespace fs = std::filesystem;

std::vector<Migration> load_migrations(const std::vector<std::string>& dirs) {
  std::vector<Migration> migrations;
  std::map<std::string, fs::path> seen;  // version -> first file
  for (const auto& dir : dirs) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
      throw InputError(fmt::format("migrations directory {} does not exist (create it with `schemactl new NAME`)", dir));
    }
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(dir)) {
      if (entry.is_regular_file()) files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());  // deterministic reading order for the duplicate check
    for (const auto& path : files) {
      auto name = grammar::parse_migration_filename(path.filename().string());
      if (!name) continue;
      auto [it, inserted] = seen.emplace(name->version, path);
      if (!inserted) {
        throw InputError(fmt::format("{}: version {} is also used by {}", path.string(), name->version,
                                     it->second.string()));
      }
      std::ifstream in(path, std::ios::binary);
      if (!in) throw InputError(fmt::format("{}: cannot read the file", path.string()));
      std::ostringstream text;
      text << in.rdbuf();
      Migration m;
      m.version = name->version;
      m.filename = path.filename().string();
      m.path = path;
      m.text = text.str();
      m.sections = grammar::parse_migration_file(m.text, path.string());
      migrations.push_back(std::move(m));
    }
  }
  std::sort(migrations.begin(), migrations.end(),
            [](const Migration& a, const Migration& b) { return grammar::version_less(a.version, b.version); });
  return migrations;
}

}  // namespace schemactl::runtime
