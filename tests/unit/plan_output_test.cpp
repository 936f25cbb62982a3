// The planner's outputs: hazard comments, JSON, fingerprints, cycle errors.
#include <doctest/doctest.h>

#include "tests/unit/diff_ir_test.hpp"

using namespace schemactl;
using namespace schemactl::test_ir;

TEST_CASE("plan SQL: a summary line and one line per hazard before each step") {
  ir::Catalog from = with_public();
  add(from, table("t", {col("a", "integer"), col("b", "text")}));
  ir::Catalog to = with_public();
  add(to, table("t", {col("a", "integer")}));
  CHECK(plan::plan_sql(plan_of(from, to)) ==
        "-- drop column public.t.b\n"
        "-- hazard: deletes_data: drops column public.t.b and its values\n"
        "-- hazard: access_exclusive_lock: locks table public.t against reads and writes\n"
        "ALTER TABLE public.t DROP COLUMN b;\n");
}

TEST_CASE("plan JSON: steps with SQL, reverse SQL, object, hazards, source; fingerprints") {
  ir::Catalog from = with_public();
  ir::Catalog to = with_public();
  auto t = table("t", {col("a", "integer")});
  t.span.value = {"schema.sql", 3, 1, 40};
  add(to, t);
  std::string json = plan::plan_json(plan_of(from, to), from, to);
  CHECK(json.find("\"summary\": \"create table public.t\"") != std::string::npos);
  CHECK(json.find("\"object\": {\"kind\": \"table\", \"schema\": \"public\", \"name\": \"t\"}") != std::string::npos);
  CHECK(json.find("\"sql\": \"CREATE TABLE public.t (\\n    a integer\\n);\\n\"") != std::string::npos);
  CHECK(json.find("\"reverse_sql\": \"DROP TABLE public.t;\\n\"") != std::string::npos);
  CHECK(json.find("\"source\": {\"file\": \"schema.sql\", \"line\": 3, \"column\": 1}") != std::string::npos);
  CHECK(json.find("\"drift\": true") != std::string::npos);
  CHECK(plan::fingerprint(from) != plan::fingerprint(to));
  CHECK(plan::fingerprint(to) == plan::fingerprint(to));
  CHECK(plan::fingerprint(to).size() == 16);
  CHECK(json.find("\"current_fingerprint\": \"" + plan::fingerprint(from) + "\"") != std::string::npos);
}

TEST_CASE("fingerprints: equal catalogs, equal fingerprints, whatever their texts and sources") {
  // The compiler keeps the user's text, introspection the server's: the same state either way.
  ir::Catalog compiled = with_public();
  auto t = table("t", {col("a", "integer")});
  t.columns[0].default_expr = ir::Expr{"0", "const:0"};
  t.span.value = {"schema.sql", 3, 1, 40};
  t.renamed_from.value = ir::QualifiedName{"public", "old_t"};
  add(compiled, t);
  compiled.extensions["pgcrypto"] = {"pgcrypto", "public", std::nullopt, std::nullopt, {}};
  ir::Catalog server = with_public();
  auto u = table("t", {col("a", "integer")});
  u.columns[0].default_expr = ir::Expr{"(0)::integer", "const:0"};
  add(server, u);
  server.extensions["pgcrypto"] = {"pgcrypto", "public", "1.3", "cryptographic functions", {}};
  REQUIRE(compiled == server);
  CHECK(plan::fingerprint(compiled) == plan::fingerprint(server));
  // What == compares changes the fingerprint.
  server.tables.begin()->second.columns[0].default_expr = ir::Expr{"1", "const:1"};
  CHECK(plan::fingerprint(compiled) != plan::fingerprint(server));
}

TEST_CASE("an empty plan is an empty JSON step list without drift") {
  ir::Catalog c = with_public();
  std::string json = plan::plan_json(plan_of(c, c), c, c);
  CHECK(json.find("\"steps\": []") != std::string::npos);
  CHECK(json.find("\"drift\": false") != std::string::npos);
}

TEST_CASE("a dependency cycle that cannot be repaired is an error naming every step in it") {
  ir::Catalog to = with_public();
  ir::View a, b;
  a.name = q("va");
  a.query = expr("SELECT 1");
  b.name = q("vb");
  b.query = expr("SELECT 2");
  to.views[a.name] = a;
  to.views[b.name] = b;
  to.dependencies.value.insert(ir::Dependency{{ir::ObjectKind::View, q("va"), {}}, {ir::ObjectKind::View, q("vb"), {}}});
  to.dependencies.value.insert(ir::Dependency{{ir::ObjectKind::View, q("vb"), {}}, {ir::ObjectKind::View, q("va"), {}}});
  try {
    plan_of(with_public(), to);
    FAIL("expected a PlanError");
  } catch (const plan::PlanError& e) {
    std::string message = e.what();
    CHECK(message.find("create view public.va") != std::string::npos);
    CHECK(message.find("create view public.vb") != std::string::npos);
  }
}

TEST_CASE("the down plan restores: diff(desired, current) undoes diff(current, desired)") {
  ir::Catalog from = with_public();
  add(from, table("t", {col("a", "integer"), col("b", "text")}));
  ir::Catalog to = with_public();
  add(to, table("t", {col("a", "bigint", true), col("c", "date")}));
  auto up = diff::diff(from, to);
  auto down = diff::diff(to, from);
  CHECK_FALSE(up.empty());
  CHECK_FALSE(down.empty());
  // Every change's inverse renders to the reverse SQL of its step.
  for (const auto& step : plan_of(from, to).steps) CHECK(step.reverse == plan::render(diff::inverse(step.change)));
}
