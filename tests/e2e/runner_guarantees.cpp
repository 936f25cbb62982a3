// End to end: the runner's guarantees — atomic migrations with file:line errors, statement-by-
// statement transaction:false sections, serialized concurrent runners, dbmate's history table,
// malformed files rejected before anything runs, and no password in any output.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <future>

#include "tests/e2e/runner_support.hpp"

using namespace schemactl::test;

namespace {

bool table_exists(const TestDatabase& db, const std::string& name) {
  return db.scalar("SELECT to_regclass('" + name + "') IS NOT NULL") == "t";
}

std::string history(const TestDatabase& db, const std::string& table = "schema_migrations") {
  auto versions = db.column("SELECT version FROM " + table + " ORDER BY version");
  std::string out;
  for (const auto& v : versions) out += v + " ";
  return out;
}

}  // namespace

TEST_CASE("a failing statement rolls the whole migration back, records nothing, stops later ones, names file:line") {
  TestDatabase db("runner_atomic");
  ProjectDir p;
  p.migration("1_ok.sql", "-- migrate:up\nCREATE TABLE ok (id int);\n");
  std::string bad = p.migration("2_bad.sql",
                                "-- migrate:up\n"
                                "CREATE TABLE first (id int primary key);\n"
                                "INSERT INTO first VALUES (1);\n"
                                "\n"
                                "  INSERT INTO first VALUES (1);\n"  // line 5: no position from the server
                                "CREATE TABLE never (id int);\n");
  p.migration("3_later.sql", "-- migrate:up\nCREATE TABLE later (id int);\n");
  auto r = run_in(p, db.url(), {"migrate"});
  CHECK(r.exit_code == 3);
  CHECK(r.out == "Applying: 1_ok.sql\nApplying: 2_bad.sql\n");
  CHECK_MESSAGE(contains(r.err, bad + ":5:3: duplicate key value violates unique constraint \"first_pkey\""), r.err);
  CHECK(contains(r.err, "DETAIL: Key (id)=(1) already exists."));
  CHECK(table_exists(db, "ok"));
  CHECK_FALSE(table_exists(db, "first"));
  CHECK_FALSE(table_exists(db, "never"));
  CHECK_FALSE(table_exists(db, "later"));
  CHECK(history(db) == "1 ");
}

TEST_CASE("error positions map back to the file's line and column (multibyte text before the error)") {
  TestDatabase db("runner_position");
  ProjectDir p;
  std::string file = p.migration("1_pos.sql",
                                 "-- Änderungen für Benutzer\n"
                                 "-- migrate:up\n"
                                 "CREATE TABLE \"größe\" (id int);\n"
                                 "CREATE TABLE \"äö\" (x nosuchtype);\n"
                                 "-- migrate:down\n"
                                 "DROP TABLE \"größe\";\n");
  auto r = run_in(p, db.url(), {"migrate"});
  CHECK(r.exit_code == 3);
  // Column in bytes, like the compiler's diagnostics: `CREATE TABLE "äö" (x ` is 23 bytes.
  CHECK_MESSAGE(contains(r.err, file + ":4:24: type \"nosuchtype\" does not exist"), r.err);

  p.migration("1_pos.sql", "-- migrate:up\nCREATE TABLE t (id int);\nSELEC 1;\n");
  auto syntax = run_in(p, db.url(), {"migrate"});
  CHECK(syntax.exit_code == 3);
  CHECK_MESSAGE(contains(syntax.err, file + ":3:1: syntax error at or near \"SELEC\""), syntax.err);

  p.migration("1_pos.sql", "-- migrate:up\nSELECT 1;\n\n    DO $$ BEGIN RAISE EXCEPTION 'boom'; END $$;\n");
  auto raised = run_in(p, db.url(), {"migrate"});
  CHECK(raised.exit_code == 3);
  CHECK_MESSAGE(contains(raised.err, file + ":4:5: boom"), raised.err);
  CHECK_FALSE(table_exists(db, "t"));
  CHECK(history(db).empty());
}

TEST_CASE("a failing rollback keeps the migration applied") {
  TestDatabase db("runner_bad_down");
  ProjectDir p;
  std::string file = p.migration("1_a.sql",
                                 "-- migrate:up\nCREATE TABLE a (id int);\nCREATE TABLE b (id int);\n"
                                 "-- migrate:down\nDROP TABLE b;\nDROP TABLE nosuch;\n");
  REQUIRE(run_in(p, db.url(), {"migrate"}).exit_code == 0);
  auto r = run_in(p, db.url(), {"rollback"});
  CHECK(r.exit_code == 3);
  CHECK_MESSAGE(contains(r.err, file + ":6:1: table \"nosuch\" does not exist"), r.err);
  CHECK(contains(r.err, "1_a.sql stays applied"));
  CHECK(table_exists(db, "b"));
  CHECK(history(db) == "1 ");
}

