#include <doctest/doctest.h>

#include <variant>

#include "compiler/pg_parse.hpp"

using namespace schemactl::pg;

TEST_CASE("parse gives a JSON tree with byte locations") {
  auto result = parse("CREATE TABLE t (id int);\nSELECT 1;");
  auto* tree = std::get_if<ParseTree>(&result);
  REQUIRE(tree);
  auto stmts = tree->statements();
  CHECK(stmts.size() == 2);
  simdjson::dom::element first = stmts.at(0);
  CHECK(first["stmt"]["CreateStmt"].error() == simdjson::SUCCESS);
}

TEST_CASE("parse reports a syntax error with its byte offset") {
  auto result = parse("CREATE TABLE t (id int);\nCREATE TABEL u (id int);");
  auto* err = std::get_if<SyntaxError>(&result);
  REQUIRE(err);
  CHECK(err->message.find("TABEL") != std::string::npos);
  CHECK(err->offset == 32);
  auto lc = line_column("CREATE TABLE t (id int);\nCREATE TABEL u (id int);", 32);
  CHECK(lc.line == 2);
  CHECK(lc.column == 8);
}

TEST_CASE("split_statements survives syntax errors and skips comments") {
  std::string sql = "-- header\nCREATE TABL x;\n\n/* c */ CREATE INDEX CONCURRENTLY i ON t (a);\n;\nSELECT 'a;b';";
  auto slices = split_statements(sql);
  REQUIRE(slices.size() == 3);
  CHECK(sql.substr(slices[0].offset, slices[0].length) == "CREATE TABL x");
  CHECK(sql.substr(slices[1].offset, slices[1].length) == "CREATE INDEX CONCURRENTLY i ON t (a)");
  CHECK(sql.substr(slices[2].offset, slices[2].length) == "SELECT 'a;b'");
}
