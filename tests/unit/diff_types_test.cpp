// The differ and planner on enums, domains, composite types, sequences, schemas, extensions.
#include <doctest/doctest.h>
#include <fmt/ranges.h>

#include "compiler/diff/extension_version.hpp"
#include "tests/unit/diff_ir_test.hpp"

using namespace schemactl;
using namespace schemactl::test_ir;
using plan::Hazard;

namespace {
ir::EnumType mood(std::vector<std::string> labels) {
  ir::EnumType e;
  e.name = q("mood");
  e.labels = std::move(labels);
  return e;
}
}  // namespace

TEST_CASE("enum: new values are added in place with BEFORE/AFTER") {
  ir::Catalog from = with_public(), to = with_public();
  from.enums[q("mood")] = mood({"sad", "happy"});
  to.enums[q("mood")] = mood({"angry", "sad", "ok", "happy", "ecstatic"});
  auto p = plan_of(from, to);
  CHECK(statements(p) == std::vector<std::string>{
                             "ALTER TYPE public.mood ADD VALUE 'angry' BEFORE 'sad'",
                             "ALTER TYPE public.mood ADD VALUE 'ok' AFTER 'sad'",
                             "ALTER TYPE public.mood ADD VALUE 'ecstatic'",
                         });
  // Unused in the migration: the values can be added inside its transaction.
  for (const auto& s : p.steps) CHECK(s.transactional);
  CHECK(has_hazard(p.steps[0], Hazard::NotReversible));
}

TEST_CASE("enum: a removed value recreates the type and casts every column that uses it") {
  ir::Catalog from = with_public(), to = with_public();
  from.enums[q("mood")] = mood({"sad", "ok", "happy"});
  to.enums[q("mood")] = mood({"sad", "happy"});
  add(from, table("people", {col("m", "public.mood", false, "'ok'::public.mood")}));
  add(to, table("people", {col("m", "public.mood", false, "'happy'::public.mood")}));
  auto p = plan_of(from, to);
  auto sql = statements(p);
  REQUIRE(sql.size() >= 6);
  CHECK(sql == std::vector<std::string>{
                   "ALTER TYPE public.mood RENAME TO mood__schemactl_old",
                   unterminated(emit::create_enum(to.enums.at(q("mood")))),
                   "ALTER TABLE public.people ALTER COLUMN m DROP DEFAULT",
                   "ALTER TABLE public.people ALTER COLUMN m TYPE public.mood USING m::text::public.mood",
                   // the desired default, not the old one: 'ok' no longer exists
                   "ALTER TABLE public.people ALTER COLUMN m SET DEFAULT 'happy'::public.mood",
                   "DROP TYPE public.mood__schemactl_old",
               });
  bool deletes = false;
  for (const auto& s : p.steps) deletes = deletes || has_hazard(s, Hazard::DeletesData);
  CHECK(deletes);
}

TEST_CASE("enum: a view that reads a converted column is dropped before the recreation and created after") {
  // The view depends on the column only (pg_depend names the column, not the type), and
  // ALTER COLUMN ... TYPE fails while a view reads it.
  ir::Catalog from = with_public(), to = with_public();
  from.enums[q("mood")] = mood({"sad", "ok", "happy"});
  to.enums[q("mood")] = mood({"sad", "happy"});
  add(from, table("people", {col("m", "public.mood")}));
  add(to, table("people", {col("m", "public.mood")}));
  ir::View v;
  v.name = q("moods");
  v.query = expr("SELECT people.m FROM public.people");
  v.columns = {"m"};
  from.views[v.name] = v;
  to.views[v.name] = v;
  from.dependencies.value.insert(
      ir::Dependency{{ir::ObjectKind::View, q("moods"), {}}, {ir::ObjectKind::Column, q("people"), "m"}});
  auto sql = statements(plan_of(from, to));
  INFO(fmt::format("{}", fmt::join(sql, "\n")));
  REQUIRE(sql.size() == 6);
  CHECK(sql.front() == "DROP VIEW public.moods");
  CHECK(sql[1] == "ALTER TYPE public.mood RENAME TO mood__schemactl_old");
  CHECK(sql[4] == "DROP TYPE public.mood__schemactl_old");
  CHECK(sql[3] == "ALTER TABLE public.people ALTER COLUMN m TYPE public.mood USING m::text::public.mood");
  CHECK(sql.back() == unterminated(emit::create_view(v)));
}

