// The differ and planner on tables and columns (hand-built IR, no database).
#include <doctest/doctest.h>

#include <algorithm>

#include "tests/unit/diff_ir_test.hpp"

using namespace schemactl;
using namespace schemactl::test_ir;
using plan::Hazard;

namespace {
ir::Catalog users_catalog() {
  ir::Catalog c = with_public();
  add(c, table("users", {col("id", "integer", true, "nextval('public.users_id_seq'::regclass)"),
                         col("email", "character varying(255)", true), col("username", "character varying(100)", true),
                         col("created_at", "timestamp without time zone", false, "now()"),
                         col("is_active", "boolean", false, "true")}));
  add_constraint(c, "users", pk("users_pkey", {"id"}));
  add_constraint(c, "users", unique("users_email_key", {"email"}));
  add_constraint(c, "users", unique("users_username_key", {"username"}));
  ir::Sequence s;
  s.name = q("users_id_seq");
  s.options.type = "integer";
  s.options.max_value = 2147483647;
  s.owned_by_table = q("users");
  s.owned_by_column = "id";
  c.sequences[s.name] = s;
  return c;
}
}  // namespace

TEST_CASE("create table: the seed example is one CREATE TABLE with a serial column") {
  auto p = plan_of(with_public(), users_catalog());
  auto sql = statements(p);
  REQUIRE(sql.size() == 1);
  CHECK(sql[0] ==
        "CREATE TABLE public.users (\n"
        "    id serial NOT NULL,\n"
        "    email character varying(255) NOT NULL,\n"
        "    username character varying(100) NOT NULL,\n"
        "    created_at timestamp without time zone DEFAULT now(),\n"
        "    is_active boolean DEFAULT true,\n"
        "    CONSTRAINT users_email_key UNIQUE (email),\n"
        "    CONSTRAINT users_pkey PRIMARY KEY (id),\n"
        "    CONSTRAINT users_username_key UNIQUE (username)\n"
        ")");
  // The reverse of creating the table drops it (and its sequence); a new table has no hazards.
  CHECK(p.steps[0].reverse_sql() == std::string("DROP TABLE public.users") + ";\n");
  CHECK(p.steps[0].hazards.empty());
}

TEST_CASE("create table: a sequence that serial would not create stays a sequence of its own") {
  // Options other than serial's defaults: CREATE SEQUENCE, CREATE TABLE, OWNED BY.
  ir::Catalog to = users_catalog();
  to.sequences.at(q("users_id_seq")).options.increment = 2;
  auto sql = statements(plan_of(with_public(), to));
  REQUIRE(sql.size() == 3);
  CHECK(sql[0].rfind("CREATE SEQUENCE public.users_id_seq", 0) == 0);
  CHECK(sql[1].find("id integer DEFAULT nextval('public.users_id_seq'::regclass) NOT NULL") != std::string::npos);
  CHECK(sql[2] == "ALTER SEQUENCE public.users_id_seq OWNED BY public.users.id");
  // A nullable column is not what serial creates either.
  ir::Catalog nullable = users_catalog();
  nullable.tables.at(q("users")).columns[0].not_null = false;
  CHECK(statements(plan_of(with_public(), nullable)).size() == 3);
}

TEST_CASE("add column: a new serial column of an existing table is ADD COLUMN ... serial") {
  ir::Catalog from = with_public();
  add(from, table("t", {col("a", "text")}));
  ir::Catalog to = from;
  to.tables.at(q("t")).columns.push_back(col("id", "bigint", true, "nextval('public.t_id_seq'::regclass)"));
  ir::Sequence s;
  s.name = q("t_id_seq");
  s.owned_by_table = q("t");
  s.owned_by_column = "id";
  to.sequences[s.name] = s;
  auto p = plan_of(from, to);
  REQUIRE(statements(p) == std::vector<std::string>{"ALTER TABLE public.t ADD COLUMN id bigserial NOT NULL"});
  CHECK(has_hazard(p.steps[0], Hazard::RewritesTable));
  CHECK(statements(plan_of(to, from)) == std::vector<std::string>{"ALTER TABLE public.t DROP COLUMN id"});
}

