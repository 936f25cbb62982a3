#include <doctest/doctest.h>

#include <string>

#include "compiler/error.hpp"
#include "grammar/env_file.hpp"

using schemactl::InputError;
using schemactl::grammar::parse_env_file;

TEST_CASE(".env: assignments, export, quotes, comments") {
  auto entries = parse_env_file(
      "# a comment\n"
      "\n"
      "DATABASE_URL=postgres://u:p@h/db?sslmode=disable\n"
      "export DBMATE_MIGRATIONS_DIR = db/migrations   # trailing comment\n"
      "SINGLE='a # not a comment \\n'\n"
      "DOUBLE=\"line1\\nline2 \\\"q\\\"\"\n"
      "EMPTY=\n"
      "  INDENTED=x\r\n"
      "HASH=a#b\n",
      ".env");
  REQUIRE(entries.size() == 7);
  CHECK(entries[0].key == "DATABASE_URL");
  CHECK(entries[0].value == "postgres://u:p@h/db?sslmode=disable");
  CHECK(entries[0].line == 3);
  CHECK(entries[1].key == "DBMATE_MIGRATIONS_DIR");
  CHECK(entries[1].value == "db/migrations");
  CHECK(entries[2].value == "a # not a comment \\n");
  CHECK(entries[3].value == "line1\nline2 \"q\"");
  CHECK(entries[4].key == "EMPTY");
  CHECK(entries[4].value.empty());
  CHECK(entries[5].key == "INDENTED");
  CHECK(entries[5].value == "x");
  CHECK(entries[5].line == 8);
  CHECK(entries[6].value == "a#b");
}

TEST_CASE(".env: a double-quoted value may span lines") {
  auto entries = parse_env_file("A=\"one\ntwo\"\nB=3\n", ".env");
  REQUIRE(entries.size() == 2);
  CHECK(entries[0].value == "one\ntwo");
  CHECK(entries[1].key == "B");
  CHECK(entries[1].line == 3);
}

TEST_CASE(".env: malformed lines name file:line:column") {
  auto error_of = [](const std::string& text) -> std::string {
    try {
      parse_env_file(text, ".env");
    } catch (const InputError& e) {
      return e.what();
    }
    return "";
  };
  CHECK(error_of("A=1\nnot an assignment\n") == ".env:2:5: expected '=' after not");
  CHECK(error_of("A=1\n=value\n") == ".env:2:1: expected a variable name (KEY=VALUE)");
  CHECK(error_of("A='open\n") == ".env:1:3: unterminated single-quoted value");
  CHECK(error_of("A=\"x\" junk\n") == ".env:1:7: unexpected text after the value of A");
}