TEST_CASE("enum: a recreated type converts no column of a table or column that the migration drops") {
  ir::Catalog from = with_public(), to = with_public();
  from.enums[q("mood")] = mood({"sad", "ok", "happy"});
  to.enums[q("mood")] = mood({"sad", "happy"});
  add(from, table("people", {col("m", "public.mood"), col("old", "public.mood")}));
  add(from, table("gone", {col("m", "public.mood")}));
  add(to, table("people", {col("m", "public.mood")}));
  auto sql = statements(plan_of(from, to));
  CHECK(sql == std::vector<std::string>{
                   "DROP TABLE public.gone",
                   "ALTER TABLE public.people DROP COLUMN old",
                   "ALTER TYPE public.mood RENAME TO mood__schemactl_old",
                   unterminated(emit::create_enum(to.enums.at(q("mood")))),
                   "ALTER TABLE public.people ALTER COLUMN m TYPE public.mood USING m::text::public.mood",
                   "DROP TYPE public.mood__schemactl_old",
               });
}

TEST_CASE("enum: a value added and used by a default in the same migration runs outside the transaction") {
  ir::Catalog from = with_public(), to = with_public();
  from.enums[q("mood")] = mood({"sad"});
  to.enums[q("mood")] = mood({"sad", "happy"});
  add(from, table("people", {col("m", "public.mood")}));
  add(to, table("people", {col("m", "public.mood", false, "'happy'::public.mood")}));
  auto p = plan_of(from, to);
  REQUIRE(p.steps.size() == 2);
  CHECK_FALSE(p.steps[0].transactional);
  CHECK(has_hazard(p.steps[0], Hazard::NoTransaction));
  CHECK(p.steps[1].transactional);
  CHECK(plan::sections(p).size() == 2);
}

TEST_CASE("enum types are created before the tables that use them and dropped after") {
  ir::Catalog from = with_public(), to = with_public();
  to.enums[q("mood")] = mood({"sad"});
  add(to, table("people", {col("m", "public.mood")}));
  auto sql = statements(plan_of(from, to));
  REQUIRE(sql.size() == 2);
  CHECK(sql[0] == unterminated(emit::create_enum(to.enums.at(q("mood")))));
  auto back = statements(plan_of(to, from));
  REQUIRE(back.size() == 2);
  CHECK(back[0] == "DROP TABLE public.people");
  CHECK(back[1] == "DROP TYPE public.mood");
}

TEST_CASE("domains: defaults, NOT NULL and checks change in place; a new base type recreates") {
  ir::Catalog from = with_public(), to = with_public();
  ir::Domain d;
  d.name = q("posint");
  d.base_type = "integer";
  d.checks["posint_check"].name = "posint_check";
  d.checks["posint_check"].expr = expr("VALUE > 0");
  from.domains[d.name] = d;
  d.not_null = true;
  d.default_expr = expr("1");
  d.checks["posint_check"].expr = expr("VALUE >= 1");
  to.domains[d.name] = d;
  CHECK(statements(plan_of(from, to)) ==
        std::vector<std::string>{"ALTER DOMAIN public.posint SET DEFAULT 1", "ALTER DOMAIN public.posint SET NOT NULL",
                                 "ALTER DOMAIN public.posint DROP CONSTRAINT posint_check",
                                 "ALTER DOMAIN public.posint ADD CONSTRAINT posint_check CHECK (VALUE >= 1)"});
  to.domains[d.name].base_type = "bigint";
  auto sql = statements(plan_of(from, to));
  REQUIRE(sql.size() == 2);
  CHECK(sql[0] == "DROP DOMAIN public.posint");
  CHECK(sql[1].rfind("CREATE DOMAIN public.posint AS bigint", 0) == 0);
}

TEST_CASE("composite types: attributes added, dropped and retyped with ALTER TYPE") {
  ir::Catalog from = with_public(), to = with_public();
  ir::CompositeType t;
  t.name = q("pair");
  t.attributes = {{"a", "integer", {}, {}}, {"b", "text", {}, {}}};
  from.composite_types[t.name] = t;
  t.attributes = {{"a", "bigint", {}, {}}, {"c", "date", {}, {}}};
  to.composite_types[t.name] = t;
  CHECK(statements(plan_of(from, to)) ==
        std::vector<std::string>{
            "ALTER TYPE public.pair DROP ATTRIBUTE b, ALTER ATTRIBUTE a TYPE bigint, ADD ATTRIBUTE c date"});
}

