// Grants to an object's owner are dropped from a desired state, by the live database's owners.
#include <doctest/doctest.h>

#include "compiler/owner_privileges.hpp"
#include "tests/unit/diff_ir_test.hpp"

using namespace schemactl;
using namespace schemactl::test_ir;

TEST_CASE("owner privileges: a GRANT to the live owner asks for nothing; others stay") {
  ir::Catalog desired = with_public();
  auto t = table("t", {col("a", "integer")});
  t.acl = {{"app_owner", "SELECT", false}, {"reader", "SELECT", false}};
  t.columns[0].acl = {{"app_owner", "UPDATE", false}, {"reader", "UPDATE", false}};
  add(desired, t);
  auto created = table("new_table", {col("a", "integer")});
  created.acl = {{"migrator", "INSERT", false}, {"app_owner", "INSERT", false}};
  add(desired, created);
  ir::Function f;
  f.name = q("f");
  f.identity_args = "integer";
  f.acl = {{"PUBLIC", "EXECUTE", false}, {"app_owner", "EXECUTE", false}};
  desired.functions[f.signature()] = f;
  ir::Aggregate agg;
  agg.name = q("total");
  agg.identity_args = "integer";
  agg.acl = {{"PUBLIC", "EXECUTE", false}, {"app_owner", "EXECUTE", false}};
  desired.aggregates[agg.signature()] = agg;

  ir::Catalog live = with_public();
  live.owners.value[{ir::ObjectKind::Table, q("t"), {}}] = "app_owner";
  live.owners.value[ir::owner_key({ir::ObjectKind::Function, q("f"), "integer"})] = "app_owner";
  live.owners.value[ir::owner_key({ir::ObjectKind::Aggregate, q("total"), "(integer)"})] = "app_owner";
  live.session_role.value = "migrator";

  ir::Catalog unchanged = desired;
  drop_owner_privileges(unchanged, with_public());  // read without owners: nothing is known
  CHECK(unchanged == desired);

  drop_owner_privileges(desired, live);
  const auto& now = desired.tables.at(q("t"));
  CHECK(now.acl == ir::Acl{{"reader", "SELECT", false}});
  CHECK(now.columns[0].acl == ir::Acl{{"reader", "UPDATE", false}});
  // Not on the live side yet: the migration's role will own it.
  CHECK(desired.tables.at(q("new_table")).acl == ir::Acl{{"app_owner", "INSERT", false}});
  CHECK(desired.functions.at(f.signature()).acl == ir::Acl{{"PUBLIC", "EXECUTE", false}});
  CHECK(desired.aggregates.at(agg.signature()).acl == ir::Acl{{"PUBLIC", "EXECUTE", false}});
}

TEST_CASE("owner privileges: a renamed table is owned under its old name") {
  ir::Catalog desired = with_public();
  auto t = table("people", {col("a", "integer")});
  t.renamed_from.value = ir::QualifiedName{"", "users"};
  t.acl = {{"app_owner", "SELECT", false}};
  add(desired, t);
  ir::Catalog live = with_public();
  live.owners.value[{ir::ObjectKind::Table, q("users"), {}}] = "app_owner";
  live.session_role.value = "migrator";
  drop_owner_privileges(desired, live);
  CHECK(desired.tables.at(q("people")).acl.empty());
}
