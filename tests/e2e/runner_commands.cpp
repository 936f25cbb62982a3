// End to end: every runner command (new, up, create, drop, migrate, rollback, status, wait)
// driven through the schemactl binary against a real server.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <chrono>
#include <ctime>
#include <regex>

#include "runtime/connection.hpp"
#include "tests/support/late_listener.hpp"
#include "tests/e2e/runner_support.hpp"

using namespace schemactl::test;

namespace {

const char* kUsers = "-- migrate:up\nCREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);\n"
                     "-- migrate:down\nDROP TABLE users;\n";
const char* kPosts = "-- migrate:up\nCREATE TABLE posts (id bigint PRIMARY KEY, user_id bigint REFERENCES users);\n"
                     "CREATE INDEX posts_user_id_idx ON posts (user_id);\n"
                     "-- migrate:down\nDROP TABLE posts;\n";
const char* kTags = "-- migrate:up\nCREATE TABLE tags (name text PRIMARY KEY);\n-- migrate:down\nDROP TABLE tags;\n";

void write_three(const ProjectDir& p) {
  p.migration("20240101000000_users.sql", kUsers);
  p.migration("20240102000000_posts.sql", kPosts);
  p.migration("20240103000000_tags.sql", kTags);
}

std::string utc_stamp(std::chrono::system_clock::time_point t) {
  std::time_t s = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&s, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%d%H%M%S", &tm);
  return buf;
}

bool table_exists(const TestDatabase& db, const std::string& name) {
  return db.scalar("SELECT to_regclass('" + name + "') IS NOT NULL") == "t";
}

}  // namespace

TEST_CASE("new: writes an empty migration into the first migrations dir and prints its path") {
  ProjectDir p;
  auto r = run_schemactl({"new", "create_users", "-d", (p.path() / "db/migrations").string(), "-d", "other"},
                         {.cwd = p.path().string()});
  REQUIRE_MESSAGE(r.exit_code == 0, describe(r));
  std::smatch m;
  std::string out = r.out;
  REQUIRE_MESSAGE(std::regex_match(out, m, std::regex(".*/db/migrations/(\\d{14})_create_users\\.sql\n")), out);
  std::ifstream in(out.substr(0, out.size() - 1));
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK(text == "-- migrate:up\n\n\n-- migrate:down\n\n");
  CHECK_FALSE(std::filesystem::exists(p.path() / "other"));

  auto by_message = run_schemactl({"n", "--message", "add_index"}, {.cwd = p.path().string()});
  REQUIRE_MESSAGE(by_message.exit_code == 0, describe(by_message));
  CHECK(contains(by_message.out, "migrations/"));
  CHECK(contains(by_message.out, "_add_index.sql"));
}

