// The differ and planner on constraints, indexes, views, functions, triggers, policies,
// comments and privileges.
#include <doctest/doctest.h>

#include "compiler/plan/function_body_references.hpp"
#include "tests/unit/diff_ir_test.hpp"

using namespace schemactl;
using namespace schemactl::test_ir;
using plan::Hazard;

namespace {
ir::Catalog two_tables() {
  ir::Catalog c = with_public();
  add(c, table("a", {col("id", "integer", true), col("b_id", "integer")}));
  add(c, table("b", {col("id", "integer", true), col("a_id", "integer")}));
  add_constraint(c, "a", pk("a_pkey", {"id"}));
  add_constraint(c, "b", pk("b_pkey", {"id"}));
  return c;
}
ir::Index index(const std::string& name, const std::string& table, const std::string& column) {
  ir::Index i;
  i.name = q(name);
  i.table = q(table);
  ir::IndexElement e;
  e.column = column;
  i.elements.push_back(e);
  return i;
}
ir::View view(const std::string& name, const std::string& query, std::vector<std::string> columns) {
  ir::View v;
  v.name = q(name);
  v.query = expr(query);
  v.columns = std::move(columns);
  return v;
}
ir::Function function(const std::string& name, const std::string& body, const std::string& returns = "integer") {
  ir::Function f;
  f.name = q(name);
  f.returns = returns;
  f.language = "sql";
  f.body = body;
  f.acl = {{"PUBLIC", "EXECUTE", false}};
  return f;
}
}  // namespace

TEST_CASE("foreign keys between new tables that reference each other: tables first, then keys") {
  ir::Catalog to = two_tables();
  add_constraint(to, "a", fk("a_b_fk", {"b_id"}, "b", {"id"}));
  add_constraint(to, "b", fk("b_a_fk", {"a_id"}, "a", {"id"}));
  auto sql = statements(plan_of(with_public(), to));
  REQUIRE(sql.size() == 4);
  CHECK(sql[0].rfind("CREATE TABLE public.a", 0) == 0);
  CHECK(sql[1].rfind("CREATE TABLE public.b", 0) == 0);
  CHECK(sql[2] == "ALTER TABLE public.a ADD CONSTRAINT a_b_fk FOREIGN KEY (b_id) REFERENCES public.b(id)");
  CHECK(sql[3] == "ALTER TABLE public.b ADD CONSTRAINT b_a_fk FOREIGN KEY (a_id) REFERENCES public.a(id)");
  // Dropping both: the keys go first, so the cycle never blocks a DROP TABLE.
  auto back = statements(plan_of(to, with_public()));
  REQUIRE(back.size() == 4);
  CHECK(back[0] == "ALTER TABLE public.a DROP CONSTRAINT a_b_fk");
  CHECK(back[1] == "ALTER TABLE public.b DROP CONSTRAINT b_a_fk");
}

TEST_CASE("a dropped primary key is dropped after the foreign keys that reference it") {
  ir::Catalog from = two_tables();
  add_constraint(from, "b", fk("b_a_fk", {"a_id"}, "a", {"id"}));
  ir::Catalog to = two_tables();
  to.tables.at(q("a")).constraints.erase("a_pkey");
  auto sql = statements(plan_of(from, to));
  CHECK(sql == std::vector<std::string>{"ALTER TABLE public.b DROP CONSTRAINT b_a_fk",
                                        "ALTER TABLE public.a DROP CONSTRAINT a_pkey"});
}

TEST_CASE("constraints: changed means drop and add; same definition under a new name is a rename") {
  ir::Catalog from = with_public();
  add(from, table("t", {col("x", "integer")}));
  add_constraint(from, "t", check("x_positive", "(x > 0)"));
  add_constraint(from, "t", check("old_name", "(x < 100)"));
  ir::Catalog to = with_public();
  add(to, table("t", {col("x", "integer")}));
  add_constraint(to, "t", check("x_positive", "(x >= 0)"));
  add_constraint(to, "t", check("new_name", "(x < 100)"));
  auto p = plan_of(from, to);
  auto sql = statements(p);
  REQUIRE(sql.size() == 3);
  CHECK(sql[0] == "ALTER TABLE public.t RENAME CONSTRAINT old_name TO new_name");
  CHECK(sql[1] == "ALTER TABLE public.t DROP CONSTRAINT x_positive");
  CHECK(sql[2] == "ALTER TABLE public.t ADD CONSTRAINT x_positive CHECK ((x >= 0))");
  CHECK(has_hazard(p.steps[2], Hazard::ValidatesConstraint));
}

