#include <doctest/doctest.h>

#include <string>

#include "compiler/error.hpp"
#include "grammar/migration_file.hpp"

using schemactl::InputError;
using schemactl::grammar::parse_migration_file;

namespace {

// The message of the InputError that parsing `text` throws ("" when it parses).
std::string error_of(const std::string& text) {
  try {
    parse_migration_file(text, "m.sql");
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("migration file: up and down sections with their lines and offsets") {
  std::string text =
      "-- header comment\n"
      "\n"
      "-- migrate:up\n"
      "CREATE TABLE t (id int);\n"
      "-- migrate:down\n"
      "DROP TABLE t;\n";
  auto file = parse_migration_file(text, "m.sql");
  CHECK(file.up.sql == "CREATE TABLE t (id int);\n");
  CHECK(file.up.directive_line == 3);
  CHECK(file.up.line == 4);
  CHECK(text.substr(file.up.offset, file.up.sql.size()) == file.up.sql);
  CHECK(file.up.transaction);
  REQUIRE(file.down);
  CHECK(file.down->sql == "DROP TABLE t;\n");
  CHECK(file.down->line == 6);
  CHECK(file.down->directive_line == 5);
}

TEST_CASE("migration file: transaction option, spacing and CRLF") {
  auto file = parse_migration_file("--migrate:up   transaction:false\r\nCREATE INDEX CONCURRENTLY i ON t (c);\r\n"
                                   "-- migrate:down transaction:TRUE \r\nDROP INDEX i;\r\n",
                                   "m.sql");
  CHECK_FALSE(file.up.transaction);
  REQUIRE(file.down);
  CHECK(file.down->transaction);
  CHECK(file.up.sql == "CREATE INDEX CONCURRENTLY i ON t (c);\r\n");
}

TEST_CASE("migration file: down section is optional, an empty up section is allowed") {
  auto file = parse_migration_file("-- migrate:up\n", "m.sql");
  CHECK(file.up.sql.empty());
  CHECK_FALSE(file.down);
  auto no_newline = parse_migration_file("-- migrate:up\nSELECT 1", "m.sql");
  CHECK(no_newline.up.sql == "SELECT 1");
}

TEST_CASE("migration file: malformed files are rejected with file:line:column") {
  CHECK(error_of("CREATE TABLE t (id int);\n") == "m.sql:1:1: statement before '-- migrate:up' (every statement must be in an up or down section)");
  CHECK(error_of("-- just a comment\n\n") == "m.sql:1:1: no '-- migrate:up' section");
  CHECK(error_of("") == "m.sql:1:1: no '-- migrate:up' section");
  CHECK(error_of("-- c\n-- migrate:down\nDROP TABLE t;\n-- migrate:up\n") ==
        "m.sql:2:1: '-- migrate:down' before '-- migrate:up' (the up section must come first)");
  CHECK(error_of("-- migrate:up\nSELECT 1;\n-- migrate:up\nSELECT 2;\n") ==
        "m.sql:3:1: a second '-- migrate:up' section (the first is on line 1)");
  CHECK(error_of("-- migrate:up\n-- migrate:down\n-- migrate:down\n") ==
        "m.sql:3:1: a second '-- migrate:down' section (the first is on line 2)");
  CHECK(error_of("\n-- migrate:up transaction:false isolation:serializable\n") ==
        "m.sql:2:33: unknown option 'isolation' (known: transaction:true|false)");
  CHECK(error_of("-- migrate:up transaction:maybe\n") == "m.sql:1:27: transaction must be true or false, not 'maybe'");
  CHECK(error_of("-- migrate:up transaction\n") ==
        "m.sql:1:15: expected an option of the form key:value (e.g. transaction:false)");
  CHECK(error_of("-- migrate:up\nSELECT 1;\n-- migrate:dwon\n") ==
        "m.sql:3:12: unknown directive 'migrate:dwon' (expected migrate:up or migrate:down)");
  CHECK(error_of("-- migrate:upgrade\n") ==
        "m.sql:1:12: unknown directive 'migrate:upgrade' (expected migrate:up or migrate:down)");
}

TEST_CASE("migration file: a statement after a comment line before up is still rejected") {
  CHECK(error_of("-- fine\n   \n/* block */ SELECT 1;\n-- migrate:up\n") ==
        "m.sql:3:1: statement before '-- migrate:up' (every statement must be in an up or down section)");
}
