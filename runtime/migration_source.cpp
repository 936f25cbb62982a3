#include "runtime/migration_source.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

#include "compiler/error.hpp"
#include "grammar/migration_filename.hpp"

namespace schemactl::runtime {
namespace fs = std::filesystem;

std::string section_location(const Migration& m, const grammar::MigrationSection& section, size_t offset_in_section) {
  pg::LineColumn lc = pg::line_column(section.sql, offset_in_section);
  return fmt::format("{}:{}:{}", m.path.string(), section.line + lc.line - 1, lc.column);
}

std::vector<pg::StatementSlice> split_section(const Migration& m, const grammar::MigrationSection& section) {
  try {
    return pg::split_statements(section.sql);
  } catch (const std::runtime_error& e) {
    // The scanner's message ends with " at byte N" (N relative to the section): point there.
    std::string message = e.what();
    size_t offset = 0;
    if (auto at = message.rfind(" at byte "); at != std::string::npos) {
      offset = std::strtoul(message.c_str() + at + 9, nullptr, 10);
      message.erase(at);
    }
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
    throw InputError(fmt::format("{}: {}", section_location(m, section, offset), message));
  }
}

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
      // Splitting uses the server's scanner, so an unterminated string or comment is caught
      // here, before anything runs, instead of swallowing the history insert at run time.
      split_section(m, m.sections.up);
      if (m.sections.down) split_section(m, *m.sections.down);
      migrations.push_back(std::move(m));
    }
  }
  std::sort(migrations.begin(), migrations.end(),
            [](const Migration& a, const Migration& b) { return grammar::version_less(a.version, b.version); });
  return migrations;
}

}  // namespace schemactl::runtime
