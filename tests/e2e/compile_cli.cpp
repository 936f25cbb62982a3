// `schemactl compile` end to end: canonical SQL on stdout, compiler-style diagnostics and exit
// code 2 on errors, --format json, the schema file from -s or DBMATE_SCHEMA_FILE.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <string>

#include "tests/support/process.hpp"

using schemactl::test::ProcessOptions;
using schemactl::test::run_schemactl;

namespace {
const std::string kFixtures = std::string(SCHEMACTL_SOURCE_DIR) + "/fixtures/compile/";
}

TEST_CASE("compile prints the canonical schema") {
  auto r = run_schemactl({"compile", kFixtures + "example.sql"});
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("CREATE TABLE public.users") != std::string::npos);
  CHECK(r.out.find("CONSTRAINT users_pkey PRIMARY KEY (id)") != std::string::npos);
  CHECK(r.out.find("users_email_key") != std::string::npos);
  CHECK(r.out.find("users_lower_idx") != std::string::npos);
  CHECK(r.out.find("orders_user_id_fkey") != std::string::npos);
  // Deterministic: the same input gives the same bytes.
  CHECK(run_schemactl({"compile", kFixtures + "example.sql"}).out == r.out);
}

TEST_CASE("compile --format json prints the IR") {
  auto r = run_schemactl({"compile", "--format", "json", kFixtures + "example.sql"});
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("\"name\": \"orders_total_check\"") != std::string::npos);
  CHECK(r.out.find("\"renamed_from\": \"public.purchases\"") != std::string::npos);
}

TEST_CASE("errors are reported at file:line:column and exit with 2") {
  auto r = run_schemactl({"compile", kFixtures + "errors.sql"});
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK(r.err.find("errors.sql:2:8: error: syntax error at or near \"TABEL\"") != std::string::npos);
  CHECK(r.err.find("errors.sql:3:45: error: foreign key orders_user_id_fkey references table public.customers") !=
        std::string::npos);
  CHECK(r.err.find("errors.sql:4:17: error: column nosuchcolumn does not exist") != std::string::npos);
  CHECK(r.err.find("       ^~~~~\n") != std::string::npos);
  auto json = run_schemactl({"compile", "--format", "json", kFixtures + "errors.sql"});
  CHECK(json.exit_code == 2);
  CHECK(json.err.find("\"code\": \"syntax-error\"") != std::string::npos);
}

TEST_CASE("the schema file comes from -s, then DBMATE_SCHEMA_FILE") {
  auto with_flag = run_schemactl({"compile", "-s", kFixtures + "example.sql"});
  CHECK(with_flag.exit_code == 0);
  ProcessOptions options;
  options.env["DBMATE_SCHEMA_FILE"] = kFixtures + "example.sql";
  auto with_env = run_schemactl({"compile"}, options);
  CHECK(with_env.exit_code == 0);
  CHECK(with_env.out == with_flag.out);
  auto missing = run_schemactl({"compile", "-s", kFixtures + "nope.sql"});
  CHECK(missing.exit_code == 2);
  CHECK(missing.err.find("does not exist") != std::string::npos);
}
