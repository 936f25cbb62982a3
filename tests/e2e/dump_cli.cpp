// `schemactl dump` end to end: where it writes, what it never overwrites, determinism, the
// migrations history it carries, filters, owners/privileges, and no credentials in messages.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

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
    path = fs::temp_directory_path() / ("schemactl_dump_cli_" + std::to_string(getpid()) + "_" + std::to_string(counter++));
    fs::create_directories(path);
  }
  ~TempDir() { std::error_code ec; fs::remove_all(path, ec); }
};

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

void write_file(const fs::path& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

const char* kSchema =
    "CREATE SCHEMA app;"
    "CREATE TABLE app.accounts (id bigserial PRIMARY KEY, email text NOT NULL UNIQUE);"
    "CREATE TABLE public.notes (id int PRIMARY KEY, account_id bigint REFERENCES app.accounts(id), body text);"
    "CREATE INDEX notes_body ON public.notes (lower(body));";

}  // namespace

TEST_CASE("dump writes the schema file only when there is none, unless --force") {
  test::TestDatabase db("dump_cli");
  db.exec(kSchema);
  TempDir dir;
  test::ProcessOptions in_dir;
  in_dir.cwd = dir.path.string();

  auto first = test::run_schemactl({"dump", "-u", db.url()}, in_dir);
  REQUIRE(first.exit_code == 0);
  CHECK(first.out.find("Writing: schema.sql") != std::string::npos);
  std::string dumped = read_file(dir.path / "schema.sql");
  CHECK(dumped.find("CREATE TABLE app.accounts") != std::string::npos);
  CHECK(dumped.find("CREATE INDEX notes_body ON public.notes") != std::string::npos);

  // A hand-written source of truth is never lost to a dump.
  write_file(dir.path / "schema.sql", "-- hand written\nCREATE TABLE x (id int);\n");
  auto refused = test::run_schemactl({"dump", "-u", db.url()}, in_dir);
  CHECK(refused.exit_code == 2);
  CHECK(refused.err.find("schema.sql already exists") != std::string::npos);
  CHECK(refused.err.find("--force") != std::string::npos);
  CHECK(read_file(dir.path / "schema.sql") == "-- hand written\nCREATE TABLE x (id int);\n");

  auto forced = test::run_schemactl({"dump", "-u", db.url(), "--force"}, in_dir);
  REQUIRE(forced.exit_code == 0);
  CHECK(read_file(dir.path / "schema.sql") == dumped);

  // --schema-file names the file; -o writes elsewhere, whatever exists.
  auto named = test::run_schemactl({"dump", "-u", db.url(), "-s", "db/structure.sql"}, in_dir);
  CHECK(named.exit_code == 2);  // the folder does not exist: a clear input error, no partial file
  fs::create_directories(dir.path / "db");
  named = test::run_schemactl({"dump", "-u", db.url(), "-s", "db/structure.sql"}, in_dir);
  CHECK(named.exit_code == 0);
  CHECK(read_file(dir.path / "db" / "structure.sql") == dumped);
  auto output = test::run_schemactl({"dump", "-u", db.url(), "-o", "schema.sql"}, in_dir);
  CHECK(output.exit_code == 0);
}

TEST_CASE("dump is deterministic and replayable by psql") {
  test::TestDatabase db("dump_cli");
  db.exec(kSchema);
  auto a = test::run_schemactl({"dump", "-u", db.url(), "-o", "-"});
  auto b = test::run_schemactl({"dump", "-u", db.url(), "-o", "-"});
  REQUIRE(a.exit_code == 0);
  CHECK(a.out == b.out);
  CHECK(a.out.find("pg_dump") == std::string::npos);

  TempDir dir;
  write_file(dir.path / "dump.sql", a.out);
  test::TestDatabase copy("dump_cli");
  auto psql = test::run_process({kPsql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", copy.url(), "-f",
                                 (dir.path / "dump.sql").string()});
  CHECK_MESSAGE(psql.exit_code == 0, psql.err);
  auto again = test::run_schemactl({"dump", "-u", copy.url(), "-o", "-"});
  CHECK(again.out == a.out);
}

