#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <utility>

#include "compiler/boxed.hpp"
#include "compiler/file_name.hpp"
#include "compiler/ir.hpp"

using schemactl::ir::Boxed;
using schemactl::ir::FileName;

TEST_CASE("Boxed starts empty and costs one pointer") {
  Boxed<std::string> b;
  CHECK(!b);
  CHECK(!b.has_value());
  CHECK(b == std::nullopt);
  CHECK(b.value_or("none") == "none");
  CHECK_THROWS_AS(b.value(), std::bad_optional_access);
  static_assert(sizeof(Boxed<schemactl::ir::Identity>) == sizeof(void*));
}

TEST_CASE("Boxed takes values, literals, optionals and nullopt") {
  Boxed<std::string> b = "pg_catalog.\"C\"";
  REQUIRE(b);
  CHECK(*b == "pg_catalog.\"C\"");
  CHECK(b->size() == 14);
  CHECK(b.value_or("none") == "pg_catalog.\"C\"");
  b = std::string("plain");
  CHECK(b == "plain");
  CHECK(b != "main");
  b = std::nullopt;
  CHECK(!b);
  b = std::optional<std::string>("x");
  CHECK(b == "x");
  b = std::optional<std::string>();
  CHECK(!b);
  std::optional<std::string> source = "y";
  Boxed<std::string> from_optional(source);
  CHECK(from_optional == "y");
  CHECK(from_optional == source);
}

TEST_CASE("Boxed emplace, reset, * and -> give the held value") {
  Boxed<schemactl::ir::QualifiedName> b;
  b.emplace(schemactl::ir::QualifiedName{"public", "t"});
  CHECK(b->name == "t");
  (*b).schema = "app";
  CHECK(*b == schemactl::ir::QualifiedName{"app", "t"});
  b.reset();
  CHECK(!b);
  Boxed<schemactl::ir::Identity> identity;
  identity.emplace().always = true;
  CHECK(identity->always);
}

TEST_CASE("Boxed copies deeply and compares by value, as std::optional does") {
  Boxed<std::string> a = "x";
  Boxed<std::string> b = a;
  CHECK(a == b);
  *b = "y";
  CHECK(*a == "x");  // the copy has its own value
  CHECK(a != b);
  Boxed<std::string> empty1, empty2;
  CHECK(empty1 == empty2);
  CHECK(a != empty1);
  CHECK(empty1 != a);
  a = b;  // copy assignment into a box that holds a value
  CHECK(*a == "y");
  empty1 = a;  // and into an empty one
  CHECK(empty1 == "y");
  Boxed<std::string> moved = std::move(a);
  CHECK(moved == "y");
}

TEST_CASE("Boxed converts to std::optional for code written against it") {
  Boxed<std::string> b = "z";
  std::optional<std::string> o = b;
  CHECK(o == "z");
  auto takes_optional = [](const std::optional<std::string>& v) { return v.value_or("-"); };
  CHECK(takes_optional(b) == "z");
  CHECK(takes_optional(Boxed<std::string>()) == "-");
}

TEST_CASE("IR structs with Boxed members keep value semantics") {
  schemactl::ir::Column a;
  a.name = "c";
  a.collation = "pg_catalog.\"C\"";
  a.identity.emplace().sequence_name = {"public", "t_c_seq"};
  schemactl::ir::Column b = a;
  CHECK(a == b);
  b.identity->options.start = 5;
  CHECK(a != b);
  b = a;
  b.renamed_from.value = "old";  // metadata: not compared
  CHECK(a == b);
}

TEST_CASE("FileName interns paths: one copy per path, the empty path by default") {
  FileName empty;
  CHECK(empty.empty());
  CHECK(empty.str().empty());
  FileName a(std::string("/some/rather/long/path/schema.sql"));
  FileName b("/some/rather/long/path/schema.sql");
  CHECK(a == b);
  CHECK(&a.str() == &b.str());
  CHECK(a.str() == "/some/rather/long/path/schema.sql");
  FileName c("other.sql");
  CHECK(!(a == c));
  CHECK(FileName("") == empty);
  static_assert(sizeof(FileName) == sizeof(void*));
}
