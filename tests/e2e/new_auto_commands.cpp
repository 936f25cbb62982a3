// `schemactl new --auto` against a real server: the seed example, no-op runs, pending
// migrations, verification failures, --no-verify, and the written files applied by `migrate`
// and `rollback`.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "tests/e2e/runner_support.hpp"

using namespace schemactl::test;

namespace {

const char* kSeedSchema =
    "CREATE TABLE users (\n"
    "  id serial primary key,\n"
    "  email varchar(255) unique not null,\n"
    "  username varchar(100) unique not null,\n"
    "  created_at timestamp default now(),\n"
    "  is_active boolean default true\n"
    ");\n";

std::vector<std::filesystem::path> migration_files(const ProjectDir& project) {
  std::vector<std::filesystem::path> out;
  for (const auto& e : std::filesystem::directory_iterator(project.migrations())) out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("new --auto on the seed example writes CREATE TABLE up and DROP TABLE down, verified") {
  TestDatabase db("newauto");
  ProjectDir project;
  project.write("schema.sql", kSeedSchema);
  auto r = run_in(project, db.url(), {"new", "--auto", "-m", "add_users", "-s", "schema.sql"});
  REQUIRE_MESSAGE(r.exit_code == 0, describe(r));
  auto files = migration_files(project);
  REQUIRE(files.size() == 1);
  CHECK(contains(files[0].filename().string(), "_add_users.sql"));
  CHECK(contains(r.out, files[0].filename().string()));
  CHECK(contains(r.out, "create table public.users"));
  std::string text = slurp(files[0]);
  CHECK(contains(text, "-- verified:"));
  auto up = text.find("-- migrate:up");
  auto down = text.find("-- migrate:down");
  REQUIRE(up != std::string::npos);
  REQUIRE(down != std::string::npos);
  std::string up_part = text.substr(up, down - up), down_part = text.substr(down);
  CHECK(contains(up_part, "CREATE TABLE public.users ("));
  CHECK(contains(up_part, "email character varying(255) NOT NULL"));
  CHECK(contains(down_part, "DROP TABLE public.users;"));

  // The file applies with migrate; afterwards there is nothing left to generate.
  auto migrate = run_in(project, db.url(), {"migrate"});
  REQUIRE_MESSAGE(migrate.exit_code == 0, describe(migrate));
  CHECK(db.scalar("SELECT count(*) FROM information_schema.columns WHERE table_name = 'users'") == "5");
  auto again = run_in(project, db.url(), {"new", "--auto", "-m", "nothing", "-s", "schema.sql"});
  REQUIRE_MESSAGE(again.exit_code == 0, describe(again));
  CHECK(contains(again.out, "No changes"));
  CHECK(migration_files(project).size() == 1);

  // An edit: one more column, one dropped, with the hazard named; rollback restores.
  project.write("schema.sql", std::string(kSeedSchema).replace(std::string(kSeedSchema).find("  is_active boolean default true\n"),
                                                                 32, "  bio text\n"));
  auto edit = run_in(project, db.url(), {"new", "--auto", "-m", "edit_users", "-s", "schema.sql"});
  REQUIRE_MESSAGE(edit.exit_code == 0, describe(edit));
  CHECK(contains(edit.out, "drop column public.users.is_active  [deletes_data"));
  files = migration_files(project);
  REQUIRE(files.size() == 2);
  CHECK(contains(slurp(files[1]), "-- hazard: deletes_data: drops column public.users.is_active"));
  REQUIRE(run_in(project, db.url(), {"migrate"}).exit_code == 0);
  CHECK(db.scalar("SELECT count(*) FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'bio'") == "1");
  auto rollback = run_in(project, db.url(), {"rollback"});
  REQUIRE_MESSAGE(rollback.exit_code == 0, describe(rollback));
  CHECK(db.scalar("SELECT count(*) FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'is_active'") == "1");
}

TEST_CASE("new --auto refuses while migrations are pending") {
  TestDatabase db("newauto");
  ProjectDir project;
  project.write("schema.sql", kSeedSchema);
  project.migration("20200101000000_first.sql", "-- migrate:up\nCREATE TABLE t (a int);\n-- migrate:down\nDROP TABLE t;\n");
  auto r = run_in(project, db.url(), {"new", "--auto", "-m", "next", "-s", "schema.sql"});
  CHECK_MESSAGE(r.exit_code == 1, describe(r));
  CHECK(contains(r.err, "pending"));
  CHECK(contains(r.err, "20200101000000_first.sql"));
  CHECK(migration_files(project).size() == 1);
}

TEST_CASE("new --auto --no-verify marks the file unverified") {
  TestDatabase db("newauto");
  ProjectDir project;
  project.write("schema.sql", "CREATE TABLE t (a integer);\n");
  auto r = run_in(project, db.url(), {"new", "--auto", "--no-verify", "-m", "t", "-s", "schema.sql"});
  REQUIRE_MESSAGE(r.exit_code == 0, describe(r));
  auto files = migration_files(project);
  REQUIRE(files.size() == 1);
  CHECK(contains(slurp(files[0]), "-- UNVERIFIED: unverified: --no-verify"));
}

TEST_CASE("a migration that fails its proof is not written, and the error shows why") {
  // Changing a domain's base type while a column uses it: the plan drops and recreates the
  // domain, which PostgreSQL refuses; the scratch database catches it before anything is written.
  TestDatabase db("newauto");
  db.exec("CREATE DOMAIN code AS integer; CREATE TABLE t (c code);");
  ProjectDir project;
  project.write("schema.sql", "CREATE DOMAIN code AS bigint;\nCREATE TABLE t (c code);\n");
  auto r = run_in(project, db.url(), {"new", "--auto", "-m", "retype", "-s", "schema.sql"});
  CHECK_MESSAGE(r.exit_code == 2, describe(r));
  CHECK(contains(r.err, "verification failed"));
  CHECK(migration_files(project).empty());
}

TEST_CASE("new --auto reports schema errors with file:line:column and writes nothing") {
  TestDatabase db("newauto");
  ProjectDir project;
  project.write("schema.sql", "CREATE TABLE t (\n  a integer,\n  b nosuchtype\n);\nCREATE TABL x ();\n");
  auto r = run_in(project, db.url(), {"new", "--auto", "-m", "bad", "-s", "schema.sql"});
  CHECK_MESSAGE(r.exit_code == 2, describe(r));
  CHECK(contains(r.err, "schema.sql:5:"));
  CHECK(migration_files(project).empty());
}