TEST_CASE("NOT VALID constraints: added without a scan, validated later") {
  ir::Catalog from = with_public();
  add(from, table("t", {col("x", "integer")}));
  ir::Catalog to = from;
  auto k = check("x_positive", "(x > 0)");
  k.not_valid = true;
  add_constraint(to, "t", k);
  auto p = plan_of(from, to);
  CHECK(statements(p) == std::vector<std::string>{"ALTER TABLE public.t ADD CONSTRAINT x_positive CHECK ((x > 0)) NOT VALID"});
  CHECK_FALSE(has_hazard(p.steps[0], Hazard::ValidatesConstraint));
  ir::Catalog valid = to;
  valid.tables.at(q("t")).constraints.at("x_positive").not_valid = false;
  auto v = plan_of(to, valid);
  CHECK(statements(v) == std::vector<std::string>{"ALTER TABLE public.t VALIDATE CONSTRAINT x_positive"});
  CHECK(has_hazard(v.steps[0], Hazard::NotReversible));
}

TEST_CASE("indexes: added, dropped, changed, renamed by definition") {
  ir::Catalog from = with_public();
  add(from, table("t", {col("a", "integer"), col("b", "integer")}));
  ir::Catalog to = from;
  from.indexes[q("t_a_idx")] = index("t_a_idx", "t", "a");
  from.indexes[q("t_b_idx")] = index("t_b_idx", "t", "b");
  to.indexes[q("t_a_renamed")] = index("t_a_renamed", "t", "a");
  auto changed = index("t_b_idx", "t", "b");
  changed.unique = true;
  to.indexes[q("t_b_idx")] = changed;
  auto p = plan_of(from, to);
  auto sql = statements(p);
  REQUIRE(sql.size() == 3);
  CHECK(sql[0] == "ALTER INDEX public.t_a_idx RENAME TO t_a_renamed");
  CHECK(sql[1] == "DROP INDEX public.t_b_idx");
  CHECK(sql[2] == "CREATE UNIQUE INDEX t_b_idx ON public.t USING btree (b)");
  CHECK(has_hazard(p.steps[2], Hazard::BuildsIndex));
}

TEST_CASE("views that depend on a retyped column are dropped before and recreated after, in order") {
  ir::Catalog from = with_public();
  add(from, table("t", {col("a", "integer")}));
  from.views[q("v1")] = view("v1", "SELECT t.a FROM public.t", {"a"});
  from.views[q("v2")] = view("v2", "SELECT v1.a FROM public.v1", {"a"});
  from.dependencies.value.insert(ir::Dependency{{ir::ObjectKind::View, q("v1"), {}}, {ir::ObjectKind::Column, q("t"), "a"}});
  from.dependencies.value.insert(ir::Dependency{{ir::ObjectKind::View, q("v2"), {}}, {ir::ObjectKind::View, q("v1"), {}}});
  ir::Catalog to = from;
  to.tables.at(q("t")).columns[0].type = "bigint";
  auto sql = statements(plan_of(from, to));
  CHECK(sql == std::vector<std::string>{"DROP VIEW public.v2", "DROP VIEW public.v1",
                                        "ALTER TABLE public.t ALTER COLUMN a TYPE bigint",
                                        unterminated(emit::create_view(to.views.at(q("v1")))),
                                        unterminated(emit::create_view(to.views.at(q("v2"))))});
}

TEST_CASE("views: appended columns use CREATE OR REPLACE; other changes drop and create") {
  ir::Catalog from = with_public(), to = with_public();
  from.views[q("v")] = view("v", "SELECT 1 AS a", {"a"});
  to.views[q("v")] = view("v", "SELECT 1 AS a, 2 AS b", {"a", "b"});
  auto replaced = statements(plan_of(from, to));
  REQUIRE(replaced.size() == 1);
  CHECK(replaced[0].rfind("CREATE OR REPLACE VIEW public.v (a, b) AS", 0) == 0);
  CHECK(replaced[0].find("SELECT 1 AS a, 2 AS b") != std::string::npos);
  auto back = statements(plan_of(to, from));
  CHECK(back == std::vector<std::string>{"DROP VIEW public.v", unterminated(emit::create_view(from.views.at(q("v"))))});
}

