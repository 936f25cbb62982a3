#include <doctest/doctest.h>

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>

#include "compiler/error.hpp"
#include "runtime/config.hpp"

using namespace schemactl::runtime;
using schemactl::InputError;

namespace {

// A .env file in a fresh temporary directory, removed afterwards.
struct TempEnvFile {
  std::filesystem::path dir;
  std::filesystem::path path;
  explicit TempEnvFile(const std::string& text) {
    dir = std::filesystem::temp_directory_path() / ("schemactl_config_test_" + std::to_string(getpid()));
    std::filesystem::create_directories(dir);
    path = dir / ".env";
    std::ofstream(path) << text;
  }
  ~TempEnvFile() { std::filesystem::remove_all(dir); }
};

}  // namespace

TEST_CASE("config: defaults") {
  Config c = resolve_config(ConfigFlags{}, Environment{});
  CHECK(c.url.empty());
  CHECK(c.migrations_dirs == std::vector<std::string>{"./migrations"});
  CHECK(c.migrations_table == "schema_migrations");
  CHECK(c.schema_file == "schema.sql");
  CHECK_FALSE(c.strict);
  CHECK_FALSE(c.verbose);
  CHECK_FALSE(c.wait);
  CHECK(c.wait_timeout == std::chrono::seconds(60));
  CHECK_THROWS_AS(c.require_url(), InputError);
}

TEST_CASE("config: flag > environment variable > .env file > default") {
  TempEnvFile env_file(
      "DATABASE_URL=postgres://from-dotenv/db\n"
      "DBMATE_MIGRATIONS_DIR=dotenv/migrations\n"
      "DBMATE_MIGRATIONS_TABLE=dotenv_table\n"
      "DBMATE_SCHEMA_FILE=dotenv.sql\n"
      "DBMATE_STRICT=true\n");
  Environment process{{"DATABASE_URL", "postgres://from-env/db"}, {"DBMATE_MIGRATIONS_TABLE", "env_table"}};
  Environment env = load_environment({env_file.path.string(), (env_file.dir / "missing.env").string()}, process);

  Config from_env = resolve_config(ConfigFlags{}, env);
  CHECK(from_env.url == "postgres://from-env/db");                               // env beats .env
  CHECK(from_env.migrations_table == "env_table");                                // env beats .env
  CHECK(from_env.migrations_dirs == std::vector<std::string>{"dotenv/migrations"});  // .env beats default
  CHECK(from_env.schema_file == "dotenv.sql");
  CHECK(from_env.strict);

  ConfigFlags flags;
  flags.url = "postgres://from-flag/db";
  flags.migrations_table = "flag_table";
  flags.migrations_dirs = {"a", "b"};
  flags.schema_file = "flag.sql";
  Config from_flags = resolve_config(flags, env);
  CHECK(from_flags.url == "postgres://from-flag/db");
  CHECK(from_flags.migrations_table == "flag_table");
  CHECK(from_flags.migrations_dirs == std::vector<std::string>{"a", "b"});
  CHECK(from_flags.schema_file == "flag.sql");
}

TEST_CASE("config: --env names the variable holding the URL") {
  ConfigFlags flags;
  flags.env_name = "TEST_DATABASE_URL";
  Config c = resolve_config(flags, Environment{{"DATABASE_URL", "postgres://a/x"}, {"TEST_DATABASE_URL", "postgres://b/y"}});
  CHECK(c.url == "postgres://b/y");
  ConfigFlags missing;
  missing.env_name = "NOT_SET";
  Config none = resolve_config(missing, Environment{{"DATABASE_URL", "postgres://a/x"}});
  CHECK(none.url.empty());
  CHECK_THROWS_WITH_AS(none.require_url(), doctest::Contains("NOT_SET"), InputError);
}

TEST_CASE("config: DBMATE_* variables") {
  Environment env{{"DBMATE_MIGRATIONS_DIR", "db/one,db/two"}, {"DBMATE_VERBOSE", "1"}, {"DBMATE_WAIT", "t"},
                  {"DBMATE_WAIT_TIMEOUT", "1m30s"}, {"DBMATE_STRICT", "false"}};
  Config c = resolve_config(ConfigFlags{}, env);
  CHECK(c.migrations_dirs == std::vector<std::string>{"db/one", "db/two"});
  CHECK(c.verbose);
  CHECK(c.wait);
  CHECK_FALSE(c.strict);
  CHECK(c.wait_timeout == std::chrono::seconds(90));

  ConfigFlags flags;
  flags.wait_timeout = "5s";
  flags.strict = true;
  Config f = resolve_config(flags, env);
  CHECK(f.wait_timeout == std::chrono::seconds(5));
  CHECK(f.strict);

  CHECK_THROWS_AS(resolve_config(ConfigFlags{}, Environment{{"DBMATE_STRICT", "maybe"}}), InputError);
  CHECK_THROWS_AS(resolve_config(ConfigFlags{}, Environment{{"DBMATE_WAIT_TIMEOUT", "soon"}}), InputError);
}

TEST_CASE("config: durations") {
  CHECK(parse_duration("60s") == std::chrono::seconds(60));
  CHECK(parse_duration("500ms") == std::chrono::milliseconds(500));
  CHECK(parse_duration("2m") == std::chrono::minutes(2));
  CHECK(parse_duration("1h1s") == std::chrono::seconds(3601));
  CHECK(parse_duration("1.5s") == std::chrono::milliseconds(1500));
  CHECK(parse_duration("7") == std::chrono::seconds(7));
  CHECK_THROWS_AS(parse_duration(""), InputError);
  CHECK_THROWS_AS(parse_duration("5 s"), InputError);
  CHECK_THROWS_AS(parse_duration("5d"), InputError);
  CHECK_THROWS_AS(parse_duration("s"), InputError);
}

TEST_CASE("config: a malformed .env file is an error naming file and line") {
  TempEnvFile env_file("OK=1\nbroken line\n");
  CHECK_THROWS_WITH_AS(load_environment({env_file.path.string()}, Environment{}),
                       doctest::Contains(".env:2:"), InputError);
}
