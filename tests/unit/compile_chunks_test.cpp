// Parsing in statement chunks (CompileOptions::parse_chunk_bytes) must not change anything: the
// IR and every diagnostic, with its position, are what parsing each file whole gives.
#include <doctest/doctest.h>

#include <fmt/format.h>

#include "compiler/compile.hpp"
#include "compiler/ir_json.hpp"
#include "compiler/pg_parse.hpp"

using namespace schemactl;

namespace {

std::string render(const CompileResult& r) {
  std::string out = catalog_to_json(r.catalog);
  for (const auto& d : r.diagnostics)
    out += fmt::format("\n{}:{}:{} +{} [{}] {}", d.file, d.line, d.column, d.length, d.code, d.message);
  return out;
}

std::string compiled_with_chunks(const std::string& sql, size_t chunk_bytes) {
  CompileOptions options;
  options.parse_chunk_bytes = chunk_bytes;
  return render(compile({SourceFile{"schema.sql", sql}}, options));
}

// Every chunk size from one statement per chunk to the whole file in one parse.
void check_chunk_sizes_agree(const std::string& sql) {
  std::string whole = compiled_with_chunks(sql, 0);
  for (size_t bytes : {size_t{1}, size_t{40}, size_t{200}, size_t{1} << 20}) {
    CAPTURE(bytes);
    CHECK(compiled_with_chunks(sql, bytes) == whole);
  }
}

// Statements of most kinds, a statement deferred to the end (ALTER before CREATE), a view whose
// columns are resolved at the end, comments between statements, data statements, a psql
// meta-command and a function body with semicolons in it.
const char* kSchema = R"(\restrict abc
-- leading comment; with a semicolon
CREATE SCHEMA app;
ALTER TABLE app.later ADD CONSTRAINT later_pkey PRIMARY KEY (id);
CREATE TYPE app.mood AS ENUM ('sad', 'ok');  /* trailing; comment */
CREATE TABLE app.users (
  id bigserial PRIMARY KEY,
  name text NOT NULL DEFAULT 'x;y' CHECK (length(name) > 0),
  mood app.mood DEFAULT 'ok'
);
CREATE VIEW app.names AS SELECT id, name FROM app.later;
CREATE TABLE app.later (id int, note text DEFAULT $$a;b$$);
CREATE INDEX ON app.users (lower(name)) WHERE name <> '';
CREATE FUNCTION app.f() RETURNS int LANGUAGE plpgsql AS $body$ BEGIN RETURN 1; END; $body$;
COMMENT ON TABLE app.users IS 'people; mostly';
INSERT INTO app.users (name) VALUES ('a;b');
COPY app.later (id, note) FROM stdin;
1	x;y
\.
CREATE TABLE app.dup (a int DEFAULT 0, b int DEFAULT 0 CHECK (b >= 0), c int CHECK (b >= 0))
)";

}  // namespace

TEST_CASE("statement chunks: the IR and diagnostics do not depend on the chunk size") {
  check_chunk_sizes_agree(kSchema);
}

TEST_CASE("statement chunks: syntax errors are all reported, at the same positions") {
  std::string sql = std::string(kSchema) + ";\nCREATE TABEL broken (id int);\nCREATE TABLE ok2 (a int);\nALTER TABLE nope ADD COLUMN;\n";
  check_chunk_sizes_agree(sql);
  auto r = compile_text(sql);
  int syntax_errors = 0;
  for (const auto& d : r.diagnostics) syntax_errors += d.code == "syntax-error";
  CHECK(syntax_errors == 2);
}

TEST_CASE("statement chunks: an unterminated literal is reported as parsing the whole file reports it") {
  check_chunk_sizes_agree("CREATE TABLE a (x int);\nCREATE TABLE b (y text DEFAULT 'open);\n");
}

TEST_CASE("statement chunks: cut after a top-level semicolon, never inside quotes, comments or parentheses") {
  std::string sql =
      "CREATE TABLE a (x int);\n-- c; d\nCREATE TABLE b (y text DEFAULT 'p;q' CHECK (y <> E'\\';'));\n"
      "CREATE FUNCTION f() RETURNS int AS $f$ SELECT 1; $f$ LANGUAGE sql; /* e; */ CREATE TABLE \"x;y\" (z int)";
  auto chunks = pg::statement_chunks(sql, 1);
  REQUIRE(chunks.size() == 4);
  CHECK(chunks[0].begin == 0);
  for (size_t i = 0; i + 1 < chunks.size(); ++i) {
    CAPTURE(i);
    CHECK(chunks[i].end == chunks[i + 1].begin);
    CHECK(sql[chunks[i].end - 1] == ';');
  }
  CHECK(sql.substr(chunks[1].begin, 6) == "\n-- c;");
  CHECK(sql.substr(chunks[3].begin, 9) == " /* e; */");
  CHECK(chunks[3].end == sql.size());
  CHECK(pg::statement_chunks(sql, 0).size() == 1);
  CHECK(pg::statement_chunks(sql, 1 << 20).size() == 1);
}

// A cut the light scan gets wrong (here: inside a BEGIN ATOMIC body) makes a chunk fail to parse;
// the file is then parsed whole, with the same result.
TEST_CASE("statement chunks: a misplaced cut falls back to the whole file") {
  check_chunk_sizes_agree(
      "CREATE TABLE t (a int);\n"
      "CREATE FUNCTION g() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT 2; END;\n"
      "CREATE TABLE u (b int);\n");
  CHECK(compile_text("CREATE FUNCTION g() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT 2; END;\n").ok());
}

namespace {
std::string check_key(const CompileResult& r, const std::string& table) {
  for (const auto& [name, t] : r.catalog.tables)
    if (name.name == table)
      for (const auto& [cname, c] : t.constraints)
        if (c.check) return c.check->key;
  return {};
}
}  // namespace

// Context::expr memoizes expression keys; a key that depends on the table's column types must
// not be reused for a table whose columns have other types.
TEST_CASE("expression keys: the memo gives what a fresh compile of each table gives") {
  const char* a = "CREATE TABLE a (q integer, p numeric, CHECK (q * p > 0));\n";
  const char* b = "CREATE TABLE b (q numeric, p numeric, CHECK (q * p > 0));\n";
  const char* c = "CREATE TABLE c (q integer, p numeric, CHECK (q * p > 0));\n";
  auto together = compile_text(std::string(a) + b + c);
  REQUIRE(together.ok());
  CHECK(check_key(together, "a") == check_key(compile_text(a), "a"));
  CHECK(check_key(together, "b") == check_key(compile_text(b), "b"));
  CHECK(check_key(together, "c") == check_key(compile_text(c), "c"));
  CHECK(check_key(together, "a") == check_key(together, "c"));
  CHECK(check_key(together, "a") != check_key(together, "b"));  // integer * numeric: the server's cast
}