TEST_CASE("new: refuses an empty name and never reuses a taken version") {
  ProjectDir p;
  auto empty = run_schemactl({"new"}, {.cwd = p.path().string()});
  CHECK(empty.exit_code == 2);
  CHECK(contains(empty.err, "needs a name"));

  // Occupy this second and the next two: the new file takes the next free version (two files
  // with one version would be rejected by the runner) and overwrites nothing.
  auto now = std::chrono::system_clock::now();
  for (int s = 0; s < 3; ++s) p.migration(utc_stamp(now + std::chrono::seconds(s)) + "_dup.sql", "keep me");
  auto dup = run_schemactl({"new", "dup"}, {.cwd = p.path().string()});
  CHECK_MESSAGE(dup.exit_code == 0, describe(dup));
  for (int s = 0; s < 3; ++s) CHECK_FALSE(contains(dup.out, utc_stamp(now + std::chrono::seconds(s))));
  std::ifstream in(p.path() / "migrations" / (utc_stamp(now) + "_dup.sql"));
  std::string kept((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK(kept == "keep me");
}

TEST_CASE("migrate, status, rollback: the main cycle") {
  TestDatabase db("runner_cycle");
  ProjectDir p;
  write_three(p);

  auto status0 = run_in(p, db.url(), {"status"});
  REQUIRE_MESSAGE(status0.exit_code == 0, describe(status0));
  CHECK(status0.out ==
        "[ ] 20240101000000_users.sql\n[ ] 20240102000000_posts.sql\n[ ] 20240103000000_tags.sql\n\n"
        "Applied: 0\nPending: 3\n");
  CHECK_FALSE(table_exists(db, "schema_migrations"));  // status is read-only

  auto migrate = run_in(p, db.url(), {"migrate"});
  REQUIRE_MESSAGE(migrate.exit_code == 0, describe(migrate));
  CHECK(migrate.out ==
        "Applying: 20240101000000_users.sql\nApplying: 20240102000000_posts.sql\nApplying: 20240103000000_tags.sql\n");
  CHECK(db.column("SELECT version FROM schema_migrations ORDER BY 1") ==
        std::vector<std::string>{"20240101000000", "20240102000000", "20240103000000"});
  CHECK(table_exists(db, "posts"));
  CHECK(db.scalar("SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = "
                  "'schema_migrations'::regclass AND attname = 'version'") == "character varying(128)");

  auto again = run_in(p, db.url(), {"migrate"});
  CHECK(again.exit_code == 0);
  CHECK(again.out == "No pending migrations\n");

  auto rollback = run_in(p, db.url(), {"rollback"});
  REQUIRE_MESSAGE(rollback.exit_code == 0, describe(rollback));
  CHECK(rollback.out == "Rolling back: 20240103000000_tags.sql\n");
  CHECK_FALSE(table_exists(db, "tags"));
  CHECK(table_exists(db, "posts"));

  auto status1 = run_in(p, db.url(), {"status"});
  CHECK(status1.out ==
        "[X] 20240101000000_users.sql\n[X] 20240102000000_posts.sql\n[ ] 20240103000000_tags.sql\n\n"
        "Applied: 2\nPending: 1\n");

  auto down = run_in(p, db.url(), {"down", "--steps", "2"});
  REQUIRE_MESSAGE(down.exit_code == 0, describe(down));
  CHECK(down.out == "Rolling back: 20240102000000_posts.sql\nRolling back: 20240101000000_users.sql\n");
  CHECK(db.scalar("SELECT count(*) FROM schema_migrations") == "0");
  CHECK_FALSE(table_exists(db, "users"));

  auto nothing = run_in(p, db.url(), {"rollback"});
  CHECK(nothing.exit_code == 2);
  CHECK(contains(nothing.err, "no migrations have been applied"));
}

TEST_CASE("rollback --to VERSION undoes every newer migration") {
  TestDatabase db("runner_to");
  ProjectDir p;
  write_three(p);
  REQUIRE(run_in(p, db.url(), {"migrate"}).exit_code == 0);
  auto r = run_in(p, db.url(), {"rollback", "--to", "20240101000000"});
  REQUIRE_MESSAGE(r.exit_code == 0, describe(r));
  CHECK(r.out == "Rolling back: 20240103000000_tags.sql\nRolling back: 20240102000000_posts.sql\n");
  CHECK(db.column("SELECT version FROM schema_migrations") == std::vector<std::string>{"20240101000000"});
  auto none = run_in(p, db.url(), {"rollback", "--to", "20240101000000"});
  CHECK(none.exit_code == 0);
  CHECK(contains(none.out, "Nothing to roll back"));
  CHECK(run_in(p, db.url(), {"rollback", "--to", "1", "--steps", "2"}).exit_code == 2);  // exclusive
}

TEST_CASE("rollback refuses a migration without a down section or without its file, before undoing anything") {
  TestDatabase db("runner_nodown");
  ProjectDir p;
  p.migration("1_a.sql", "-- migrate:up\nCREATE TABLE a (id int);\n-- migrate:down\nDROP TABLE a;\n");
  p.migration("2_b.sql", "-- migrate:up\nCREATE TABLE b (id int);\n");
  REQUIRE(run_in(p, db.url(), {"migrate"}).exit_code == 0);
  auto r = run_in(p, db.url(), {"rollback", "--steps", "2"});
  CHECK(r.exit_code == 2);
  CHECK(contains(r.err, "2_b.sql: it has no '-- migrate:down' section"));
  CHECK(db.scalar("SELECT count(*) FROM schema_migrations") == "2");

  std::filesystem::remove(p.path() / "migrations/2_b.sql");
  auto missing = run_in(p, db.url(), {"rollback"});
  CHECK(missing.exit_code == 2);
  CHECK(contains(missing.err, "cannot roll back 2: no migration file has this version"));
}

TEST_CASE("status: --exit-code, --quiet, and applied versions whose file is missing") {
  TestDatabase db("runner_status");
  ProjectDir p;
  write_three(p);
  auto pending = run_in(p, db.url(), {"status", "--exit-code", "--quiet"});
  CHECK(pending.exit_code == 1);
  CHECK(pending.out.empty());
  CHECK(pending.err.empty());

  REQUIRE(run_in(p, db.url(), {"migrate"}).exit_code == 0);
  auto clean = run_in(p, db.url(), {"status", "--exit-code"});
  CHECK(clean.exit_code == 0);
  CHECK(contains(clean.out, "Pending: 0"));

  std::filesystem::remove(p.path() / "migrations/20240102000000_posts.sql");
  p.migration("20240104000000_more.sql", "-- migrate:up\nSELECT 1;\n");
  auto mixed = run_in(p, db.url(), {"status", "--exit-code"});
  CHECK(mixed.exit_code == 1);
  CHECK(mixed.out ==
        "[X] 20240101000000_users.sql\n[X] 20240102000000 (file missing)\n[X] 20240103000000_tags.sql\n"
        "[ ] 20240104000000_more.sql\n\nApplied: 3\nPending: 1\n");
}

TEST_CASE("up creates a missing database, create and drop act on the URL's database") {
  const std::string name = "runner_up_" + std::to_string(getpid());
  const std::string url = url_with_database(server_url(), name);
  exec_sql(server_url(), "DROP DATABASE IF EXISTS " + name);
  ProjectDir p;
  write_three(p);

  auto up = run_in(p, url, {"up"});
  REQUIRE_MESSAGE(up.exit_code == 0, describe(up));
  CHECK(up.out == "Creating: " + name + "\nApplying: 20240101000000_users.sql\nApplying: 20240102000000_posts.sql\n"
                  "Applying: 20240103000000_tags.sql\n");
  auto up_again = run_in(p, url, {"up"});
  CHECK(up_again.exit_code == 0);
  CHECK(up_again.out == "No pending migrations\n");

  auto create_existing = run_in(p, url, {"create"});
  CHECK(create_existing.exit_code == 3);
  CHECK(contains(create_existing.err, "already exists"));

  {
    schemactl::runtime::Connection holder(url);  // keeps the database in use
    auto busy = run_in(p, url, {"drop"});
    CHECK(busy.exit_code == 3);
    CHECK(contains(busy.err, "is being accessed by other users"));
  }
  auto drop = run_in(p, url, {"drop"});
  REQUIRE_MESSAGE(drop.exit_code == 0, describe(drop));
  CHECK(drop.out == "Dropping: " + name + "\n");
  auto status = run_in(p, url, {"status"});
  CHECK(status.exit_code == 3);
  CHECK(contains(status.err, "does not exist"));

  auto create = run_in(p, url, {"create"});
  REQUIRE_MESSAGE(create.exit_code == 0, describe(create));
  CHECK(create.out == "Creating: " + name + "\n");
  CHECK(run_in(p, url, {"drop"}).exit_code == 0);
}

TEST_CASE("wait: returns at once for a live server or a missing database, times out for a dead port") {
  ProjectDir p;
  auto live = run_in(p, server_url(), {"wait"});
  CHECK_MESSAGE(live.exit_code == 0, describe(live));
  auto missing_db = run_in(p, url_with_database(server_url(), "runner_no_such_db"), {"wait"});
  CHECK_MESSAGE(missing_db.exit_code == 0, describe(missing_db));

  auto started = std::chrono::steady_clock::now();
  auto dead = run_in(p, "postgres://postgres@127.0.0.1:1/x?connect_timeout=2", {"wait", "--wait-timeout", "1s"});
  auto took = std::chrono::steady_clock::now() - started;
  CHECK(dead.exit_code == 3);
  CHECK(contains(dead.err, "timed out after 1s"));
  CHECK(took >= std::chrono::milliseconds(900));
  CHECK(took < std::chrono::seconds(10));

  auto flag = run_in(p, "postgres://postgres@127.0.0.1:1/x", {"--wait", "--wait-timeout", "500ms", "status"});
  CHECK(flag.exit_code == 3);
  CHECK(contains(flag.err, "timed out"));
}

TEST_CASE("wait and --wait: a server that comes up later is waited for, then used") {
  TestDatabase db("runner_late");
  ProjectDir p;
  p.migration("20240101000000_users.sql", kUsers);
  std::string host, port;
  {
    schemactl::runtime::Connection conn(server_url());
    host = PQhost(conn.raw());
    port = PQport(conn.raw());
  }
  REQUIRE(host == "127.0.0.1");  // scripts/test's server listens on TCP
  auto through = [&](const LateListener& l) {
    return "postgres://postgres@127.0.0.1:" + std::to_string(l.port()) + "/" + db.name() + "?sslmode=disable";
  };
  {
    LateListener late(std::chrono::milliseconds(1500), host, std::stoi(port));
    auto started = std::chrono::steady_clock::now();
    auto r = run_in(p, through(late), {"wait", "--wait-timeout", "30s"});
    auto took = std::chrono::steady_clock::now() - started;
    CHECK_MESSAGE(r.exit_code == 0, describe(r));
    CHECK(took >= std::chrono::milliseconds(1400));  // it really waited for the listener
    CHECK(took < std::chrono::seconds(20));
  }
  {
    // --wait before a command: the migration is applied once the server answers.
    LateListener late(std::chrono::milliseconds(1500), host, std::stoi(port));
    auto r = run_in(p, through(late), {"--wait", "--wait-timeout", "30s", "migrate"});
    CHECK_MESSAGE(r.exit_code == 0, describe(r));
    CHECK(contains(r.out, "Applying: 20240101000000_users.sql"));
  }
  CHECK(db.scalar("SELECT count(*) FROM schema_migrations") == "1");
}

TEST_CASE("strict: a pending migration older than the newest applied one is refused; without strict it is applied") {
  TestDatabase db("runner_strict");
  ProjectDir p;
  p.migration("20240101000000_a.sql", "-- migrate:up\nCREATE TABLE a (id int);\n");
  p.migration("20240103000000_c.sql", "-- migrate:up\nCREATE TABLE c (id int);\n");
  REQUIRE(run_in(p, db.url(), {"migrate"}).exit_code == 0);
  p.migration("20240102000000_b.sql", "-- migrate:up\nCREATE TABLE b (id int);\n");
  auto strict = run_in(p, db.url(), {"migrate", "--strict"});
  CHECK(strict.exit_code == 2);
  CHECK(contains(strict.err, "20240102000000_b.sql is older than the newest applied migration 20240103000000"));
  CHECK_FALSE(table_exists(db, "b"));
  auto strict_env = run_in(p, db.url(), {"migrate"}, {.env = {{"DBMATE_STRICT", "true"}}});
  CHECK(strict_env.exit_code == 2);
  auto lenient = run_in(p, db.url(), {"migrate"});
  CHECK(lenient.exit_code == 0);
  CHECK(lenient.out == "Applying: 20240102000000_b.sql\n");
  CHECK(table_exists(db, "b"));
}
