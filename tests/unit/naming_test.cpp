// Names PostgreSQL chooses for unnamed objects (expected values checked against PostgreSQL 15).
#include <doctest/doctest.h>

#include <set>
#include <string>

#include "compiler/naming.hpp"
#include "compiler/pg_parse.hpp"

using namespace schemactl::naming;

TEST_CASE("make_object_name joins and truncates like makeObjectName") {
  CHECK(make_object_name("users", "", "pkey") == "users_pkey");
  CHECK(make_object_name("users", "email", "key") == "users_email_key");
  // 63 bytes at most: the longer of the two names is shortened first.
  std::string long_table(60, 't');
  std::string name = make_object_name(long_table, "col", "fkey");
  CHECK(name.size() == 63);
  CHECK(name == std::string(54, 't') + "_col_fkey");
  std::string both = make_object_name(std::string(40, 'a'), std::string(40, 'b'), "idx");
  CHECK(both.size() == 63);
  CHECK(both == std::string(29, 'a') + "_" + std::string(29, 'b') + "_idx");
}

TEST_CASE("clip never splits a UTF-8 character") {
  std::string s(62, 'x');
  s += "\xC3\xA9";  // é, two bytes: bytes 62 and 63
  CHECK(clip(s) == std::string(62, 'x'));
}

TEST_CASE("choose_name appends 1, 2, ... to the label on collisions") {
  std::set<std::string> taken{"t_a_key", "t_a_key1"};
  auto pick = [&](const std::string& n) { return taken.count(n) > 0; };
  CHECK(choose_name("t", "a", "key", pick) == "t_a_key2");
  CHECK(choose_name("t", "", "pkey", pick) == "t_pkey");
}

TEST_CASE("name_addition joins columns with underscores and stops past 63 bytes") {
  CHECK(name_addition({"a", "b", "c"}) == "a_b_c");
  std::string c40(40, 'c');
  CHECK(name_addition({c40, c40, "d"}) == c40 + "_" + c40);
}

TEST_CASE("index_column_names numbers repeated names") {
  auto names = index_column_names({"expr", "expr", "a", "expr"});
  REQUIRE(names.size() == 4);
  CHECK(names[0] == "expr");
  CHECK(names[1] == "expr1");
  CHECK(names[2] == "a");
  CHECK(names[3] == "expr2");
}

namespace {
std::string figure(const std::string& expr_sql) {
  auto parsed = schemactl::pg::parse("SELECT " + expr_sql);
  auto& tree = std::get<schemactl::pg::ParseTree>(parsed);
  simdjson::dom::element stmt = tree.statements().at(0)["stmt"]["SelectStmt"]["targetList"].at(0)["ResTarget"]["val"];
  return index_expression_name(stmt);
}
}  // namespace

TEST_CASE("index_expression_name follows FigureIndexColname") {
  CHECK(figure("lower(email)") == "lower");
  CHECK(figure("public.f(a)") == "f");
  CHECK(figure("a + b") == "expr");
  CHECK(figure("(a)::text") == "a");
  CHECK(figure("'x'::text") == "text");
  CHECK(figure("COALESCE(a, b)") == "coalesce");
  CHECK(figure("CASE WHEN a THEN 1 END") == "case");
  CHECK(figure("t.col") == "col");
  CHECK(figure("CURRENT_DATE") == "current_date");
}
