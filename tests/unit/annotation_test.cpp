#include <doctest/doctest.h>

#include "grammar/annotation.hpp"

using namespace schemactl::grammar;

TEST_CASE("a comment that is not an annotation is ignored") {
  CHECK_FALSE(parse_annotation(" just a comment").has_value());
  CHECK_FALSE(parse_annotation("schemactl is great").has_value());
}

TEST_CASE("renamed-from with plain, quoted and qualified names") {
  auto a = parse_annotation(" schemactl:renamed-from Old_Name");
  REQUIRE(a);
  auto* r = std::get_if<RenamedFrom>(&*a);
  REQUIRE(r);
  CHECK(r->schema.empty());
  CHECK(r->name == "old_name");

  a = parse_annotation(" schemactl:renamed-from app.\"Weird \"\"x\"\"\"  ");
  REQUIRE(a);
  r = std::get_if<RenamedFrom>(&*a);
  REQUIRE(r);
  CHECK(r->schema == "app");
  CHECK(r->name == "Weird \"x\"");
}

TEST_CASE("unknown or malformed annotations are errors with a column") {
  auto a = parse_annotation(" schemactl:renamed_to x");
  REQUIRE(a);
  auto* e = std::get_if<AnnotationError>(&*a);
  REQUIRE(e);
  CHECK(e->column == 12);
  CHECK(e->message.find("unknown annotation") != std::string::npos);

  a = parse_annotation(" schemactl:renamed-from");
  REQUIRE(a);
  CHECK(std::holds_alternative<AnnotationError>(*a));

  a = parse_annotation(" schemactl:renamed-from a b");
  REQUIRE(a);
  e = std::get_if<AnnotationError>(&*a);
  REQUIRE(e);
  CHECK(e->column == 27);
}
