#include <doctest/doctest.h>

#include <vector>

#include "compiler/acl.hpp"

using schemactl::ir::Acl;
using schemactl::ir::Privilege;

namespace {
std::vector<Privilege> items(const Acl& acl) { return {acl.begin(), acl.end()}; }
}  // namespace

TEST_CASE("Acl: a set of privileges in std::set's order") {
  Acl acl;
  CHECK(acl.empty());
  CHECK(acl.begin() == acl.end());
  CHECK(acl.insert({"writer", "UPDATE", false}).second);
  CHECK(acl.insert({"reader", "SELECT", false}).second);
  CHECK(acl.insert({"reader", "SELECT", true}).second);   // the grant option makes another privilege
  CHECK(!acl.insert({"writer", "UPDATE", false}).second);  // twice is once
  CHECK(acl.size() == 3);
  CHECK(items(acl) == std::vector<Privilege>{{"reader", "SELECT", false}, {"reader", "SELECT", true}, {"writer", "UPDATE", false}});
  CHECK(acl.count({"reader", "SELECT", true}) == 1);
  CHECK(acl.count({"reader", "INSERT", false}) == 0);
  CHECK(acl == Acl{{"writer", "UPDATE", false}, {"reader", "SELECT", true}, {"reader", "SELECT", false}});
}

TEST_CASE("Acl: emptied is empty, whichever way it was emptied") {
  Acl acl{{"a", "SELECT", false}, {"b", "SELECT", false}};
  CHECK(acl.erase({"a", "SELECT", false}) == 1);
  CHECK(acl.erase({"a", "SELECT", false}) == 0);
  auto next = acl.erase(acl.begin());
  CHECK(next == acl.end());
  CHECK(acl.empty());
  CHECK(acl == Acl{});

  Acl owners{{"owner", "SELECT", false}, {"owner", "UPDATE", false}, {"reader", "SELECT", false}};
  CHECK(owners.erase_if([](const Privilege& p) { return p.grantee == "owner"; }) == 2);
  CHECK(owners == Acl{{"reader", "SELECT", false}});
  CHECK(owners.erase_if([](const Privilege&) { return true; }) == 1);
  CHECK(owners.empty());
  CHECK(owners == Acl{});
}

TEST_CASE("Acl: copies are deep") {
  Acl a{{"reader", "SELECT", false}};
  Acl b = a;
  b.insert({"writer", "INSERT", false});
  CHECK(a.size() == 1);
  CHECK(b.size() == 2);
  CHECK(a != b);
  a = b;
  CHECK(a == b);
  b.clear();
  CHECK(a.size() == 2);
  a = Acl{};
  CHECK(a.empty());
}