TEST_CASE("transaction:false runs statements one by one: several CREATE INDEX CONCURRENTLY work") {
  TestDatabase db("runner_concurrently");
  ProjectDir p;
  p.migration("1_t.sql", "-- migrate:up\nCREATE TABLE t (a int, b int);\n-- migrate:down\nDROP TABLE t;\n");
  p.migration("2_idx.sql",
              "-- migrate:up transaction:false\n"
              "CREATE INDEX CONCURRENTLY t_a_idx ON t (a);\n"
              "CREATE INDEX CONCURRENTLY t_b_idx ON t (b);\n"
              "-- migrate:down transaction:false\n"
              "DROP INDEX CONCURRENTLY t_a_idx;\n"
              "DROP INDEX CONCURRENTLY t_b_idx;\n");
  auto r = run_in(p, db.url(), {"migrate"});
  REQUIRE_MESSAGE(r.exit_code == 0, describe(r));
  CHECK(table_exists(db, "t_a_idx"));
  CHECK(table_exists(db, "t_b_idx"));
  CHECK(history(db) == "1 2 ");
  auto down = run_in(p, db.url(), {"rollback"});
  REQUIRE_MESSAGE(down.exit_code == 0, describe(down));
  CHECK_FALSE(table_exists(db, "t_a_idx"));
  CHECK_FALSE(table_exists(db, "t_b_idx"));
  CHECK(history(db) == "1 ");
}

TEST_CASE("transaction:false: a failing statement stops the section and nothing is recorded") {
  TestDatabase db("runner_notx_fail");
  ProjectDir p;
  std::string file = p.migration("1_notx.sql",
                                 "-- migrate:up transaction:false\n"
                                 "CREATE TABLE kept (id int);\n"
                                 "  CREATE TABLE broken (x nosuchtype);\n"
                                 "CREATE TABLE never (id int);\n");
  auto r = run_in(p, db.url(), {"migrate"});
  CHECK(r.exit_code == 3);
  CHECK_MESSAGE(contains(r.err, file + ":3:26: type \"nosuchtype\" does not exist"), r.err);
  CHECK(contains(r.err, "1 statement(s) before this one stay applied"));
  CHECK(table_exists(db, "kept"));
  CHECK_FALSE(table_exists(db, "never"));
  CHECK_FALSE(db.scalar("SELECT count(*) FROM schema_migrations") != "0");
}

TEST_CASE("two migrate processes started at once apply every migration exactly once") {
  TestDatabase db("runner_concurrent");
  ProjectDir p;
  // The first migration sleeps so that the second process surely arrives while it runs.
  p.migration("1_slow.sql", "-- migrate:up\nCREATE TABLE slow (id int);\nSELECT pg_sleep(1);\n");
  for (int i = 2; i <= 20; ++i) {
    p.migration(std::to_string(i) + "_t.sql",
                "-- migrate:up\nCREATE TABLE t" + std::to_string(i) + " (id int);\nINSERT INTO slow VALUES (" +
                    std::to_string(i) + ");\n");
  }
  auto first = std::async(std::launch::async, [&] { return run_in(p, db.url(), {"migrate"}); });
  auto second = std::async(std::launch::async, [&] { return run_in(p, db.url(), {"migrate"}); });
  auto a = first.get();
  auto b = second.get();
  REQUIRE_MESSAGE(a.exit_code == 0, describe(a));
  REQUIRE_MESSAGE(b.exit_code == 0, describe(b));
  // One of them applied all 20, the other found nothing pending.
  int idle = (a.out == "No pending migrations\n") + (b.out == "No pending migrations\n");
  CHECK_MESSAGE(idle == 1, (describe(a) + describe(b)));
  CHECK(db.scalar("SELECT count(*) FROM schema_migrations") == "20");
  CHECK(db.scalar("SELECT count(*) FROM slow") == "19");
}