TEST_CASE("an inherited column dropped with its parent's column is added back when the child keeps it") {
  ir::Catalog from = with_public();
  add(from, table("base", {col("created_at", "timestamp without time zone"), col("e", "integer")}));
  ir::Table child = table("a", {col("created_at", "timestamp without time zone"), col("e", "integer"), col("a1", "integer")});
  child.columns[0].is_local = child.columns[1].is_local = false;
  child.inherits = {q("base")};
  add(from, child);
  ir::Catalog to = from;
  to.tables.at(q("base")).columns.pop_back();
  to.tables.at(q("a")).columns[1].is_local = true;
  CHECK(statements(plan_of(from, to)) ==
        std::vector<std::string>{"ALTER TABLE public.base DROP COLUMN e", "ALTER TABLE public.a ADD COLUMN e integer"});
}

TEST_CASE("drop table: the sequence goes with its owner, and the step deletes data") {
  auto p = plan_of(users_catalog(), with_public());
  auto sql = statements(p);
  REQUIRE(sql == std::vector<std::string>{"DROP TABLE public.users"});
  CHECK(has_hazard(p.steps[0], Hazard::DeletesData));
  CHECK(has_hazard(p.steps[0], Hazard::AccessExclusiveLock));
  CHECK(p.steps[0].reverse[0].rfind("CREATE TABLE public.users (", 0) == 0);
}

TEST_CASE("add and drop columns") {
  auto from = users_catalog();
  auto to = from;
  auto& cols = to.tables.at(q("users")).columns;
  cols.erase(cols.begin() + 4);  // is_active
  cols.push_back(col("bio", "text"));
  auto p = plan_of(from, to);
  auto sql = statements(p);
  REQUIRE(sql.size() == 2);
  CHECK(sql[0] == "ALTER TABLE public.users DROP COLUMN is_active");
  CHECK(sql[1] == "ALTER TABLE public.users ADD COLUMN bio text");
  CHECK(has_hazard(p.steps[0], Hazard::DeletesData));
  CHECK(p.steps[0].reverse_sql() == std::string("ALTER TABLE public.users ADD COLUMN is_active boolean DEFAULT true") + ";\n");
  CHECK(p.steps[1].reverse_sql() == std::string("ALTER TABLE public.users DROP COLUMN bio") + ";\n");
}

TEST_CASE("column type changes: USING only without an assignment cast; narrowing deletes data") {
  ir::Catalog from = with_public();
  add(from, table("t", {col("a", "integer"), col("b", "text"), col("c", "character varying(255)"),
                        col("d", "character varying(10)")}));
  ir::Catalog to = with_public();
  add(to, table("t", {col("a", "text"), col("b", "integer"), col("c", "character varying(100)"), col("d", "text")}));
  auto p = plan_of(from, to);
  auto sql = statements(p);
  REQUIRE(sql.size() == 4);
  CHECK(sql[0] == "ALTER TABLE public.t ALTER COLUMN a TYPE text");
  CHECK(sql[1] == "ALTER TABLE public.t ALTER COLUMN b TYPE integer USING b::integer");
  CHECK(sql[2] == "ALTER TABLE public.t ALTER COLUMN c TYPE character varying(100)");
  CHECK(sql[3] == "ALTER TABLE public.t ALTER COLUMN d TYPE text");
  CHECK(has_hazard(p.steps[0], Hazard::RewritesTable));
  CHECK(has_hazard(p.steps[1], Hazard::DeletesData));
  CHECK(has_hazard(p.steps[2], Hazard::DeletesData));
  CHECK_FALSE(has_hazard(p.steps[3], Hazard::RewritesTable));  // varchar -> text only relabels
  CHECK(p.steps[1].reverse_sql() == std::string("ALTER TABLE public.t ALTER COLUMN b TYPE text") + ";\n");
}

TEST_CASE("a retyped column's default is dropped before and set after the type change") {
  ir::Catalog from = with_public();
  add(from, table("t", {col("a", "text", false, "'1'::text")}));
  ir::Catalog to = with_public();
  add(to, table("t", {col("a", "integer", false, "1")}));
  auto sql = statements(plan_of(from, to));
  REQUIRE(sql.size() == 3);
  CHECK(sql[0] == "ALTER TABLE public.t ALTER COLUMN a DROP DEFAULT");
  CHECK(sql[1] == "ALTER TABLE public.t ALTER COLUMN a TYPE integer USING a::integer");
  CHECK(sql[2] == "ALTER TABLE public.t ALTER COLUMN a SET DEFAULT 1");
}

