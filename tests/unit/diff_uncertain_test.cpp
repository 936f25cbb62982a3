// Which changes of an offline diff need the server as the oracle (compiler/diff/uncertain.hpp).
#include <doctest/doctest.h>

#include "compiler/diff/uncertain.hpp"
#include "tests/unit/diff_ir_test.hpp"

using namespace schemactl;
using namespace schemactl::test_ir;

namespace {
ir::Catalog base() {
  ir::Catalog c = with_public();
  add(c, table("t", {col("id", "bigint", true), col("note", "text"), col("n", "integer", false, "0")}));
  add_constraint(c, "t", pk("t_pkey", {"id"}));
  return c;
}
}  // namespace

TEST_CASE("columns, tables and indexes added or dropped are certain") {
  ir::Catalog from = base(), to = base();
  auto& t = to.tables.at(q("t"));
  t.columns.erase(t.columns.begin() + 1);                   // drop note
  t.columns.push_back(col("flag", "boolean", true, "false"));  // add flag with a default
  t.columns[0].type = "integer";                             // retype id
  add(to, table("orders", {col("id", "bigint")}));
  ir::Index index;
  index.name = q("t_flag_idx");
  index.table = q("t");
  to.indexes[index.name] = index;
  CHECK(diff::uncertain_objects(diff::diff(from, to)).empty());
}

TEST_CASE("a changed default, a changed constraint or a rename by definition is uncertain") {
  ir::Catalog from = base(), to = base();
  to.tables.at(q("t")).columns[2].default_expr = expr("1");
  auto uncertain = diff::uncertain_objects(diff::diff(from, to));
  CHECK(uncertain == std::set<ir::ObjectId>{{ir::ObjectKind::Table, q("t"), ""}});

  ir::Catalog checked = base();
  add_constraint(checked, "t", check("t_n_check", "(n > 0)"));
  ir::Catalog rechecked = base();
  add_constraint(rechecked, "t", check("t_n_check", "n > 0"));
  CHECK(diff::uncertain_objects(diff::diff(checked, rechecked)).size() == 1);

  ir::Catalog renamed = base();
  add_constraint(renamed, "t", check("n_positive", "(n > 0)"));
  CHECK(diff::uncertain_objects(diff::diff(checked, renamed)).size() == 1);
}
