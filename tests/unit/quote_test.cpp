#include <doctest/doctest.h>

#include "compiler/quote.hpp"

using schemactl::quote_ident;
using schemactl::quote_literal;
using schemactl::quote_qualified;

TEST_CASE("quote_ident leaves plain lower-case names bare") {
  CHECK(quote_ident("users") == "users");
  CHECK(quote_ident("_x1") == "_x1");
  CHECK(quote_ident("name") == "name");  // unreserved keyword
  CHECK(quote_ident("text") == "text");
}

TEST_CASE("quote_ident quotes reserved words, upper case and odd characters") {
  CHECK(quote_ident("user") == "\"user\"");
  CHECK(quote_ident("order") == "\"order\"");
  CHECK(quote_ident("integer") == "\"integer\"");  // type_func_name / col_name keywords too
  CHECK(quote_ident("Users") == "\"Users\"");
  CHECK(quote_ident("1abc") == "\"1abc\"");
  CHECK(quote_ident("a b") == "\"a b\"");
  CHECK(quote_ident("a$b") == "\"a$b\"");
  CHECK(quote_ident("we\"ird") == "\"we\"\"ird\"");
  CHECK(quote_ident("") == "\"\"");
}

TEST_CASE("quote_qualified and quote_literal") {
  CHECK(quote_qualified({"public", "Order"}) == "public.\"Order\"");
  CHECK(quote_qualified({"", "t"}) == "t");
  CHECK(quote_literal("it's") == "'it''s'");
  CHECK(quote_literal("a\\b") == "'a\\b'");
}