TEST_CASE("functions: CREATE OR REPLACE for a new body; drop and create for a new result type") {
  ir::Catalog from = with_public(), to = with_public();
  auto f = function("answer", "SELECT 41");
  from.functions[f.signature()] = f;
  f.body = "SELECT 42";
  to.functions[f.signature()] = f;
  auto sql = statements(plan_of(from, to));
  REQUIRE(sql.size() == 1);
  CHECK(sql[0] == unterminated(emit::create_function(f, true)));
  CHECK(sql[0].rfind("CREATE OR REPLACE FUNCTION public.answer()", 0) == 0);
  f.returns = "bigint";
  to.functions[f.signature()] = f;
  sql = statements(plan_of(from, to));
  REQUIRE(sql.size() == 2);
  CHECK(sql[0] == "DROP FUNCTION public.answer()");
}

TEST_CASE("an SQL function is created after the relations and functions its body names") {
  // pg_depend records nothing for a body given as a string, but CREATE FUNCTION checks it.
  ir::Catalog to = with_public();
  add(to, table("t", {col("a", "integer")}));
  to.views[q("zz_view")] = view("zz_view", "SELECT t.a FROM public.t", {"a"});
  auto helper = function("zz_helper", "SELECT 1");
  to.functions[helper.signature()] = helper;
  auto reader = function("aa_reader", " SELECT count(*)::integer FROM zz_view WHERE zz_helper() = 1 ");
  to.functions[reader.signature()] = reader;
  auto sql = statements(plan_of(with_public(), to));
  auto position = [&](const std::string& prefix) {
    for (size_t i = 0; i < sql.size(); ++i)
      if (sql[i].rfind(prefix, 0) == 0) return static_cast<int>(i);
    return -1;
  };
  REQUIRE(position("CREATE FUNCTION public.aa_reader()") >= 0);
  CHECK(position("CREATE VIEW public.zz_view") < position("CREATE FUNCTION public.aa_reader()"));
  CHECK(position("CREATE FUNCTION public.zz_helper()") < position("CREATE FUNCTION public.aa_reader()"));
  // And dropped before them.
  auto back = statements(plan_of(to, with_public()));
  auto back_position = [&](const std::string& prefix) {
    for (size_t i = 0; i < back.size(); ++i)
      if (back[i].rfind(prefix, 0) == 0) return static_cast<int>(i);
    return -1;
  };
  CHECK(back_position("DROP FUNCTION public.aa_reader()") < back_position("DROP VIEW public.zz_view"));
  // A search_path setting decides where an unqualified name is looked up.
  auto elsewhere = reader;
  elsewhere.config = {"search_path=other, pg_temp"};
  CHECK(plan::body_search_path(elsewhere) == std::vector<std::string>{"other", "pg_temp"});
  CHECK(plan::body_search_path(reader) == std::vector<std::string>{"public"});
  auto refs = plan::body_references(reader);
  CHECK(refs.relations == std::vector<ir::QualifiedName>{{"", "zz_view"}});
  CHECK(refs.functions == std::vector<ir::QualifiedName>{{"", "count"}, {"", "zz_helper"}});
  elsewhere.language = "plpgsql";
  CHECK(plan::body_references(elsewhere).relations.empty());
}

TEST_CASE("triggers: created after their function and table; a changed trigger is recreated") {
  ir::Catalog to = with_public();
  add(to, table("t", {col("a", "integer")}));
  auto f = function("touch", "BEGIN RETURN NEW; END", "trigger");
  f.language = "plpgsql";
  to.functions[f.signature()] = f;
  ir::Trigger trig;
  trig.name = "t_touch";
  trig.timing = "BEFORE";
  trig.events = {"UPDATE"};
  trig.for_each_row = true;
  trig.function = q("touch");
  to.tables.at(q("t")).triggers["t_touch"] = trig;
  auto sql = statements(plan_of(with_public(), to));
  REQUIRE(sql.size() == 3);
  CHECK(sql[2] == "CREATE TRIGGER t_touch BEFORE UPDATE ON public.t FOR EACH ROW EXECUTE FUNCTION public.touch()");
  ir::Catalog changed = to;
  changed.tables.at(q("t")).triggers["t_touch"].events = {"INSERT", "UPDATE"};
  auto p = statements(plan_of(to, changed));
  CHECK(p == std::vector<std::string>{
                 "DROP TRIGGER t_touch ON public.t",
                 "CREATE TRIGGER t_touch BEFORE INSERT OR UPDATE ON public.t FOR EACH ROW EXECUTE FUNCTION public.touch()"});
  changed = to;
  changed.tables.at(q("t")).triggers["t_touch"].enabled = 'D';
  CHECK(statements(plan_of(to, changed)) == std::vector<std::string>{"ALTER TABLE public.t DISABLE TRIGGER t_touch"});
}

