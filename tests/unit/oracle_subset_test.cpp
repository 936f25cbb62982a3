// What the oracle loads into the scratch database: the uncertain objects and what they need,
// referenced tables as stubs (runtime/auto_migration_oracle.hpp).
#include <doctest/doctest.h>

#include "runtime/auto_migration_oracle.hpp"
#include "tests/unit/diff_ir_test.hpp"

using namespace schemactl;
using namespace schemactl::test_ir;
using K = ir::ObjectKind;

namespace {
// t1 <- t2 <- t3 by foreign keys, a view on t2, and a table nobody references.
ir::Catalog chain() {
  ir::Catalog c = with_public();
  for (int i = 1; i <= 3; ++i) {
    std::string name = "t" + std::to_string(i);
    add(c, table(name, {col("id", "bigint", true), col("n", "integer", false, "0")}));
    add_constraint(c, name, pk(name + "_pkey", {"id"}));
    if (i > 1) add_constraint(c, name, fk(name + "_id_fkey", {"id"}, "t" + std::to_string(i - 1), {"id"}));
  }
  add(c, table("lonely", {col("a", "text")}));
  ir::View v;
  v.name = q("v");
  v.columns = {"id"};
  v.query = expr("SELECT id FROM public.t2");
  c.views[v.name] = v;
  c.dependencies.value.insert(ir::Dependency{{K::View, q("v"), {}}, {K::Table, q("t2"), {}}});
  return c;
}
}  // namespace

TEST_CASE("a changed view loads with the tables it reads as stubs") {
  ir::Catalog sub = runtime::oracle_subset(chain(), {{K::View, q("v"), {}}});
  CHECK(sub.views.count(q("v")) == 1);
  REQUIRE(sub.tables.size() == 1);
  const ir::Table& t2 = sub.tables.at(q("t2"));
  CHECK(t2.constraints.size() == 1);  // the key, not the foreign key
  CHECK(t2.constraints.count("t2_pkey") == 1);
  CHECK_FALSE(t2.columns[1].default_expr.has_value());
}

TEST_CASE("a changed table loads in full, with the tables its foreign keys reference as stubs") {
  ir::Catalog sub = runtime::oracle_subset(chain(), {{K::Table, q("t2"), {}}});
  REQUIRE(sub.tables.size() == 2);
  CHECK(sub.tables.at(q("t2")) == chain().tables.at(q("t2")));
  CHECK(sub.tables.at(q("t1")).constraints.size() == 1);
  CHECK(sub.views.empty());
}

TEST_CASE("the desired state takes the uncertain objects from the server, the rest from the compiler") {
  ir::Catalog compiled = chain();
  ir::Catalog server = chain();
  server.tables.at(q("t2")).columns[1].default_expr = expr("0::integer");
  server.tables.at(q("t3")).columns[1].default_expr = expr("'server'");
  compiled.tables.at(q("t2")).columns[1].span.value.line = 7;
  ir::Catalog desired = runtime::with_server_spelling(compiled, server, {{K::Table, q("t2"), {}}});
  CHECK(desired.tables.at(q("t2")).columns[1].default_expr->text == "0::integer");
  CHECK(desired.tables.at(q("t2")).columns[1].span.value.line == 7);  // the compiler's span
  CHECK(desired.tables.at(q("t3")).columns[1].default_expr->text == "0");
}
