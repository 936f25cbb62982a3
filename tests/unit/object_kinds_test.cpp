// Collations, INSTEAD OF triggers on views and view column defaults: lowering, emitting, and
// the differ's and planner's handling (created, dropped, changed, recreated with their view).
#include <doctest/doctest.h>

#include <algorithm>

#include "compiler/compile.hpp"
#include "compiler/emit.hpp"
#include "tests/unit/compile_test_support.hpp"
#include "tests/unit/diff_ir_test.hpp"

using namespace schemactl;
using namespace schemactl::test_compile;
using namespace schemactl::test_ir;

namespace {
bool has_warning(const CompileResult& r, const std::string& code) {
  return std::any_of(r.diagnostics.begin(), r.diagnostics.end(), [&](const Diagnostic& d) { return d.code == code; });
}

const char* kViewWithTrigger = R"(
  CREATE TABLE t (a int, b text DEFAULT '');
  CREATE VIEW v AS SELECT * FROM t;
  ALTER VIEW v ALTER COLUMN b SET DEFAULT '';
  CREATE FUNCTION ins() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO t VALUES (NEW.a, NEW.b); RETURN NEW; END $$;
  CREATE TRIGGER v_ins INSTEAD OF INSERT ON v FOR EACH ROW EXECUTE FUNCTION ins();
  COMMENT ON TRIGGER v_ins ON v IS 'writes through';
)";
}  // namespace

