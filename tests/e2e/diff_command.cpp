// `schemactl diff` against a real server: SQL and JSON output, --exit-code for CI.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
#include <simdjson.h>

#include "tests/e2e/runner_support.hpp"

using namespace schemactl::test;

namespace {

// `diff --format json` output, parsed (the tree lives in `parser`); fails the test when it is not JSON.
simdjson::dom::element parse_plan(simdjson::dom::parser& parser, const std::string& json) {
  simdjson::dom::element root;
  REQUIRE_MESSAGE(parser.parse(json).get(root) == simdjson::SUCCESS, json);
  return root;
}

// The plan's current and desired fingerprints.
std::pair<std::string, std::string> fingerprints_of(simdjson::dom::element plan) {
  std::string_view current, desired;
  REQUIRE(plan["current_fingerprint"].get(current) == simdjson::SUCCESS);
  REQUIRE(plan["desired_fingerprint"].get(desired) == simdjson::SUCCESS);
  return {std::string(current), std::string(desired)};
}

}  // namespace

TEST_CASE("diff prints the plan with hazards and --exit-code signals drift") {
  TestDatabase db("diffcmd");
  db.exec("CREATE TABLE t (a integer, b text);");
  ProjectDir project;
  project.write("schema.sql", "CREATE TABLE t (a bigint NOT NULL);\nCREATE INDEX t_a ON t (a);\n");
  auto r = run_in(project, db.url(), {"diff", "-s", "schema.sql"});
  REQUIRE_MESSAGE(r.exit_code == 0, describe(r));
  CHECK(contains(r.out, "ALTER TABLE public.t DROP COLUMN b;"));
  CHECK(contains(r.out, "-- hazard: deletes_data"));
  CHECK(contains(r.out, "ALTER TABLE public.t ALTER COLUMN a TYPE bigint;"));
  CHECK(contains(r.out, "ALTER TABLE public.t ALTER COLUMN a SET NOT NULL;"));
  CHECK(contains(r.out, "CREATE INDEX t_a ON public.t"));
  // diff writes nothing and changes nothing.
  CHECK(db.scalar("SELECT count(*) FROM information_schema.columns WHERE table_name = 't'") == "2");

  auto drift = run_in(project, db.url(), {"diff", "--exit-code", "-s", "schema.sql"});
  CHECK_MESSAGE(drift.exit_code == 1, describe(drift));

  project.write("same.sql", "CREATE TABLE t (a integer, b text);\n");
  auto clean = run_in(project, db.url(), {"diff", "--exit-code", "-s", "same.sql"});
  CHECK_MESSAGE(clean.exit_code == 0, describe(clean));
  CHECK(clean.out.empty());
  CHECK(contains(clean.err, "No changes"));
}

TEST_CASE("diff --format json lists steps with SQL, reverse SQL, object, hazards, source, fingerprints") {
  TestDatabase db("diffcmd");
  db.exec("CREATE TABLE t (a integer, b text);");
  ProjectDir project;
  project.write("schema.sql", "CREATE TABLE t (a integer);\n\nCREATE TABLE u (\n  id integer PRIMARY KEY\n);\n");
  auto r = run_in(project, db.url(), {"diff", "--format", "json", "-s", "schema.sql"});
  REQUIRE_MESSAGE(r.exit_code == 0, describe(r));
  simdjson::dom::parser parser;
  simdjson::dom::element root = parse_plan(parser, r.out);
  auto [current, desired] = fingerprints_of(root);
  CHECK(current.size() == 16);
  CHECK(current != desired);
  simdjson::dom::array steps;
  REQUIRE(root["steps"].get(steps) == simdjson::SUCCESS);
  bool saw_drop = false, saw_create = false;
  for (auto step : steps) {
    std::string_view summary, sql, reverse, kind;
    REQUIRE(step["summary"].get(summary) == simdjson::SUCCESS);
    REQUIRE(step["sql"].get(sql) == simdjson::SUCCESS);
    REQUIRE(step["reverse_sql"].get(reverse) == simdjson::SUCCESS);
    REQUIRE(step["object"]["kind"].get(kind) == simdjson::SUCCESS);
    simdjson::dom::array hazards;
    REQUIRE(step["hazards"].get(hazards) == simdjson::SUCCESS);
    if (summary == "drop column public.t.b") {
      saw_drop = true;
      CHECK(kind == "column");
      CHECK(reverse == "ALTER TABLE public.t ADD COLUMN b text;\n");
      std::string_view code;
      REQUIRE(hazards.at(0)["code"].get(code) == simdjson::SUCCESS);
      CHECK(code == "deletes_data");
    }
    if (summary == "create table public.u") {
      saw_create = true;
      int64_t line = 0;
      REQUIRE(step["source"]["line"].get(line) == simdjson::SUCCESS);
      CHECK(line == 3);
      CHECK(reverse == "DROP TABLE public.u;\n");
    }
  }
  CHECK(saw_drop);
  CHECK(saw_create);
}

TEST_CASE("after the migration, the database has the fingerprint schema.sql had") {
  TestDatabase db("diffcmd");
  db.exec("CREATE TABLE t (a integer);");
  ProjectDir project;
  // Texts the server spells otherwise: a cast, IN, a function call's case.
  project.write("schema.sql",
                "CREATE TABLE t (a integer DEFAULT 0 CHECK (a IN (0, 1, 2)), b text DEFAULT LOWER('X'));\n"
                "CREATE INDEX t_b ON t (lower(b)) WHERE a > 0;\n");
  auto fingerprints = [&]() {
    auto r = run_in(project, db.url(), {"diff", "--format", "json", "-s", "schema.sql"});
    REQUIRE_MESSAGE(r.exit_code == 0, describe(r));
    simdjson::dom::parser parser;
    return fingerprints_of(parse_plan(parser, r.out));
  };
  auto before = fingerprints();
  CHECK(before.first != before.second);
  auto made = run_in(project, db.url(), {"new", "--auto", "-m", "to_schema", "-s", "schema.sql"});
  REQUIRE_MESSAGE(made.exit_code == 0, describe(made));
  auto up = run_in(project, db.url(), {"migrate"});
  REQUIRE_MESSAGE(up.exit_code == 0, describe(up));
  auto after = fingerprints();
  CHECK(after.first == before.second);
  CHECK(after.second == before.second);
}
