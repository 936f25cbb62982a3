#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "grammar/migration_filename.hpp"

using schemactl::grammar::parse_migration_filename;
using schemactl::grammar::version_less;

TEST_CASE("migration file names: dbmate's <digits>...sql") {
  auto name = parse_migration_filename("20240101120000_create_users.sql");
  REQUIRE(name);
  CHECK(name->version == "20240101120000");
  CHECK(name->name == "create_users");

  auto bare = parse_migration_filename("001.sql");
  REQUIRE(bare);
  CHECK(bare->version == "001");
  CHECK(bare->name.empty());

  auto dashed = parse_migration_filename("42-add-index.sql");
  REQUIRE(dashed);
  CHECK(dashed->version == "42");
  CHECK(dashed->name == "-add-index");
}

TEST_CASE("migration file names: what is not a migration") {
  CHECK_FALSE(parse_migration_filename("README.md"));
  CHECK_FALSE(parse_migration_filename("create_users.sql"));
  CHECK_FALSE(parse_migration_filename("20240101_create_users.sql.bak"));
  CHECK_FALSE(parse_migration_filename(".sql"));
  CHECK_FALSE(parse_migration_filename("1.SQL"));
}

TEST_CASE("migration versions order numerically, then by text") {
  std::vector<std::string> versions{"10", "9", "20240101120000", "010", "1", "20231231235959"};
  std::sort(versions.begin(), versions.end(), [](const auto& a, const auto& b) { return version_less(a, b); });
  CHECK(versions == std::vector<std::string>{"1", "9", "010", "10", "20231231235959", "20240101120000"});
  CHECK_FALSE(version_less("5", "5"));
  CHECK(version_less("0", "1"));
}