TEST_CASE("sequences: options and ownership") {
  ir::Catalog from = with_public(), to = with_public();
  ir::Sequence s;
  s.name = q("counter");
  from.sequences[s.name] = s;
  s.options.increment = 5;
  s.options.cycle = true;
  to.sequences[s.name] = s;
  auto p = plan_of(from, to);
  CHECK(statements(p) == std::vector<std::string>{"ALTER SEQUENCE public.counter INCREMENT BY 5 CYCLE"});
  CHECK(p.steps[0].reverse_sql() == std::string("ALTER SEQUENCE public.counter INCREMENT BY 1 NO CYCLE") + ";\n");
  auto dropped = plan_of(from, with_public());
  CHECK(statements(dropped) == std::vector<std::string>{"DROP SEQUENCE public.counter"});
  CHECK(has_hazard(dropped.steps[0], Hazard::DeletesData));
}

TEST_CASE("schemas are created before their objects and dropped after them") {
  ir::Catalog from = with_public(), to = with_public();
  to.schemas["app"].name = "app";
  ir::Table t = table("t", {col("a", "integer")});
  t.name = {"app", "t"};
  to.tables[t.name] = t;
  auto sql = statements(plan_of(from, to));
  REQUIRE(sql.size() == 2);
  CHECK(sql[0] == "CREATE SCHEMA app");
  CHECK(sql[1] == "CREATE TABLE app.t (\n    a integer\n)");
  auto back = statements(plan_of(to, from));
  CHECK(back == std::vector<std::string>{"DROP TABLE app.t", "DROP SCHEMA app"});
}

TEST_CASE("extensions: created, dropped, updated when both sides know the version") {
  ir::Catalog from = with_public(), to = with_public();
  ir::Extension e;
  e.name = "hstore";
  e.schema = "public";
  to.extensions["hstore"] = e;
  CHECK(statements(plan_of(from, to)) ==
        std::vector<std::string>{"CREATE EXTENSION IF NOT EXISTS hstore WITH SCHEMA public"});
  from.extensions["hstore"] = e;
  from.extensions["hstore"].version = "1.7";
  CHECK(plan_of(from, to).empty());  // the schema file names no version: nothing to do
  to.extensions["hstore"].version = "1.8";
  auto up = plan_of(from, to);
  CHECK(statements(up) == std::vector<std::string>{"ALTER EXTENSION hstore UPDATE TO '1.8'"});
  CHECK(has_hazard(up.steps[0], Hazard::NotReversible));
  // No update script goes backwards: the way back drops the extension and creates the old version.
  CHECK(statements(plan_of(to, from)) ==
        std::vector<std::string>{"DROP EXTENSION hstore", "CREATE EXTENSION IF NOT EXISTS hstore WITH SCHEMA public VERSION '1.7'"});
}

TEST_CASE("extension versions order numerically part by part") {
  CHECK(diff::version_before("1.3", "1.4"));
  CHECK(diff::version_before("1.9", "1.10"));
  CHECK(diff::version_before("1.2", "1.2.1"));
  CHECK_FALSE(diff::version_before("1.10", "1.9"));
  CHECK_FALSE(diff::version_before("1.4", "1.4"));
}

TEST_CASE("sequences: narrowed bounds move the current value inside them first") {
  ir::Catalog from = with_public(), to = with_public();
  ir::Sequence s;
  s.name = q("testseq");
  s.options.increment = 10;
  from.sequences[s.name] = s;
  s.options.min_value = 1000;
  s.options.start = 1000;
  to.sequences[s.name] = s;
  CHECK(statements(plan_of(from, to)) ==
        std::vector<std::string>{
            "SELECT pg_catalog.setval('public.testseq', GREATEST(LEAST(last_value, 9223372036854775807), 1000), is_called) "
            "FROM public.testseq",
            "ALTER SEQUENCE public.testseq MINVALUE 1000 START WITH 1000"});
  // Widening needs no such step.
  CHECK(statements(plan_of(to, from)) == std::vector<std::string>{"ALTER SEQUENCE public.testseq MINVALUE 1 START WITH 1"});
}