TEST_CASE("a schema_migrations table with rows survives dump -> load -> status") {
  TempDir dir;
  fs::create_directories(dir.path / "migrations");
  write_file(dir.path / "migrations" / "20240101000000_accounts.sql",
             "-- migrate:up\nCREATE TABLE accounts (id int PRIMARY KEY);\n-- migrate:down\nDROP TABLE accounts;\n");
  write_file(dir.path / "migrations" / "20240202000000_notes.sql",
             "-- migrate:up\nCREATE TABLE notes (id int, account_id int REFERENCES accounts(id));\n"
             "-- migrate:down\nDROP TABLE notes;\n");
  test::ProcessOptions in_dir;
  in_dir.cwd = dir.path.string();
  test::TestDatabase source("dump_cli");
  auto up = test::run_schemactl({"migrate", "-u", source.url()}, in_dir);
  REQUIRE_MESSAGE(up.exit_code == 0, up.err);

  auto dump = test::run_schemactl({"dump", "-u", source.url(), "-o", "dump.sql"}, in_dir);
  REQUIRE(dump.exit_code == 0);
  std::string text = read_file(dir.path / "dump.sql");
  CHECK(text.find("CREATE TABLE public.schema_migrations") != std::string::npos);
  CHECK(text.find("INSERT INTO public.schema_migrations (version) VALUES\n    ('20240101000000'),\n    ('20240202000000');\n") !=
        std::string::npos);

  std::string target = test::url_with_database(test::server_url(), source.name() + "_loaded");
  auto load = test::run_schemactl({"load", "-u", target, "dump.sql"}, in_dir);
  REQUIRE_MESSAGE(load.exit_code == 0, load.err);
  auto status = test::run_schemactl({"status", "-u", target}, in_dir);
  CHECK(status.exit_code == 0);
  CHECK(status.out.find("[X] 20240101000000_accounts.sql") != std::string::npos);
  CHECK(status.out.find("[X] 20240202000000_notes.sql") != std::string::npos);
  CHECK(status.out.find("Pending: 0") != std::string::npos);
  test::exec_sql(test::server_url(), "DROP DATABASE IF EXISTS \"" + source.name() + "_loaded\" WITH (FORCE)");
}

TEST_CASE("filters, owners and privileges on request") {
  test::exec_sql(test::server_url(), "DO $$ BEGIN CREATE ROLE dump_cli_reader; EXCEPTION WHEN duplicate_object THEN NULL; END $$");
  test::TestDatabase db("dump_cli");
  db.exec(std::string(kSchema) + "GRANT SELECT ON public.notes TO dump_cli_reader;");
  auto plain = test::run_schemactl({"dump", "-u", db.url(), "-o", "-"});
  CHECK(plain.out.find("GRANT") == std::string::npos);
  CHECK(plain.out.find("OWNER TO") == std::string::npos);
  auto full = test::run_schemactl({"dump", "-u", db.url(), "-o", "-", "--privileges", "--owners"});
  CHECK(full.out.find("GRANT SELECT ON TABLE public.notes TO dump_cli_reader;") != std::string::npos);
  CHECK(full.out.find("OWNER TO postgres") != std::string::npos);

  auto only_app = test::run_schemactl({"dump", "-u", db.url(), "-o", "-", "--schema", "app"});
  CHECK(only_app.out.find("app.accounts") != std::string::npos);
  CHECK(only_app.out.find("public.notes") == std::string::npos);
  auto without_app = test::run_schemactl({"dump", "-u", db.url(), "-o", "-", "--exclude-schema", "app"});
  CHECK(without_app.out.find("CREATE TABLE app.accounts") == std::string::npos);
  CHECK(without_app.out.find("CREATE TABLE public.notes") != std::string::npos);
}

TEST_CASE("no credentials in messages") {
  auto failed = test::run_schemactl({"dump", "-o", "-", "-u", "postgres://someone:s3cretpw@127.0.0.1:1/nowhere"});
  CHECK(failed.exit_code == 3);
  CHECK(failed.err.find("s3cretpw") == std::string::npos);
  CHECK(failed.out.find("s3cretpw") == std::string::npos);
}

TEST_CASE("dump -o replaces a file through its symlink and writes devices in place") {
  test::TestDatabase db("dump_cli");
  db.exec(kSchema);
  TempDir dir;
  write_file(dir.path / "real.sql", "old");
  fs::create_symlink("real.sql", dir.path / "link.sql");

  auto via_link = test::run_schemactl({"dump", "-u", db.url(), "-o", (dir.path / "link.sql").string()});
  REQUIRE(via_link.exit_code == 0);
  CHECK(fs::is_symlink(dir.path / "link.sql"));
  CHECK(read_file(dir.path / "real.sql").find("CREATE TABLE app.accounts") != std::string::npos);

  // /dev/stdout is the test's pipe: the dump must arrive there, and no temporary file is left.
  auto to_device = test::run_schemactl({"dump", "-u", db.url(), "-o", "/dev/stdout"});
  REQUIRE(to_device.exit_code == 0);
  CHECK(to_device.out.find("CREATE TABLE app.accounts") != std::string::npos);
  CHECK(fs::is_character_file("/dev/null"));
}