TEST_CASE("a database migrated by dbmate is read as is") {
  TestDatabase db("runner_dbmate");
  // Exactly what dbmate creates and writes.
  db.exec("CREATE TABLE IF NOT EXISTS schema_migrations (version varchar(128) primary key);"
          "INSERT INTO schema_migrations (version) VALUES ('20240101000000'), ('20240102000000');"
          "CREATE TABLE users (id int); CREATE TABLE posts (id int);");
  ProjectDir p;
  p.migration("20240101000000_users.sql", "-- migrate:up\nCREATE TABLE users (id int);\n-- migrate:down\nDROP TABLE users;\n");
  p.migration("20240102000000_posts.sql", "-- migrate:up\nCREATE TABLE posts (id int);\n-- migrate:down\nDROP TABLE posts;\n");
  p.migration("20240103000000_tags.sql", "-- migrate:up\nCREATE TABLE tags (id int);\n-- migrate:down\nDROP TABLE tags;\n");
  auto status = run_in(p, db.url(), {"status"});
  CHECK(status.out ==
        "[X] 20240101000000_users.sql\n[X] 20240102000000_posts.sql\n[ ] 20240103000000_tags.sql\n\n"
        "Applied: 2\nPending: 1\n");
  auto migrate = run_in(p, db.url(), {"migrate"});
  REQUIRE_MESSAGE(migrate.exit_code == 0, describe(migrate));
  CHECK(migrate.out == "Applying: 20240103000000_tags.sql\n");
  CHECK(history(db) == "20240101000000 20240102000000 20240103000000 ");
  auto rollback = run_in(p, db.url(), {"rollback", "--steps", "2"});
  REQUIRE_MESSAGE(rollback.exit_code == 0, describe(rollback));
  CHECK_FALSE(table_exists(db, "posts"));
  CHECK(history(db) == "20240101000000 ");
}

TEST_CASE("--migrations-table schema.table and a search_path in the URL") {
  TestDatabase db("runner_table");
  ProjectDir p;
  p.migration("1_a.sql", "-- migrate:up\nCREATE TABLE a (id int);\n");
  auto r = run_in(p, db.url(), {"migrate", "--migrations-table", "meta.history"});
  REQUIRE_MESSAGE(r.exit_code == 0, describe(r));
  CHECK(history(db, "meta.history") == "1 ");
  CHECK_FALSE(table_exists(db, "public.schema_migrations"));

  db.exec("CREATE SCHEMA app");
  std::string url = db.url() + (contains(db.url(), "?") ? "&" : "?") + "options=-csearch_path%3Dapp";
  auto in_app = run_in(p, url, {"migrate"});
  REQUIRE_MESSAGE(in_app.exit_code == 0, describe(in_app));
  CHECK(history(db, "app.schema_migrations") == "1 ");
  CHECK(table_exists(db, "app.a"));
}

TEST_CASE("malformed migration files are rejected before anything runs") {
  TestDatabase db("runner_malformed");
  struct Case {
    std::string text;
    std::string error;
  };
  std::vector<Case> cases{
      {"CREATE TABLE x (id int);\n-- migrate:up\n", ":1:1: statement before '-- migrate:up'"},
      {"-- nothing here\n", ":1:1: no '-- migrate:up' section"},
      {"-- migrate:down\nDROP TABLE x;\n-- migrate:up\n", ":1:1: '-- migrate:down' before '-- migrate:up'"},
      {"-- migrate:up transaction:false lock:none\n", ":1:33: unknown option 'lock'"},
      {"-- migrate:up\nSELECT 1;\n-- migrate:up\n", ":3:1: a second '-- migrate:up' section"},
      {"-- migrate:up\nSELECT 1;\nSELECT 'abc;\n", ":3:8: unterminated quoted string"},
      {"-- migrate:up\nSELECT 1;\n-- migrate:down\n  SELECT 1 /* open;\n", ":4:12: unterminated /* comment"},
  };
  for (const auto& c : cases) {
    ProjectDir p;
    p.migration("1_good.sql", "-- migrate:up\nCREATE TABLE good (id int);\n");
    std::string bad = p.migration("2_bad.sql", c.text);
    auto r = run_in(p, db.url(), {"migrate"});
    CHECK(r.exit_code == 2);
    CHECK_MESSAGE(contains(r.err, bad + c.error), r.err);
    CHECK(r.out.empty());
  }
  CHECK_FALSE(table_exists(db, "good"));
  CHECK_FALSE(table_exists(db, "schema_migrations"));

  ProjectDir dup;
  dup.write("a/1_x.sql", "-- migrate:up\nSELECT 1;\n");
  dup.write("b/1_y.sql", "-- migrate:up\nSELECT 1;\n");
  auto r = run_schemactl({"--url", db.url(), "-d", (dup.path() / "a").string(), "-d", (dup.path() / "b").string(), "migrate"});
  CHECK(r.exit_code == 2);
  CHECK_MESSAGE(contains(r.err, "version 1 is also used by"), r.err);
  CHECK_FALSE(table_exists(db, "schema_migrations"));
}

