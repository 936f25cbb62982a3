// Aggregates: lowering (new and old forms, ordered-set, VARIADIC, *, defaults, COMMENT, OWNER,
// GRANT, DROP, errors), emitting, and the differ's and planner's handling (created after their
// support functions, dropped before them, replaced or recreated when changed, inverses).
#include <doctest/doctest.h>

#include <algorithm>

#include "compiler/aggregate_args.hpp"
#include "compiler/compile.hpp"
#include "compiler/emit.hpp"
#include "tests/unit/diff_ir_test.hpp"

using namespace schemactl;
using namespace schemactl::test_ir;

namespace {
std::string errors_of(const CompileResult& r) {
  std::string out;
  for (const auto& d : r.diagnostics)
    if (d.severity == Severity::Error) out += std::to_string(d.line) + ":" + std::to_string(d.column) + " " + d.message + "\n";
  return out;
}
CompileResult ok(const std::string& sql) {
  auto r = compile_text(sql);
  REQUIRE_MESSAGE(r.ok(), errors_of(r));
  return r;
}
bool has_code(const CompileResult& r, const std::string& code) {
  return std::any_of(r.diagnostics.begin(), r.diagnostics.end(), [&](const Diagnostic& d) { return d.code == code; });
}

// pagila's aggregate, with a view that uses it.
const char* kGroupConcat = R"(
CREATE FUNCTION _group_concat(text, text) RETURNS text LANGUAGE sql IMMUTABLE
    AS $_$ SELECT CASE WHEN $2 IS NULL THEN $1 WHEN $1 IS NULL THEN $2 ELSE $1 || ', ' || $2 END $_$;
CREATE AGGREGATE group_concat(text) (SFUNC = _group_concat, STYPE = text);
CREATE TABLE t (a text);
CREATE VIEW v AS SELECT group_concat(a) AS all_a FROM t;
)";
}  // namespace

TEST_CASE("CREATE AGGREGATE: support functions qualified, types canonical, defaults filled in") {
  auto r = ok(std::string(kGroupConcat) + R"(
    COMMENT ON AGGREGATE group_concat(text) IS 'comma-separated';
    ALTER AGGREGATE group_concat(text) OWNER TO app;
    REVOKE ALL ON FUNCTION group_concat(text) FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION public.group_concat(text) TO reader;
  )");
  REQUIRE(r.catalog.aggregates.size() == 1);
  const ir::Aggregate& a = r.catalog.aggregates.at("public.group_concat(text)");
  CHECK(a.identity_args == "text");
  CHECK(a.kind == "normal");
  CHECK(a.sfunc == "public._group_concat");
  CHECK(a.stype == "text");
  CHECK(a.finalfunc_modify == "READ_ONLY");
  CHECK(a.parallel == "UNSAFE");
  CHECK(!a.initcond);
  CHECK(a.comment == std::optional<std::string>("comma-separated"));
  CHECK(a.owner == std::optional<std::string>("app"));
  CHECK(a.acl == ir::Acl{{"reader", "EXECUTE", false}});
  CHECK_FALSE(has_code(r, "unmanaged-statement"));

  // Emitted after its function and before the view; compiled back to the same IR.
  std::string sql = emit_catalog(r.catalog, EmitOptions{.owners = true, .privileges = true});
  auto create = sql.find("CREATE AGGREGATE public.group_concat(text) (\n    SFUNC = public._group_concat,\n    STYPE = text\n);");
  REQUIRE(create != std::string::npos);
  CHECK(sql.find("CREATE FUNCTION public._group_concat") < create);
  CHECK(create < sql.find("CREATE VIEW public.v"));
  CHECK(sql.find("COMMENT ON AGGREGATE public.group_concat(text) IS 'comma-separated';") != std::string::npos);
  CHECK(sql.find("ALTER AGGREGATE public.group_concat(text) OWNER TO app;") != std::string::npos);
  CHECK(sql.find("REVOKE EXECUTE ON FUNCTION public.group_concat(text) FROM PUBLIC;") != std::string::npos);
  CHECK(sql.find("GRANT EXECUTE ON FUNCTION public.group_concat(text) TO reader;") != std::string::npos);
  CHECK(ok(sql).catalog == r.catalog);
}