TEST_CASE("CREATE COLLATION: providers, locales, FROM, and COLLATE names that resolve to it") {
  auto r = ok(R"(
    CREATE COLLATION numeric (provider = icu, locale = 'en-u-kn-true');
    CREATE COLLATION posix FROM "POSIX";
    CREATE COLLATION copy FROM numeric;
    CREATE COLLATION icu_en FROM "en-x-icu";
    CREATE COLLATION split (lc_collate = 'C', lc_ctype = 'POSIX');
    CREATE COLLATION nocase (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
    COMMENT ON COLLATION numeric IS 'numbers as numbers';
    CREATE TABLE t (a text COLLATE numeric, b text COLLATE "C", c text COLLATE public.posix, d text COLLATE later);
    CREATE INDEX ON t (a COLLATE nocase);
    CREATE COLLATION later (locale = 'C');
  )");
  const auto& c = r.catalog.collations;
  REQUIRE(c.size() == 7);
  const auto& numeric = c.at({"public", "numeric"});
  CHECK(numeric.provider == "icu");
  CHECK(numeric.locale == std::optional<std::string>("en-u-kn-true"));
  CHECK(!numeric.lc_collate);
  CHECK(numeric.deterministic);
  CHECK(numeric.comment == std::optional<std::string>("numbers as numbers"));
  const auto& posix = c.at({"public", "posix"});
  CHECK(posix.provider == "libc");
  CHECK(posix.lc_collate == std::optional<std::string>("POSIX"));
  CHECK(posix.lc_ctype == std::optional<std::string>("POSIX"));
  ir::Collation copy = c.at({"public", "copy"});
  copy.name = numeric.name;
  copy.comment = numeric.comment;
  CHECK(copy == numeric);
  CHECK(c.at({"public", "icu_en"}).locale == std::optional<std::string>("en"));
  CHECK(c.at({"public", "split"}).lc_collate == std::optional<std::string>("C"));
  CHECK(c.at({"public", "split"}).lc_ctype == std::optional<std::string>("POSIX"));
  CHECK_FALSE(c.at({"public", "nocase"}).deterministic);
  CHECK(c.at({"public", "later"}).lc_collate == std::optional<std::string>("C"));
  // Unqualified names find the user's collation (even one created later); built-in ones stay in pg_catalog.
  const auto& t = r.catalog.tables.at({"public", "t"});
  CHECK(t.columns[0].collation == std::optional<std::string>("public.\"numeric\""));
  CHECK(t.columns[1].collation == std::optional<std::string>("pg_catalog.\"C\""));
  CHECK(t.columns[2].collation == std::optional<std::string>("public.posix"));
  CHECK(t.columns[3].collation == std::optional<std::string>("public.later"));
  CHECK(r.catalog.indexes.begin()->second.elements[0].collation == std::optional<std::string>("public.nocase"));
  CHECK_FALSE(has_warning(r, "unmanaged-statement"));

  // Emitted before the table that uses it, and compiled back to the same IR.
  std::string sql = emit_catalog(r.catalog);
  CHECK(sql.find("CREATE COLLATION public.\"numeric\" (provider = icu, locale = 'en-u-kn-true');") != std::string::npos);
  CHECK(sql.find("CREATE COLLATION public.split (provider = libc, lc_collate = 'C', lc_ctype = 'POSIX');") != std::string::npos);
  CHECK(sql.find("deterministic = false") != std::string::npos);
  CHECK(sql.find("CREATE COLLATION public.later") < sql.find("CREATE TABLE public.t"));
  CHECK(ok(sql).catalog == r.catalog);
}

TEST_CASE("collation errors: duplicate, unknown FROM source, ICU without a locale; DROP COLLATION") {
  CHECK_FALSE(compile_text("CREATE COLLATION c (locale = 'C'); CREATE COLLATION c (locale = 'C');").ok());
  CHECK_FALSE(compile_text("CREATE COLLATION c FROM app.nothing;").ok());
  CHECK_FALSE(compile_text("CREATE COLLATION c (provider = icu);").ok());
  CHECK(ok("CREATE COLLATION IF NOT EXISTS c (locale = 'C'); CREATE COLLATION IF NOT EXISTS c (locale = 'C');")
            .catalog.collations.size() == 1);
  CHECK(ok("CREATE COLLATION c (locale = 'C'); DROP COLLATION c;").catalog.collations.empty());
}

TEST_CASE("triggers on views and view column defaults are lowered onto the view") {
  auto r = ok(kViewWithTrigger);
  const auto& v = r.catalog.views.at({"public", "v"});
  REQUIRE(v.triggers.count("v_ins"));
  const auto& trig = v.triggers.at("v_ins");
  CHECK(trig.timing == "INSTEAD OF");
  CHECK(trig.events == std::vector<std::string>{"INSERT"});
  CHECK(trig.for_each_row);
  CHECK(trig.function == ir::QualifiedName{"public", "ins"});
  CHECK(trig.comment == std::optional<std::string>("writes through"));
  REQUIRE(v.column_defaults.count("b"));
  CHECK(v.column_defaults.at("b").text == "''");
  // The key is taken with the column's type: the server's ''::text is the same default.
  CHECK(v.column_defaults.at("b") == r.catalog.tables.at({"public", "t"}).find_column("b")->default_expr);
  auto dumped = ok(std::string(kViewWithTrigger) + "ALTER VIEW v ALTER COLUMN b SET DEFAULT ''::text;");
  CHECK(dumped.catalog.views.at({"public", "v"}).column_defaults == v.column_defaults);

  std::string sql = emit_catalog(r.catalog);
  CHECK(sql.find("ALTER VIEW public.v ALTER COLUMN b SET DEFAULT '';") != std::string::npos);
  CHECK(sql.find("CREATE TRIGGER v_ins INSTEAD OF INSERT ON public.v FOR EACH ROW EXECUTE FUNCTION public.ins();") >
        sql.find("CREATE VIEW public.v"));
  CHECK(ok(sql).catalog == r.catalog);

  auto dropped = ok(std::string(kViewWithTrigger) + "DROP TRIGGER v_ins ON v; ALTER VIEW v ALTER COLUMN b DROP DEFAULT;");
  CHECK(dropped.catalog.views.at({"public", "v"}).triggers.empty());
  CHECK(dropped.catalog.views.at({"public", "v"}).column_defaults.empty());
  CHECK_FALSE(compile_text("CREATE VIEW v AS SELECT 1 AS a; ALTER VIEW v ALTER COLUMN nope SET DEFAULT 1;").ok());
}

namespace {
ir::View view(const std::string& name, const std::string& query, std::vector<std::string> columns) {
  ir::View v;
  v.name = q(name);
  v.query = expr(query);
  v.columns = std::move(columns);
  return v;
}
ir::Trigger instead_of_insert(const std::string& name, const std::string& function) {
  ir::Trigger t;
  t.name = name;
  t.timing = "INSTEAD OF";
  t.events = {"INSERT"};
  t.for_each_row = true;
  t.function = q(function);
  return t;
}
ir::Catalog with_view_members() {
  ir::Catalog c = with_public();
  add(c, table("t", {col("a", "integer")}));
  ir::Function f;
  f.name = q("ins");
  f.returns = "trigger";
  f.language = "plpgsql";
  f.body = "BEGIN RETURN NEW; END";
  f.acl = {{"PUBLIC", "EXECUTE", false}};
  c.functions[f.signature()] = f;
  ir::View v = view("v", "SELECT t.a FROM public.t", {"a"});
  v.triggers["v_ins"] = instead_of_insert("v_ins", "ins");
  v.column_defaults["a"] = expr("0");
  c.views[v.name] = v;
  c.dependencies.value.insert(ir::Dependency{{ir::ObjectKind::View, q("v"), {}}, {ir::ObjectKind::Column, q("t"), "a"}});
  c.dependencies.value.insert(ir::Dependency{{ir::ObjectKind::Trigger, q("v"), "v_ins"}, {ir::ObjectKind::View, q("v"), {}}});
  c.dependencies.value.insert(
      ir::Dependency{{ir::ObjectKind::Trigger, q("v"), "v_ins"}, {ir::ObjectKind::Function, q("ins"), "()"}});
  return c;
}
}  // namespace

TEST_CASE("plan: a view's triggers and defaults follow the view and its function") {
  ir::Catalog to = with_view_members();
  ir::Catalog from = with_public();
  add(from, table("t", {col("a", "integer")}));
  auto sql = statements(plan_of(from, to));
  REQUIRE(sql.size() == 4);
  CHECK(sql[0].rfind("CREATE FUNCTION public.ins()", 0) == 0);
  CHECK(sql[1].rfind("CREATE VIEW public.v", 0) == 0);
  CHECK(std::find(sql.begin(), sql.end(), "ALTER TABLE public.v ALTER COLUMN a SET DEFAULT 0") > sql.begin() + 1);
  CHECK(std::find(sql.begin(), sql.end(),
                  "CREATE TRIGGER v_ins INSTEAD OF INSERT ON public.v FOR EACH ROW EXECUTE FUNCTION public.ins()") >
        sql.begin() + 1);
  // Dropping the view takes its triggers and defaults along.
  CHECK(statements(plan_of(to, from)) ==
        std::vector<std::string>{"DROP VIEW public.v", "DROP FUNCTION public.ins()"});

  // In place: a changed default, a removed trigger.
  ir::Catalog changed = to;
  changed.views.at(q("v")).column_defaults["a"] = expr("1");
  changed.views.at(q("v")).triggers.clear();
  CHECK(statements(plan_of(to, changed)) ==
        std::vector<std::string>{"DROP TRIGGER v_ins ON public.v", "ALTER TABLE public.v ALTER COLUMN a SET DEFAULT 1"});
}

TEST_CASE("plan: a view recreated around a retyped column gets its triggers and defaults back") {
  ir::Catalog from = with_view_members();
  ir::Catalog to = from;
  to.tables.at(q("t")).columns[0].type = "bigint";
  auto sql = statements(plan_of(from, to));
  REQUIRE(sql.size() == 5);
  CHECK(sql[0] == "DROP VIEW public.v");
  CHECK(sql[1] == "ALTER TABLE public.t ALTER COLUMN a TYPE bigint");
  CHECK(sql[2].rfind("CREATE VIEW public.v", 0) == 0);
  std::vector<std::string> members(sql.begin() + 3, sql.end());
  std::sort(members.begin(), members.end());
  CHECK(members == std::vector<std::string>{
                       "ALTER TABLE public.v ALTER COLUMN a SET DEFAULT 0",
                       "CREATE TRIGGER v_ins INSTEAD OF INSERT ON public.v FOR EACH ROW EXECUTE FUNCTION public.ins()"});

  // A trigger function that is dropped and created again (its result type changed) takes the
  // view's trigger along, not the view.
  ir::Catalog new_result = from;
  new_result.functions.begin()->second.returns = "event_trigger";
  auto recreated = statements(plan_of(from, new_result));
  REQUIRE(recreated.size() == 4);
  CHECK(recreated[0] == "DROP TRIGGER v_ins ON public.v");
  CHECK(recreated[1] == "DROP FUNCTION public.ins()");
  CHECK(recreated[2].rfind("CREATE FUNCTION public.ins() RETURNS event_trigger", 0) == 0);
  CHECK(recreated[3] == "CREATE TRIGGER v_ins INSTEAD OF INSERT ON public.v FOR EACH ROW EXECUTE FUNCTION public.ins()");
}

TEST_CASE("plan: collations are created before the columns that use them and dropped after") {
  ir::Catalog from = with_public();
  ir::Collation posix;
  posix.name = q("posix");
  posix.lc_collate = posix.lc_ctype = "POSIX";
  from.collations[posix.name] = posix;
  auto column = col("b", "text");
  column.collation = "public.posix";
  add(from, table("t", {column}));
  ir::Catalog to = with_public();
  ir::Collation numeric;
  numeric.name = q("numeric");
  numeric.provider = "icu";
  numeric.locale = "en-u-kn-true";
  to.collations[numeric.name] = numeric;
  column.collation = "public.\"numeric\"";
  add(to, table("t", {column}));
  CHECK(statements(plan_of(from, to)) ==
        std::vector<std::string>{"CREATE COLLATION public.\"numeric\" (provider = icu, locale = 'en-u-kn-true')",
                                 "ALTER TABLE public.t ALTER COLUMN b TYPE text COLLATE public.\"numeric\"",
                                 "DROP COLLATION public.posix"});
  // A changed definition is a drop and a create; a comment is set in place.
  ir::Catalog changed = from;
  changed.collations.at(q("posix")).lc_ctype = "C";
  changed.tables.clear();
  ir::Catalog base = from;
  base.tables.clear();
  CHECK(statements(plan_of(base, changed)) ==
        std::vector<std::string>{"DROP COLLATION public.posix",
                                 "CREATE COLLATION public.posix (provider = libc, lc_collate = 'POSIX', lc_ctype = 'C')"});
  changed = base;
  changed.collations.at(q("posix")).comment = "x";
  CHECK(statements(plan_of(base, changed)) == std::vector<std::string>{"COMMENT ON COLLATION public.posix IS 'x'"});
}
