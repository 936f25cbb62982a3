// Type names in format_type's spelling.
#include <doctest/doctest.h>

#include "compiler/compile.hpp"
#include "compiler/types.hpp"

using namespace schemactl;

namespace {
// The canonical type of column c in `CREATE TABLE t (c <type>)`.
std::string column_type(const std::string& type, const std::string& prefix = "") {
  auto result = compile_text(prefix + "CREATE TABLE public.t (c " + type + ");");
  REQUIRE_MESSAGE(result.ok(), type);
  const auto& table = result.catalog.tables.at({"public", "t"});
  REQUIRE(table.columns.size() == 1);
  return table.columns[0].type;
}
}  // namespace

TEST_CASE("built-in type aliases are spelled as format_type prints them") {
  CHECK(column_type("int") == "integer");
  CHECK(column_type("int4") == "integer");
  CHECK(column_type("int8") == "bigint");
  CHECK(column_type("smallint") == "smallint");
  CHECK(column_type("bool") == "boolean");
  CHECK(column_type("float") == "double precision");
  CHECK(column_type("float(10)") == "real");
  CHECK(column_type("real") == "real");
  CHECK(column_type("varchar(255)") == "character varying(255)");
  CHECK(column_type("varchar") == "character varying");
  CHECK(column_type("char(3)") == "character(3)");
  CHECK(column_type("char") == "character(1)");
  CHECK(column_type("\"char\"") == "\"char\"");
  CHECK(column_type("decimal(10,2)") == "numeric(10,2)");
  CHECK(column_type("numeric(10)") == "numeric(10,0)");
  CHECK(column_type("numeric") == "numeric");
  CHECK(column_type("timestamptz") == "timestamp with time zone");
  CHECK(column_type("timestamp") == "timestamp without time zone");
  CHECK(column_type("timestamp(3) with time zone") == "timestamp(3) with time zone");
  CHECK(column_type("time(0)") == "time(0) without time zone");
  CHECK(column_type("timetz") == "time with time zone");
  CHECK(column_type("bit") == "bit(1)");
  CHECK(column_type("bit varying(5)") == "bit varying(5)");
  CHECK(column_type("varbit") == "bit varying");
  CHECK(column_type("pg_catalog.text") == "text");
}

TEST_CASE("interval fields and precision") {
  CHECK(column_type("interval") == "interval");
  CHECK(column_type("interval hour to minute") == "interval hour to minute");
  CHECK(column_type("interval day to second(3)") == "interval day to second(3)");
  CHECK(column_type("interval(2)") == "interval(2)");
  CHECK(column_type("interval year") == "interval year");
}

TEST_CASE("arrays print one pair of brackets") {
  CHECK(column_type("int[]") == "integer[]");
  CHECK(column_type("text[][]") == "text[]");
  CHECK(column_type("varchar(10) ARRAY") == "character varying(10)[]");
}

TEST_CASE("user types are schema-qualified and quoted when needed") {
  CHECK(column_type("mood", "CREATE TYPE mood AS ENUM ('a');") == "public.mood");
  CHECK(column_type("\"Mood\"[]", "CREATE TYPE \"Mood\" AS ENUM ('a');") == "public.\"Mood\"[]");
  CHECK(column_type("app.status", "CREATE SCHEMA app; CREATE TYPE app.status AS ENUM ('a');") == "app.status");
  // search_path decides where an unqualified type is found.
  CHECK(column_type("status", "CREATE SCHEMA app; CREATE TYPE app.status AS ENUM ('a'); SET search_path = app, public;") ==
        "app.status");
}

TEST_CASE("serial types expand to an owned sequence") {
  auto result = compile_text("CREATE TABLE t (id bigserial, s smallserial);");
  REQUIRE(result.ok());
  const auto& t = result.catalog.tables.at({"public", "t"});
  CHECK(t.columns[0].type == "bigint");
  CHECK(t.columns[0].not_null);
  REQUIRE(t.columns[0].default_expr);
  CHECK(t.columns[0].default_expr->text == "nextval('public.t_id_seq'::regclass)");
  CHECK(t.columns[1].type == "smallint");
  const auto& seq = result.catalog.sequences.at({"public", "t_s_seq"});
  CHECK(seq.options.type == "smallint");
  CHECK(seq.options.max_value == 32767);
  CHECK(seq.owned_by_table == schemactl::ir::QualifiedName{"public", "t"});
  CHECK(seq.owned_by_column == "s");
  CHECK(result.catalog.sequences.at({"public", "t_id_seq"}).options.max_value == 9223372036854775807LL);
}

TEST_CASE("an unknown type is an error at its position") {
  auto result = compile_text("CREATE TABLE t (\n  c nosuchtype\n);");
  REQUIRE_FALSE(result.ok());
  const auto& d = result.diagnostics.back();
  CHECK(d.code == "unknown-type");
  CHECK(d.line == 2);
  CHECK(d.column == 5);
  CHECK(d.message == "type public.nosuchtype does not exist");
}