TEST_CASE("CREATE AGGREGATE: ordered-set, hypothetical, VARIADIC, (*), old form, every option") {
  auto r = ok(R"(
    CREATE AGGREGATE pct(float8 ORDER BY float8) (sfunc = ordered_set_transition, stype = internal,
        finalfunc = percentile_disc_final, finalfunc_extra);
    CREATE AGGREGATE rnk(VARIADIC "any" ORDER BY VARIADIC "any") (sfunc = ordered_set_transition_multi,
        stype = internal, finalfunc = rank_final, finalfunc_extra, hypothetical);
    CREATE AGGREGATE mode2(ORDER BY anyelement) (sfunc = ordered_set_transition, stype = internal,
        finalfunc = mode_final, finalfunc_extra, finalfunc_modify = read_write);
    CREATE AGGREGATE cnt(*) (sfunc = pg_catalog.int8inc, stype = int8, initcond = 0, parallel = safe);
    CREATE AGGREGATE old_sum (basetype = int4, sfunc = int4pl, stype = int4, initcond = '-1');
    CREATE AGGREGATE msum(x int4) (sfunc = int4pl, stype = int4, msfunc = int4pl, minvfunc = int4mi,
        mstype = int4, minitcond = '0', combinefunc = int4pl, sortop = >, sspace = 16);
  )");
  const auto& aggs = r.catalog.aggregates;
  REQUIRE(aggs.size() == 6);
  const auto& pct = aggs.at("public.pct(double precision ORDER BY double precision)");
  CHECK(pct.kind == "ordered-set");
  CHECK(pct.direct_args == 1);
  CHECK(pct.finalfunc_modify == "READ_WRITE");  // the ordered-set default
  CHECK(pct.function_args() == "double precision, double precision");
  const auto& rnk = aggs.at("public.rnk(VARIADIC \"any\" ORDER BY VARIADIC \"any\")");
  CHECK(rnk.kind == "hypothetical");
  CHECK(rnk.arguments.size() == 1);
  CHECK(aggs.at("public.mode2(ORDER BY anyelement)").direct_args == 0);
  const auto& cnt = aggs.at("public.cnt()");
  CHECK(cnt.sfunc == "int8inc");
  CHECK(cnt.initcond == std::optional<std::string>("0"));
  CHECK(cnt.parallel == "SAFE");
  CHECK(aggs.at("public.old_sum(integer)").initcond == std::optional<std::string>("-1"));
  const auto& msum = aggs.at("public.msum(integer)");
  CHECK(msum.arguments[0].name == std::optional<std::string>("x"));
  CHECK(msum.minvfunc == std::optional<std::string>("int4mi"));
  CHECK(msum.mstype == std::optional<std::string>("integer"));
  CHECK(msum.sortop == std::optional<std::string>(">"));
  CHECK(msum.sspace == 16);

  std::string sql = emit_catalog(r.catalog);
  CHECK(sql.find("CREATE AGGREGATE public.cnt(*) (") != std::string::npos);
  CHECK(sql.find("CREATE AGGREGATE public.rnk(VARIADIC \"any\" ORDER BY VARIADIC \"any\") (") != std::string::npos);
  CHECK(sql.find("    SORTOP = OPERATOR(pg_catalog.>)") != std::string::npos);
  CHECK(sql.find("FINALFUNC_MODIFY") == std::string::npos);  // READ_WRITE is mode2's default
  CHECK(ok(sql).catalog == r.catalog);

  // Found by their function-style argument list; dropped.
  auto dropped = ok(R"(
    CREATE AGGREGATE pct(float8 ORDER BY float8) (sfunc = ordered_set_transition, stype = internal);
    GRANT EXECUTE ON FUNCTION pct(float8, float8) TO reader;
    COMMENT ON AGGREGATE pct(float8 ORDER BY float8) IS 'x';
    CREATE AGGREGATE cnt(*) (sfunc = int8inc, stype = int8);
    DROP AGGREGATE cnt(*);
  )");
  REQUIRE(dropped.catalog.aggregates.size() == 1);
  CHECK(dropped.catalog.aggregates.begin()->second.acl.count({"reader", "EXECUTE", false}));
  CHECK(dropped.catalog.aggregates.begin()->second.comment == std::optional<std::string>("x"));
}

