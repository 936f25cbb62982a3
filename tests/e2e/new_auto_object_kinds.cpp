// `schemactl new --auto` on collations, INSTEAD OF triggers on views, view column defaults and
// aggregates (fixtures/object_kinds): the four-phase check. The proof inside new --auto applies up and
// down in a scratch database; here the written file is also applied to the real database with
// migrate, re-diffed (empty), rolled back and re-diffed against the start (empty).
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "tests/e2e/runner_support.hpp"

using namespace schemactl::test;

namespace {

std::string fixture(const std::string& name) {
  std::ifstream in(std::string(SCHEMACTL_SOURCE_DIR) + "/fixtures/object_kinds/" + name);
  REQUIRE_MESSAGE(in.good(), "missing fixture " << name);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string only_migration(const ProjectDir& project) {
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(project.migrations())) files.push_back(e.path());
  REQUIRE(files.size() == 1);
  std::ifstream in(files[0]);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("new --auto: collations, view triggers, view defaults and aggregates, four phases") {
  TestDatabase db("objkinds");
  db.exec(fixture("current.sql"));
  ProjectDir project;
  project.write("schema.sql", fixture("desired.sql"));

  // Phases 1-2 (and 3-4 in the scratch database): generate the migration, proven.
  auto generated = run_in(project, db.url(), {"new", "--auto", "-m", "object_kinds", "-s", "schema.sql"});
  REQUIRE_MESSAGE(generated.exit_code == 0, describe(generated));
  std::string text = only_migration(project);
  CHECK(contains(text, "-- verified:"));
  auto down = text.find("-- migrate:down");
  REQUIRE(down != std::string::npos);
  std::string up_part = text.substr(0, down), down_part = text.substr(down);
  CHECK(contains(up_part, "CREATE COLLATION public.\"numeric\" (provider = icu, locale = 'en-u-kn-true');"));
  CHECK(contains(up_part, "COMMENT ON COLLATION public.\"numeric\" IS 'numbers sort as numbers';"));
  CHECK(contains(up_part, "DROP COLLATION public.nocase;"));
  CHECK(contains(up_part, "DROP COLLATION public.posix;"));
  CHECK(contains(up_part, "DROP VIEW public.item_view;"));
  CHECK(contains(up_part, "ALTER TABLE public.item_view ALTER COLUMN title SET DEFAULT 'untitled'"));
  CHECK(contains(up_part, "CREATE TRIGGER item_view_insert INSTEAD OF INSERT ON public.item_view FOR EACH ROW"));
  CHECK(contains(up_part, "ALTER TABLE public.title_view ALTER COLUMN title SET DEFAULT 'b'"));
  CHECK(contains(up_part, "DROP TRIGGER title_view_old ON public.title_view;"));
  CHECK(contains(up_part, "CREATE TRIGGER title_view_new INSTEAD OF INSERT ON public.title_view FOR EACH ROW"));
  // Aggregates: replaced in place, recreated for a new argument type, created after their new
  // support function and before the view that calls them, dropped before their support function.
  CHECK(contains(up_part, "CREATE OR REPLACE AGGREGATE public.group_concat(text) (\n    SFUNC = public._group_concat,"));
  CHECK(contains(up_part, "COMMENT ON AGGREGATE public.group_concat(text) IS 'comma-separated';"));
  CHECK(contains(up_part, "DROP AGGREGATE public.total(integer);"));
  CHECK(contains(up_part, "CREATE AGGREGATE public.total(bigint) (\n    SFUNC = int8pl,\n    STYPE = bigint,\n    INITCOND = '0'\n);"));
  CHECK(up_part.find("CREATE FUNCTION public._longest") < up_part.find("CREATE AGGREGATE public.longest(text)"));
  CHECK(up_part.find("CREATE AGGREGATE public.longest(text)") < up_part.find("CREATE VIEW public.longest_title"));
  CHECK(up_part.find("DROP AGGREGATE public.shortest(text);") < up_part.find("DROP FUNCTION public._shortest(text, text);"));
  CHECK(down_part.find("CREATE FUNCTION public._shortest") < down_part.find("CREATE AGGREGATE public.shortest(text)"));
  CHECK(down_part.find("DROP VIEW public.longest_title;") < down_part.find("DROP AGGREGATE public.longest(text);"));
  CHECK(contains(down_part, "CREATE COLLATION public.posix (provider = libc, locale = 'POSIX');"));
  CHECK(contains(down_part, "ALTER TABLE public.item_view ALTER COLUMN qty SET DEFAULT 1;"));
  CHECK(contains(down_part, "CREATE TRIGGER title_view_old INSTEAD OF DELETE ON public.title_view FOR EACH ROW"));

  // Phase 3 on the real database: apply up; nothing is left to change, and the members work.
  auto migrate = run_in(project, db.url(), {"migrate"});
  REQUIRE_MESSAGE(migrate.exit_code == 0, describe(migrate));
  auto after_up = run_in(project, db.url(), {"diff", "--exit-code", "-s", "schema.sql"});
  CHECK_MESSAGE(after_up.exit_code == 0, describe(after_up));
  db.exec("INSERT INTO item_view (id, code) VALUES (1, 'a10')");
  CHECK(db.scalar("SELECT title || ':' || coalesce(qty::text, 'null') FROM items WHERE id = 1") ==
        std::optional<std::string>("untitled:null"));
  CHECK(db.scalar("SELECT collation_name FROM information_schema.columns WHERE table_name = 'items' AND column_name = 'code'") ==
        std::optional<std::string>("numeric"));
  db.exec("DELETE FROM items");
  db.exec("INSERT INTO items (id, title, qty) VALUES (1, 'ab', 2), (2, 'abc', 3)");
  CHECK(db.scalar("SELECT title FROM longest_title") == std::optional<std::string>("abc"));
  CHECK(db.scalar("SELECT titles FROM title_list") == std::optional<std::string>("ab, abc"));
  CHECK(db.scalar("SELECT total(qty) FROM items") == std::optional<std::string>("5"));
  db.exec("DELETE FROM items");

  // Phase 4: roll back; the database equals current.sql again.
  auto rollback = run_in(project, db.url(), {"rollback"});
  REQUIRE_MESSAGE(rollback.exit_code == 0, describe(rollback));
  project.write("current.sql", fixture("current.sql"));
  auto after_down = run_in(project, db.url(), {"diff", "--exit-code", "-s", "current.sql"});
  CHECK_MESSAGE(after_down.exit_code == 0, describe(after_down));
  db.exec("INSERT INTO item_view (id) VALUES (2)");
  CHECK(db.scalar("SELECT title || ':' || qty FROM items WHERE id = 2") == std::optional<std::string>("untitled:1"));
}

TEST_CASE("compile: the object kinds fixtures compile without unmanaged-statement warnings") {
  ProjectDir project;
  for (const char* name : {"current.sql", "desired.sql"}) {
    project.write(name, fixture(name));
    auto r = run_schemactl({"compile", "-s", (project.path() / name).string()});
    REQUIRE_MESSAGE(r.exit_code == 0, describe(r));
    CHECK_FALSE(contains(r.err, "unmanaged-statement"));
    CHECK(contains(r.out, "CREATE COLLATION public."));
    CHECK(contains(r.out, "INSTEAD OF"));
    CHECK(contains(r.out, "CREATE AGGREGATE public.group_concat(text) (\n    SFUNC = public._group_concat,"));
    CHECK(contains(r.out, "ALTER VIEW public.item_view ALTER COLUMN title SET DEFAULT 'untitled';"));
  }
}
