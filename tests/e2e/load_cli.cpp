// `schemactl load` end to end: creates the database, applies in dependency order in one
// transaction, replays data statements, and on failure rolls back and points at file:line.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "tests/support/process.hpp"
#include "tests/support/test_db.hpp"

namespace fs = std::filesystem;
using namespace schemactl;

namespace {

// The server's own client binaries: Debian's /usr/bin wrappers are Perl scripts that cost
// ~50 ms per call.
const char* const kPsql = "/usr/lib/postgresql/15/bin/psql";

struct TempDir {
  fs::path path;
  TempDir() {
    static int counter = 0;
    path = fs::temp_directory_path() / ("schemactl_load_cli_" + std::to_string(getpid()) + "_" + std::to_string(counter++));
    fs::create_directories(path);
  }
  ~TempDir() { std::error_code ec; fs::remove_all(path, ec); }
};

void write_file(const fs::path& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

struct DroppedAfter {
  std::string name;
  ~DroppedAfter() {
    try {
      test::exec_sql(test::server_url(), "DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
    } catch (...) {
    }
  }
};

}  // namespace

TEST_CASE("load creates the database and applies statements in dependency order, with data") {
  TempDir dir;
  // Written out of order on purpose: the view before its table, the foreign key before its target.
  write_file(dir.path / "schema.sql",
             "CREATE VIEW recent AS SELECT id, title FROM posts WHERE id > 10;\n"
             "CREATE TABLE posts (id int PRIMARY KEY, author_id int REFERENCES authors(id), title text);\n"
             "CREATE TABLE authors (id int PRIMARY KEY, name text NOT NULL);\n"
             "INSERT INTO authors VALUES (1, 'ann');\n");
  DroppedAfter target{"load_cli_" + std::to_string(getpid()) + "_a"};
  std::string url = test::url_with_database(test::server_url(), target.name);
  test::ProcessOptions in_dir;
  in_dir.cwd = dir.path.string();
  auto load = test::run_schemactl({"load", "-u", url}, in_dir);  // default: the schema file
  REQUIRE_MESSAGE(load.exit_code == 0, load.err);
  CHECK(load.out.find("Loaded: schema.sql") != std::string::npos);
  auto conn_check = test::run_process({kPsql, "-X", "-tA", "-d", url, "-c",
                                       "SELECT count(*) FROM authors; SELECT to_regclass('public.recent') IS NOT NULL"});
  CHECK(conn_check.out == "1\nt\n");
}

TEST_CASE("a server error rolls everything back and names file:line and the server's message") {
  TempDir dir;
  write_file(dir.path / "schema.sql",
             "CREATE TABLE kept (id int);\n"
             "\n"
             "CREATE TABLE broken (\n"
             "  id int,\n"
             "  n int DEFAULT no_such_function(1)\n"
             ");\n");
  test::TestDatabase db("load_cli");
  auto load = test::run_schemactl({"load", "-u", db.url(), (dir.path / "schema.sql").string()});
  CHECK(load.exit_code == 3);
  CHECK_MESSAGE(load.err.find("schema.sql:3:") != std::string::npos, load.err);
  CHECK(load.err.find("no_such_function") != std::string::npos);
  CHECK(load.err.find("nothing was applied") != std::string::npos);
  CHECK(db.scalar("SELECT to_regclass('public.kept')::text") == std::nullopt);
}

TEST_CASE("a file that does not compile exits 2 with the compiler's diagnostics, touching nothing") {
  TempDir dir;
  write_file(dir.path / "schema.sql", "CREATE TABLE ok (id int);\nCREATE TABLEX nope (id int);\n");
  DroppedAfter target{"load_cli_" + std::to_string(getpid()) + "_b"};
  std::string url = test::url_with_database(test::server_url(), target.name);
  auto load = test::run_schemactl({"load", "-u", url, (dir.path / "schema.sql").string()});
  CHECK(load.exit_code == 2);
  CHECK_MESSAGE(load.err.find("schema.sql:2:") != std::string::npos, load.err);
  auto exists = test::run_process({kPsql, "-X", "-tA", "-d", test::server_url(), "-c",
                                   "SELECT count(*) FROM pg_database WHERE datname = '" + target.name + "'"});
  CHECK(exists.out == "0\n");
}

TEST_CASE("COPY data in a schema file is replayed") {
  TempDir dir;
  write_file(dir.path / "schema.sql",
             "CREATE TABLE tags (id int PRIMARY KEY, name text);\n"
             "COPY public.tags (id, name) FROM stdin;\n1\tred\n2\tblue\n\\.\n");
  test::TestDatabase db("load_cli");
  auto load = test::run_schemactl({"load", "-u", db.url(), (dir.path / "schema.sql").string()});
  REQUIRE_MESSAGE(load.exit_code == 0, load.err);
  CHECK(db.scalar("SELECT string_agg(name, ',' ORDER BY id) FROM tags") == std::optional<std::string>("red,blue"));
}
