// The migrations history table is left out of a compiled catalog by its configured name, as
// introspection leaves it out of the database's.
#include <doctest/doctest.h>

#include "compiler/compile.hpp"

using namespace schemactl;

namespace {
const char* kSchema =
    "CREATE TABLE public.schema_migrations (version character varying(128) PRIMARY KEY);\n"
    "CREATE INDEX schema_migrations_version ON public.schema_migrations (version);\n"
    "CREATE SCHEMA meta;\n"
    "CREATE TABLE meta.history (version text PRIMARY KEY);\n"
    "CREATE TABLE public.kept (id integer PRIMARY KEY);\n";

CompileResult compile_with(const std::string& migrations_table) {
  CompileOptions options;
  options.migrations_table = migrations_table;
  return compile_text(kSchema, "schema.sql", options);
}
}  // namespace

TEST_CASE("migrations table: kept without a configured name (load creates what a dump contains)") {
  auto result = compile_with("");
  REQUIRE(result.ok());
  CHECK(result.catalog.tables.count({"public", "schema_migrations"}) == 1);
  CHECK(result.catalog.indexes.count({"public", "schema_migrations_version"}) == 1);
}

TEST_CASE("migrations table: an unqualified name is left out of the default schema, with its indexes") {
  auto result = compile_with("schema_migrations");
  REQUIRE(result.ok());
  CHECK(result.catalog.tables.count({"public", "schema_migrations"}) == 0);
  CHECK(result.catalog.indexes.count({"public", "schema_migrations_version"}) == 0);
  CHECK(result.catalog.tables.count({"public", "kept"}) == 1);
  CHECK(result.catalog.tables.count({"meta", "history"}) == 1);
  for (const auto& edge : result.catalog.dependencies.value) {
    CHECK(edge.from.name != ir::QualifiedName{"public", "schema_migrations"});
    CHECK(edge.to.name != ir::QualifiedName{"public", "schema_migrations"});
  }
}

TEST_CASE("migrations table: a qualified name is left out of its own schema only") {
  auto result = compile_with("meta.history");
  REQUIRE(result.ok());
  CHECK(result.catalog.tables.count({"meta", "history"}) == 0);
  CHECK(result.catalog.tables.count({"public", "schema_migrations"}) == 1);
}