TEST_CASE("policies and row level security") {
  ir::Catalog from = with_public();
  add(from, table("t", {col("owner", "text")}));
  ir::Catalog to = from;
  auto& t = to.tables.at(q("t"));
  t.rls_enabled = true;
  ir::Policy p;
  p.name = "own_rows";
  p.roles = {"PUBLIC"};
  p.using_expr = expr("(owner = CURRENT_USER)");
  t.policies["own_rows"] = p;
  auto sql = statements(plan_of(from, to));
  CHECK(sql == std::vector<std::string>{"ALTER TABLE public.t ENABLE ROW LEVEL SECURITY",
                                        "CREATE POLICY own_rows ON public.t USING ((owner = CURRENT_USER))"});
  ir::Catalog altered = to;
  altered.tables.at(q("t")).policies["own_rows"].roles = {"app_user"};
  CHECK(statements(plan_of(to, altered)) == std::vector<std::string>{"ALTER POLICY own_rows ON public.t TO app_user"});
}

TEST_CASE("comments and privileges") {
  ir::Catalog from = with_public();
  add(from, table("t", {col("a", "integer")}));
  ir::Catalog to = from;
  to.tables.at(q("t")).comment = "it's a table";
  to.tables.at(q("t")).columns[0].comment = "a column";
  to.tables.at(q("t")).acl = {{"reader", "SELECT", false}};
  to.tables.at(q("t")).columns[0].acl = {{"writer", "UPDATE", false}};
  auto p = plan_of(from, to);
  CHECK(statements(p) == std::vector<std::string>{
                             "COMMENT ON COLUMN public.t.a IS 'a column'",
                             "GRANT UPDATE (a) ON TABLE public.t TO writer",
                             "COMMENT ON TABLE public.t IS 'it''s a table'",
                             "GRANT SELECT ON TABLE public.t TO reader",
                         });
  auto back = statements(plan_of(to, from));
  CHECK(back == std::vector<std::string>{"COMMENT ON COLUMN public.t.a IS NULL",
                                         "REVOKE UPDATE (a) ON TABLE public.t FROM writer",
                                         "COMMENT ON TABLE public.t IS NULL", "REVOKE SELECT ON TABLE public.t FROM reader"});
}

TEST_CASE("owners are compared only when asked and both sides know them") {
  ir::Catalog from = with_public();
  add(from, table("t", {col("a", "integer")}));
  ir::Catalog to = from;
  from.tables.at(q("t")).owner = "alice";
  to.tables.at(q("t")).owner = "bob";
  CHECK(plan_of(from, to).empty());
  diff::DiffOptions owners;
  owners.owners = true;
  CHECK(statements(plan::make_plan(from, to, owners)) == std::vector<std::string>{"ALTER TABLE public.t OWNER TO bob"});
}

TEST_CASE("a table dropped with an index whose WHERE calls a function goes before the function") {
  ir::Catalog from = with_public(), to = with_public();
  auto f = function("is_active", "SELECT true", "boolean");
  from.functions[f.signature()] = f;
  add(from, table("subscriptions", {col("id", "bigint", true), col("status", "text")}));
  ir::Index index;
  index.name = q("subscriptions_active_idx");
  index.table = q("subscriptions");
  ir::IndexElement element;
  element.column = "id";
  index.elements.push_back(element);
  index.where = expr("public.is_active(status)");
  from.indexes[index.name] = index;
  // As pg_depend records it: the index (which has no step of its own) depends on the function.
  from.dependencies.value.insert(
      ir::Dependency{{ir::ObjectKind::Index, index.name, ""}, {ir::ObjectKind::Function, f.name, "()"}});
  auto sql = statements(plan_of(from, to));
  REQUIRE(sql.size() == 2);
  CHECK(sql[0] == "DROP TABLE public.subscriptions");
  CHECK(sql[1] == "DROP FUNCTION public.is_active()");
}
