#include <doctest/doctest.h>

#include <string>

#include "compiler/lower/name_set.hpp"

using schemactl::lower::NameSet;

TEST_CASE("NameSet: names per schema, claimed, found and released") {
  NameSet names;
  CHECK(!names.contains("public", "t_pkey"));
  names.insert("public", "t_pkey");
  CHECK(names.contains("public", "t_pkey"));
  CHECK(!names.contains("app", "t_pkey"));  // another schema
  names.insert("public", "t_pkey");         // twice is once
  names.erase("public", "t_pkey");
  CHECK(!names.contains("public", "t_pkey"));
  names.insert("public", "t_pkey");  // claimable again after a release
  CHECK(names.contains("public", "t_pkey"));
}

TEST_CASE("NameSet keeps schema and name apart, and many long names") {
  NameSet names;
  names.insert("a", "b.c");
  CHECK(!names.contains("a.b", "c"));
  CHECK(!names.contains("", "ab.c"));
  for (int i = 0; i < 5000; ++i) names.insert("public", "a_rather_long_table_name_" + std::to_string(i) + "_pkey");
  for (int i = 0; i < 5000; ++i) CHECK(names.contains("public", "a_rather_long_table_name_" + std::to_string(i) + "_pkey"));
  CHECK(!names.contains("public", "a_rather_long_table_name_5000_pkey"));
}

TEST_CASE("NameSet: claims and releases in turn do not lose or invent names") {
  // Many releases leave many tombstones: the table must rebuild without them, keep every live
  // name, and find none of the released ones.
  NameSet names;
  for (int i = 0; i < 20000; ++i) {
    names.insert("s", "temp_" + std::to_string(i));
    if (i % 3 != 0) names.erase("s", "temp_" + std::to_string(i));
  }
  for (int i = 0; i < 20000; ++i) CHECK(names.contains("s", "temp_" + std::to_string(i)) == (i % 3 == 0));
  names.erase("s", "never_claimed");  // a release of a name nobody holds changes nothing
  CHECK(names.contains("s", "temp_0"));
  CHECK(!names.contains("s", ""));
  names.insert("s", "");  // the empty name is a name like any other
  CHECK(names.contains("s", ""));
  CHECK(!names.contains("", "s"));
}