TEST_CASE("NOT NULL and defaults") {
  ir::Catalog from = with_public();
  add(from, table("t", {col("a", "integer"), col("b", "integer", true, "0")}));
  ir::Catalog to = with_public();
  add(to, table("t", {col("a", "integer", true, "42"), col("b", "integer")}));
  auto p = plan_of(from, to);
  auto sql = statements(p);
  REQUIRE(sql.size() == 4);
  CHECK(sql[0] == "ALTER TABLE public.t ALTER COLUMN a SET DEFAULT 42");
  CHECK(sql[1] == "ALTER TABLE public.t ALTER COLUMN a SET NOT NULL");
  CHECK(sql[2] == "ALTER TABLE public.t ALTER COLUMN b DROP DEFAULT");
  CHECK(sql[3] == "ALTER TABLE public.t ALTER COLUMN b DROP NOT NULL");
  CHECK(has_hazard(p.steps[1], Hazard::ValidatesConstraint));
  CHECK(p.steps[2].reverse_sql() == std::string("ALTER TABLE public.t ALTER COLUMN b SET DEFAULT 0") + ";\n");
}

TEST_CASE("identity: NOT NULL first, then ADD GENERATED; dropping reverses the order") {
  ir::Catalog from = with_public();
  add(from, table("t", {col("id", "bigint")}));
  ir::Catalog to = with_public();
  auto id = col("id", "bigint", true);
  id.identity = ir::Identity{true, q("t_id_seq"), {}};
  add(to, table("t", {id}));
  auto sql = statements(plan_of(from, to));
  REQUIRE(sql.size() == 2);
  CHECK(sql[0] == "ALTER TABLE public.t ALTER COLUMN id SET NOT NULL");
  CHECK(sql[1] == "ALTER TABLE public.t ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY");
  auto back = statements(plan_of(to, from));
  REQUIRE(back.size() == 2);
  CHECK(back[0] == "ALTER TABLE public.t ALTER COLUMN id DROP IDENTITY");
  CHECK(back[1] == "ALTER TABLE public.t ALTER COLUMN id DROP NOT NULL");
}

TEST_CASE("generated columns: dropping the expression keeps the column; a new expression recreates it") {
  ir::Catalog from = with_public();
  auto g = col("b", "integer");
  g.generated = expr("(a * 2)");
  add(from, table("t", {col("a", "integer"), g}));
  ir::Catalog to = with_public();
  add(to, table("t", {col("a", "integer"), col("b", "integer")}));
  CHECK(statements(plan_of(from, to)) == std::vector<std::string>{"ALTER TABLE public.t ALTER COLUMN b DROP EXPRESSION"});
  auto back = statements(plan_of(to, from));
  REQUIRE(back.size() == 2);
  CHECK(back[0] == "ALTER TABLE public.t DROP COLUMN b");
  CHECK(back[1] == "ALTER TABLE public.t ADD COLUMN b integer GENERATED ALWAYS AS ((a * 2)) STORED");
}

TEST_CASE("collation change is a type change with COLLATE") {
  ir::Catalog from = with_public();
  add(from, table("t", {col("a", "text")}));
  ir::Catalog to = with_public();
  auto c = col("a", "text");
  c.collation = "pg_catalog.\"C\"";
  add(to, table("t", {c}));
  CHECK(statements(plan_of(from, to)) ==
        std::vector<std::string>{"ALTER TABLE public.t ALTER COLUMN a TYPE text COLLATE pg_catalog.\"C\""});
}

TEST_CASE("renames come only from renamed_from annotations") {
  ir::Catalog from = with_public();
  add(from, table("old_t", {col("old_c", "integer"), col("x", "text")}));
  ir::Catalog to = with_public();
  auto t = table("new_t", {col("new_c", "integer"), col("x", "text")});
  t.renamed_from.value = ir::QualifiedName{"", "old_t"};
  t.columns[0].renamed_from.value = "old_c";
  add(to, t);
  auto p = plan_of(from, to);
  auto sql = statements(p);
  REQUIRE(sql.size() == 2);
  CHECK(sql[0] == "ALTER TABLE public.old_t RENAME TO new_t");
  CHECK(sql[1] == "ALTER TABLE public.new_t RENAME COLUMN old_c TO new_c");
  CHECK(p.steps[0].reverse_sql() == std::string("ALTER TABLE public.new_t RENAME TO old_t") + ";\n");
  // Without the annotations the same catalogs mean drop and create: never a guessed rename.
  to.tables.at(q("new_t")).renamed_from.value.reset();
  auto guessed = statements(plan_of(from, to));
  CHECK(guessed == std::vector<std::string>{"DROP TABLE public.old_t",
                                            "CREATE TABLE public.new_t (\n    new_c integer,\n    x text\n)"});
}

