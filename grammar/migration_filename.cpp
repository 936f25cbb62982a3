#include "grammar/migration_filename.hpp"

#include <boost/spirit/home/x3.hpp>

namespace schemactl::grammar {
namespace x3 = boost::spirit::x3;

std::optional<MigrationFileName> parse_migration_filename(std::string_view filename) {
  constexpr std::string_view kSuffix = ".sql";
  if (filename.size() <= kSuffix.size() || filename.substr(filename.size() - kSuffix.size()) != kSuffix) {
    return std::nullopt;
  }
  std::string_view stem = filename.substr(0, filename.size() - kSuffix.size());
  const char* it = stem.data();
  const char* const end = it + stem.size();
  MigrationFileName result;
  if (!x3::parse(it, end, x3::lexeme[+x3::digit], result.version)) return std::nullopt;
  x3::parse(it, end, -x3::lit('_'));
  result.name.assign(it, end);
  return result;
}

bool version_less(std::string_view a, std::string_view b) {
  auto strip = [](std::string_view v) {
    size_t first = v.find_first_not_of('0');
    return first == std::string_view::npos ? std::string_view{} : v.substr(first);
  };
  std::string_view na = strip(a), nb = strip(b);
  if (na.size() != nb.size()) return na.size() < nb.size();
  if (na != nb) return na < nb;
  return a < b;
}

}  // namespace schemactl::grammar
