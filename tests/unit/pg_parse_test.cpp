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

TEST_CASE("split_statements keeps a BEGIN ATOMIC body in its CREATE FUNCTION/PROCEDURE, as psql does") {
  auto texts = [](const std::string& sql) {
    std::vector<std::string> out;
    for (const auto& s : split_statements(sql)) out.push_back(sql.substr(s.offset, s.length));
    return out;
  };
  std::string routine =
      "CREATE OR REPLACE FUNCTION f(x int) RETURNS int LANGUAGE sql\n"
      "BEGIN ATOMIC\n  SELECT CASE WHEN x > 0 THEN 1 ELSE 0 END;\n  SELECT 2;\nEND";
  auto pieces = texts("BEGIN;\n" + routine + ";\nCREATE PROCEDURE p() BEGIN ATOMIC END;\nCOMMIT;");
  REQUIRE(pieces.size() == 4);
  CHECK(pieces[0] == "BEGIN");
  CHECK(pieces[1] == routine);
  CHECK(pieces[2] == "CREATE PROCEDURE p() BEGIN ATOMIC END");
  CHECK(pieces[3] == "COMMIT");
  // Outside a routine's header BEGIN/CASE/END count for nothing: a column named begin, a CASE
  // in a view, or a BEGIN inside parentheses never glue statements together.
  auto plain = texts("CREATE TABLE log (begin int, \"end\" int);\nCREATE VIEW v AS SELECT CASE WHEN true THEN 1 END;\n"
                     "CREATE FUNCTION g(begin int) RETURNS int LANGUAGE sql RETURN 1;\nSELECT 1;");
  CHECK(plain.size() == 4);
}