TEST_CASE("aggregate errors: defined twice (line:column), clash with a function, unknown support function") {
  auto twice = compile_text("CREATE AGGREGATE a(int) (sfunc = int4pl, stype = int4);\n"
                            "  CREATE AGGREGATE a(integer) (sfunc = int4pl, stype = int4);");
  REQUIRE_FALSE(twice.ok());
  CHECK(errors_of(twice) == "2:3 aggregate public.a(integer) is defined twice\n");
  CHECK(ok("CREATE AGGREGATE a(int) (sfunc = int4pl, stype = int4);"
           "CREATE OR REPLACE AGGREGATE a(int) (sfunc = int4mi, stype = int4);")
            .catalog.aggregates.at("public.a(integer)")
            .sfunc == "int4mi");
  CHECK_FALSE(compile_text("CREATE FUNCTION a(int, int) RETURNS int LANGUAGE sql AS 'SELECT 1';"
                           "CREATE AGGREGATE a(int ORDER BY int) (sfunc = f, stype = int4);")
                  .ok());
  auto unknown = compile_text("CREATE AGGREGATE a(int) (sfunc = app.nothing, stype = int4);");
  REQUIRE_FALSE(unknown.ok());
  CHECK(has_code(unknown, "unknown-function"));
  CHECK_FALSE(compile_text("CREATE AGGREGATE a(int) (stype = int4);").ok());
  CHECK_FALSE(compile_text("COMMENT ON AGGREGATE nothing(int) IS 'x';").ok());
}

TEST_CASE("aggregate argument lists as print_function_arguments prints them") {
  std::vector<ir::FunctionArgument> two{{"IN", "x", "double precision", {}}, {"IN", std::nullopt, "integer", {}}};
  CHECK(aggregate_argument_list(two, "normal", 0, true) == "x double precision, integer");
  CHECK(aggregate_argument_list(two, "ordered-set", 1, false) == "double precision ORDER BY integer");
  CHECK(aggregate_argument_list(two, "ordered-set", 0, false) == "ORDER BY double precision, integer");
  std::vector<ir::FunctionArgument> variadic{{"VARIADIC", std::nullopt, "\"any\"", {}}};
  CHECK(aggregate_argument_list(variadic, "hypothetical", 1, false) == "VARIADIC \"any\" ORDER BY VARIADIC \"any\"");
  CHECK(aggregate_argument_list({}, "normal", 0, false).empty());
  CHECK(aggregate_function_args("VARIADIC \"any\" ORDER BY VARIADIC \"any\"") == "\"any\"");
  CHECK(aggregate_function_args("double precision ORDER BY integer") == "double precision, integer");
  CHECK(aggregate_function_args("ORDER BY anyelement") == "anyelement");
  CHECK(aggregate_function_args("integer, VARIADIC integer[]") == "integer, integer[]");
  CHECK(aggregate_support_function("public._group_concat") == ir::QualifiedName{"public", "_group_concat"});
  CHECK(aggregate_support_function("\"My\".\"f.x\"") == ir::QualifiedName{"My", "f.x"});
  CHECK_FALSE(aggregate_support_function("int8inc"));
}

namespace {
ir::Function concat_function() {
  ir::Function f;
  f.name = q("_group_concat");
  f.identity_args = "text, text";
  f.arguments = {{"IN", std::nullopt, "text", {}}, {"IN", std::nullopt, "text", {}}};
  f.returns = "text";
  f.language = "sql";
  f.body = "SELECT $1 || $2";
  f.acl = {{"PUBLIC", "EXECUTE", false}};
  return f;
}
ir::Aggregate group_concat() {
  ir::Aggregate a;
  a.name = q("group_concat");
  a.identity_args = "text";
  a.arguments = {{"IN", std::nullopt, "text", {}}};
  a.sfunc = "public._group_concat";
  a.stype = "text";
  a.acl = {{"PUBLIC", "EXECUTE", false}};
  return a;
}
ir::Catalog with_group_concat() {
  ir::Catalog c = with_public();
  ir::Function f = concat_function();
  c.functions[f.signature()] = f;
  ir::Aggregate a = group_concat();
  c.aggregates[a.signature()] = a;
  return c;
}
}  // namespace