TEST_CASE("passwords never appear in output, errors or verbose logs") {
  TestDatabase db("runner_secret");
  const std::string password = "Sup3rS3cretPw";
  // The server trusts local connections, so the password is sent but not checked.
  auto with_password = [&](const std::string& url) {
    auto scheme = url.find("://");
    auto at = url.find('@', scheme + 3);
    return url.substr(0, at) + ":" + password + url.substr(at);
  };
  std::string url = with_password(db.url());
  ProjectDir p;
  p.migration("1_a.sql", "-- migrate:up\nCREATE TABLE a (id int);\n-- migrate:down\nDROP TABLE a;\n");
  p.migration("2_fail.sql", "-- migrate:up\nSELECT 1/0;\n");
  std::vector<ProcessResult> runs{
      run_in(p, url, {"--verbose", "migrate"}),
      run_in(p, url, {"status", "--verbose"}),
      run_in(p, url, {"rollback", "--verbose"}),
      run_in(p, with_password("postgres://postgres@127.0.0.1:1/x"), {"--verbose", "status"}),
      run_in(p, with_password("postgres://postgres@127.0.0.1:1/x"), {"--wait", "--wait-timeout", "300ms", "migrate"}),
      run_in(p, with_password(url_with_database(server_url(), "runner_no_such_db")), {"--verbose", "migrate"}),
      run_in(p, "host=127.0.0.1 port=1 user=postgres password=" + password, {"--verbose", "status"}),
      run_schemactl({"-d", p.migrations(), "--verbose", "status"},
                    {.env = {{"DATABASE_URL", with_password("postgres://nobody@127.0.0.1:1/x")}}}),
  };
  CHECK(runs[0].exit_code == 3);  // 2_fail.sql divides by zero
  CHECK(contains(runs[0].out, "Connecting to "));
  CHECK(contains(runs[0].out, ":xxxxx@"));
  for (const auto& r : runs) {
    CHECK_MESSAGE(!contains(r.out, password), describe(r));
    CHECK_MESSAGE(!contains(r.err, password), describe(r));
  }
  CHECK(runs[3].exit_code == 3);
  CHECK(runs[4].exit_code == 3);
  CHECK(runs[6].exit_code == 3);
  CHECK(runs[7].exit_code == 3);
}

TEST_CASE("a deferred constraint failing at COMMIT is reported as such and nothing is recorded") {
  TestDatabase db("runner_deferred");
  ProjectDir p;
  std::string file = p.migration("1_deferred.sql",
                                 "-- migrate:up\n"
                                 "CREATE TABLE parent (id int PRIMARY KEY);\n"
                                 "CREATE TABLE child (parent_id int REFERENCES parent DEFERRABLE INITIALLY DEFERRED);\n"
                                 "INSERT INTO child VALUES (42);\n");
  auto r = run_in(p, db.url(), {"migrate"});
  CHECK(r.exit_code == 3);
  CHECK_MESSAGE(contains(r.err, file + ": COMMIT failed (a deferred constraint?): insert or update on table \"child\""),
                r.err);
  CHECK(contains(r.err, "nothing was recorded"));
  CHECK_FALSE(table_exists(db, "parent"));
  CHECK(history(db).empty());
}

TEST_CASE("COMMIT inside a transactional migration is rejected before any pending migration runs") {
  TestDatabase db("runner_tx_control");
  ProjectDir p;
  p.migration("1_ok.sql", "-- migrate:up\nCREATE TABLE ok (id int);\n");
  std::string file = p.migration("2_commit.sql",
                                 "-- migrate:up\n"
                                 "BEGIN;\n"
                                 "CREATE TABLE committed_early (id int);\n"
                                 "COMMIT;\n");
  auto r = run_in(p, db.url(), {"migrate"});
  CHECK(r.exit_code == 2);
  CHECK_MESSAGE(contains(r.err, file + ":2:1: BEGIN inside a migration that schemactl runs in a transaction"), r.err);
  CHECK(contains(r.err, "transaction:false"));
  CHECK_FALSE(table_exists(db, "ok"));  // checked before the first pending migration ran
  CHECK_FALSE(table_exists(db, "committed_early"));

  // The same statements are the author's business in a transaction:false section.
  p.migration("2_commit.sql",
              "-- migrate:up transaction:false\n"
              "BEGIN;\n"
              "CREATE TABLE committed_early (id int);\n"
              "COMMIT;\n");
  r = run_in(p, db.url(), {"migrate"});
  CHECK_MESSAGE(r.exit_code == 0, r.err);
  CHECK(table_exists(db, "committed_early"));
  CHECK(history(db) == "1 2 ");
}
