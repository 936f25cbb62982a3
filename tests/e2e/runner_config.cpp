// End to end: where the runner's configuration comes from — flags before or after the command,
// DATABASE_URL (or --env VAR) from the environment or .env files, DBMATE_* variables.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include "tests/e2e/runner_support.hpp"

using namespace schemactl::test;

namespace {

const char* kMigration = "-- migrate:up\nCREATE TABLE a (id int);\n-- migrate:down\nDROP TABLE a;\n";
const char* kPending = "[ ] 1_a.sql\n\nApplied: 0\nPending: 1\n";

}  // namespace

TEST_CASE("global options work before and after the command") {
  TestDatabase db("runner_cfg_position");
  ProjectDir p;
  p.migration("1_a.sql", kMigration);
  auto before = run_schemactl({"--url", db.url(), "--migrations-dir", p.migrations(), "status"});
  CHECK_MESSAGE(before.out == kPending, describe(before));
  auto after = run_schemactl({"status", "-u", db.url(), "-d", p.migrations()});
  CHECK_MESSAGE(after.out == kPending, describe(after));
  auto mixed = run_schemactl({"-d", p.migrations(), "migrate", "--no-dump-schema", "--url", db.url()},
                             {.cwd = p.path().string()});
  CHECK_MESSAGE(mixed.exit_code == 0, describe(mixed));
  // dbmate would write schema.sql here; schemactl never does.
  CHECK_FALSE(std::filesystem::exists(p.path() / "schema.sql"));
  CHECK_FALSE(std::filesystem::exists(p.path() / "db" / "schema.sql"));
}

TEST_CASE("no URL configured is a usage error that says how to give one") {
  ProjectDir p;
  p.migration("1_a.sql", kMigration);
  auto r = run_schemactl({"status"}, {.cwd = p.path().string()});
  CHECK(r.exit_code == 2);
  CHECK(contains(r.err, "no database URL"));
  CHECK(contains(r.err, "DATABASE_URL"));
  auto unknown = run_schemactl({"status", "--no-such-flag"}, {.cwd = p.path().string()});
  CHECK(unknown.exit_code == 2);
}

TEST_CASE("DATABASE_URL from the environment, from .env, and the environment wins") {
  TestDatabase db("runner_cfg_env");
  ProjectDir p;
  p.migration("1_a.sql", kMigration);
  auto from_env = run_schemactl({"status"}, {.cwd = p.path().string(), .env = {{"DATABASE_URL", db.url()}}});
  CHECK_MESSAGE(from_env.out == kPending, describe(from_env));

  p.write(".env", "# project settings\nexport DATABASE_URL=\"" + db.url() + "\"\n");
  auto from_file = run_schemactl({"status"}, {.cwd = p.path().string()});
  CHECK_MESSAGE(from_file.out == kPending, describe(from_file));

  auto env_wins = run_schemactl({"status"}, {.cwd = p.path().string(),
                                            .env = {{"DATABASE_URL", "postgres://postgres@127.0.0.1:1/x"}}});
  CHECK(env_wins.exit_code == 3);  // the unreachable URL from the environment was used

  auto flag_wins = run_schemactl({"status", "--url", db.url()},
                                 {.cwd = p.path().string(), .env = {{"DATABASE_URL", "postgres://postgres@127.0.0.1:1/x"}}});
  CHECK_MESSAGE(flag_wins.out == kPending, describe(flag_wins));

  p.write(".env", "DATABASE_URL=postgres://postgres@127.0.0.1:1/x\nbroken line\n");
  auto broken = run_schemactl({"status"}, {.cwd = p.path().string()});
  CHECK(broken.exit_code == 2);
  CHECK(contains(broken.err, ".env:2:"));
}

TEST_CASE("--env names the variable, --env-file names the files (repeatable, missing ones ignored)") {
  TestDatabase db("runner_cfg_envfile");
  ProjectDir p;
  p.migration("1_a.sql", kMigration);
  p.write("config/test.env", "TEST_DATABASE_URL=" + db.url() + "\nDBMATE_MIGRATIONS_TABLE=custom_history\n");
  auto r = run_schemactl({"--env", "TEST_DATABASE_URL", "--env-file", "missing.env", "--env-file", "config/test.env",
                          "migrate"},
                         {.cwd = p.path().string()});
  REQUIRE_MESSAGE(r.exit_code == 0, describe(r));
  CHECK(db.scalar("SELECT count(*) FROM custom_history") == "1");
  CHECK(db.scalar("SELECT to_regclass('schema_migrations') IS NULL") == "t");
}

TEST_CASE("DBMATE_MIGRATIONS_DIR, DBMATE_MIGRATIONS_TABLE, DBMATE_VERBOSE; flags beat them") {
  TestDatabase db("runner_cfg_dbmate");
  ProjectDir p;
  p.write("db/one/1_a.sql", kMigration);
  p.write("db/two/2_b.sql", "-- migrate:up\nCREATE TABLE b (id int);\n");
  ProcessOptions options{.cwd = p.path().string(),
                         .env = {{"DATABASE_URL", db.url()},
                                 {"DBMATE_MIGRATIONS_DIR", "db/one,db/two"},
                                 {"DBMATE_MIGRATIONS_TABLE", "dbmate_history"},
                                 {"DBMATE_VERBOSE", "true"}}};
  auto r = run_schemactl({"migrate"}, options);
  REQUIRE_MESSAGE(r.exit_code == 0, describe(r));
  CHECK(contains(r.out, "Applying: 1_a.sql\n"));
  CHECK(contains(r.out, "Applying: 2_b.sql\n"));
  CHECK(contains(r.out, "Connecting to "));  // verbose
  CHECK(db.scalar("SELECT count(*) FROM dbmate_history") == "2");

  auto flags = run_schemactl({"status", "-d", "db/one", "--migrations-table", "other_history"}, options);
  CHECK_MESSAGE(flags.out == "[ ] 1_a.sql\n\nApplied: 0\nPending: 1\n", describe(flags));

  auto missing_dir = run_schemactl({"status", "-d", "nowhere"}, options);
  CHECK(missing_dir.exit_code == 2);
  CHECK(contains(missing_dir.err, "nowhere does not exist"));
}