TEST_CASE("plan: an aggregate is created after its support function and dropped before it") {
  ir::Catalog to = with_group_concat();
  ir::Catalog from = with_public();
  auto plan = plan_of(from, to);
  auto sql = statements(plan);
  REQUIRE(sql.size() == 2);
  CHECK(sql[0].rfind("CREATE FUNCTION public._group_concat(text, text)", 0) == 0);
  CHECK(sql[1] == "CREATE AGGREGATE public.group_concat(text) (\n    SFUNC = public._group_concat,\n    STYPE = text\n)");
  CHECK(plan.steps[1].reverse_sql() == "DROP AGGREGATE public.group_concat(text);\n");
  CHECK(plan.steps[1].summary == "create aggregate public.group_concat(text)");
  CHECK(statements(plan_of(to, from)) ==
        std::vector<std::string>{"DROP AGGREGATE public.group_concat(text)", "DROP FUNCTION public._group_concat(text, text)"});
}

TEST_CASE("plan: a changed aggregate is replaced in place, or dropped and created when its arguments change") {
  ir::Catalog from = with_group_concat();
  ir::Catalog to = from;
  to.aggregates.begin()->second.initcond = "";
  to.aggregates.begin()->second.parallel = "SAFE";
  auto replaced = plan_of(from, to);
  REQUIRE(replaced.steps.size() == 1);
  CHECK(replaced.steps[0].sql().rfind("CREATE OR REPLACE AGGREGATE public.group_concat(text) (", 0) == 0);
  CHECK(replaced.steps[0].sql().find("INITCOND = ''") != std::string::npos);
  CHECK(replaced.steps[0].reverse_sql().find("INITCOND") == std::string::npos);
  CHECK(replaced.steps[0].reverse_sql().rfind("CREATE OR REPLACE AGGREGATE", 0) == 0);

  // Another kind (ordered-set) is a new identity: the old one dropped, the new one created.
  ir::Catalog ordered = from;
  ir::Aggregate a = group_concat();
  a.kind = "ordered-set";
  a.direct_args = 0;
  a.identity_args = "ORDER BY text";
  ordered.aggregates.clear();
  ordered.aggregates[a.signature()] = a;
  CHECK(statements(plan_of(from, ordered)).front() == "DROP AGGREGATE public.group_concat(text)");

  // Comment, privileges, owner: in place.
  ir::Catalog commented = from;
  commented.aggregates.begin()->second.comment = "joined";
  commented.aggregates.begin()->second.acl = {{"reader", "EXECUTE", false}};
  auto attributes = plan_of(from, commented);
  CHECK(statements(attributes) == std::vector<std::string>{
                                      "COMMENT ON AGGREGATE public.group_concat(text) IS 'joined'",
                                      "REVOKE EXECUTE ON FUNCTION public.group_concat(text) FROM PUBLIC",
                                      "GRANT EXECUTE ON FUNCTION public.group_concat(text) TO reader"});
  CHECK(attributes.steps[0].reverse_sql() == "COMMENT ON AGGREGATE public.group_concat(text) IS NULL;\n");
}

TEST_CASE("plan: a support function dropped and created again takes its aggregate and the views along") {
  ir::Catalog from = with_group_concat();
  ir::ObjectId aggregate{ir::ObjectKind::Aggregate, q("group_concat"), "(text)"};
  from.dependencies.value.insert(
      ir::Dependency{aggregate, {ir::ObjectKind::Function, q("_group_concat"), "(text, text)"}});
  ir::View v;
  v.name = q("v");
  v.query = expr("SELECT public.group_concat('a'::text) AS g");
  v.columns = {"g"};
  from.views[v.name] = v;
  from.dependencies.value.insert(ir::Dependency{{ir::ObjectKind::View, q("v"), {}}, aggregate});
  ir::Catalog to = from;
  to.functions.begin()->second.language = "plpgsql";
  to.functions.begin()->second.returns = "character varying";  // a new result: drop and create
  auto sql = statements(plan_of(from, to));
  REQUIRE(sql.size() == 6);
  CHECK(sql[0] == "DROP VIEW public.v");
  CHECK(sql[1] == "DROP AGGREGATE public.group_concat(text)");
  CHECK(sql[2] == "DROP FUNCTION public._group_concat(text, text)");
  CHECK(sql[3].rfind("CREATE FUNCTION public._group_concat", 0) == 0);
  CHECK(sql[4].rfind("CREATE AGGREGATE public.group_concat(text)", 0) == 0);
  CHECK(sql[5].rfind("CREATE VIEW public.v", 0) == 0);
}