TEST_CASE("table attributes: RLS, unlogged, options") {
  ir::Catalog from = with_public();
  add(from, table("t", {col("a", "integer")}));
  ir::Catalog to = from;
  auto& t = to.tables.at(q("t"));
  t.rls_enabled = true;
  t.rls_forced = true;
  t.unlogged = true;
  t.options = {"fillfactor=70"};
  auto p = plan_of(from, to);
  auto sql = statements(p);
  REQUIRE(sql.size() == 4);
  CHECK(sql[0] == "ALTER TABLE public.t SET UNLOGGED");
  CHECK(sql[1] == "ALTER TABLE public.t SET (fillfactor=70)");
  CHECK(sql[2] == "ALTER TABLE public.t ENABLE ROW LEVEL SECURITY");
  CHECK(sql[3] == "ALTER TABLE public.t FORCE ROW LEVEL SECURITY");
  CHECK(has_hazard(p.steps[0], Hazard::RewritesTable));
  auto back = statements(plan_of(to, from));
  CHECK(back[0] == "ALTER TABLE public.t SET LOGGED");
  CHECK(back[1] == "ALTER TABLE public.t RESET (fillfactor)");
}

TEST_CASE("partitions: attach and detach") {
  ir::Catalog from = with_public();
  auto parent = table("m", {col("d", "date")});
  parent.kind = ir::TableKind::Partitioned;
  parent.partition_by = "RANGE (d)";
  add(from, parent);
  add(from, table("m_2024", {col("d", "date")}));
  ir::Catalog to = from;
  to.tables.at(q("m_2024")).partition_of = q("m");
  to.tables.at(q("m_2024")).partition_bound = "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')";
  auto p = plan_of(from, to);
  CHECK(statements(p) == std::vector<std::string>{
                             "ALTER TABLE public.m ATTACH PARTITION public.m_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')"});
  CHECK(p.steps[0].reverse_sql() == std::string("ALTER TABLE public.m DETACH PARTITION public.m_2024") + ";\n");
}

TEST_CASE("a new trigger or policy on an existing table gets its comment as a step of its own") {
  ir::Catalog before = with_public();
  add(before, table("audit", {col("id", "integer", true)}));
  ir::Catalog after = before;
  ir::Table& t = after.tables.at(q("audit"));
  ir::Trigger trigger;
  trigger.name = "audit_touch";
  trigger.timing = "BEFORE";
  trigger.events = {"UPDATE"};
  trigger.for_each_row = true;
  trigger.function = ir::QualifiedName{"pg_catalog", "suppress_redundant_updates_trigger"};
  trigger.comment = "skips no-op updates";
  t.triggers[trigger.name] = trigger;
  ir::Policy policy;
  policy.name = "audit_all";
  policy.roles = {"PUBLIC"};
  policy.comment = "everyone";
  t.policies[policy.name] = policy;

  auto up = statements(plan_of(before, after));
  auto has = [&](const std::string& s) { return std::find(up.begin(), up.end(), s) != up.end(); };
  CHECK_MESSAGE(has("COMMENT ON TRIGGER audit_touch ON public.audit IS 'skips no-op updates'"), doctest::toString(up.size()));
  CHECK(has("COMMENT ON POLICY audit_all ON public.audit IS 'everyone'"));
  // A trigger recreated because its definition changed gets its comment back too.
  ir::Catalog changed = after;
  changed.tables.at(q("audit")).triggers.at("audit_touch").events = {"INSERT", "UPDATE"};
  auto again = statements(plan_of(after, changed));
  CHECK(std::find(again.begin(), again.end(), "COMMENT ON TRIGGER audit_touch ON public.audit IS 'skips no-op updates'") !=
        again.end());
}
