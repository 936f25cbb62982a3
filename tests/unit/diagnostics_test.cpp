// Diagnostics: every problem in one run, each at file:line:column with a caret.
#include <doctest/doctest.h>

#include "compiler/compile.hpp"

using namespace schemactl;

namespace {
std::vector<Diagnostic> errors(const CompileResult& r) {
  std::vector<Diagnostic> out;
  for (const auto& d : r.diagnostics)
    if (d.severity == Severity::Error) out.push_back(d);
  return out;
}
}  // namespace

TEST_CASE("every syntax error is reported, not just the first") {
  auto r = compile_text("CREATE TABEL a (id int);\nCREATE TABLE ok (id int);\nCREATE TABLE b (id int,);\n");
  auto errs = errors(r);
  REQUIRE(errs.size() == 2);
  CHECK(errs[0].code == "syntax-error");
  CHECK(errs[0].line == 1);
  CHECK(errs[0].column == 8);
  CHECK(errs[0].message == "syntax error at or near \"TABEL\"");
  CHECK(errs[1].line == 3);
  CHECK(errs[1].column == 24);
  // The valid statement between them was still lowered.
  CHECK(r.catalog.tables.count({"public", "ok"}));
}

TEST_CASE("the text format points at the token with a caret") {
  std::vector<SourceFile> sources{{"schema.sql", "CREATE TABLE t (id int);\nCREATE TABEL u (id int);\n"}};
  auto r = compile(sources);
  std::string text = format_diagnostics(r.diagnostics, sources, false);
  CHECK(text ==
        "schema.sql:2:8: error: syntax error at or near \"TABEL\" [syntax-error]\n"
        "CREATE TABEL u (id int);\n"
        "       ^~~~~\n");
  std::string json = format_diagnostics(r.diagnostics, sources, true);
  CHECK(json.find("\"line\": 2, \"column\": 8") != std::string::npos);
  CHECK(json.find("\"code\": \"syntax-error\"") != std::string::npos);
}

TEST_CASE("unsupported statements are errors naming the statement") {
  auto r = compile_text("CREATE TABLE t (id int);\nCREATE RULE r AS ON INSERT TO t DO NOTHING;\n");
  auto errs = errors(r);
  REQUIRE(errs.size() == 1);
  CHECK(errs[0].code == "unsupported-statement");
  CHECK(errs[0].line == 2);
  CHECK(errs[0].column == 1);
  CHECK(errs[0].message.find("CREATE RULE") != std::string::npos);
  // Objects the IR does not model (operators, casts...) are skipped with a warning.
  auto w = compile_text("CREATE OPERATOR === (leftarg = int, rightarg = int, function = int4eq);\n");
  CHECK(w.ok());
  REQUIRE(w.diagnostics.size() == 1);
  CHECK(w.diagnostics[0].severity == Severity::Warning);
  CHECK(w.diagnostics[0].message.find("CREATE OPERATOR is not managed") == 0);
}

TEST_CASE("objects defined twice") {
  auto r = compile_text("CREATE TABLE t (id int);\nCREATE TABLE t (id int);\nCREATE TABLE IF NOT EXISTS t (x int);\n");
  auto errs = errors(r);
  REQUIRE(errs.size() == 1);
  CHECK(errs[0].code == "duplicate-object");
  CHECK(errs[0].line == 2);
  CHECK(errs[0].column == 14);
}

TEST_CASE("unknown table, column and schema references") {
  auto r = compile_text(
      "CREATE TABLE t (id int REFERENCES nope);\n"
      "CREATE INDEX ON t (missing);\n"
      "CREATE TABLE s.x (id int);\n"
      "COMMENT ON TABLE ghost IS 'x';\n");
  auto errs = errors(r);
  REQUIRE(errs.size() == 4);
  std::set<std::string> codes;
  for (const auto& e : errs) codes.insert(e.code);
  CHECK(codes == std::set<std::string>{"unknown-table", "unknown-column", "unknown-schema", "unknown-object"});
  for (const auto& e : errs) {
    if (e.code == "unknown-table") {
      CHECK(e.line == 1);
      CHECK(e.column == 35);
    }
    if (e.code == "unknown-column") CHECK(e.line == 2);
    if (e.code == "unknown-schema") CHECK(e.line == 3);
  }
}

TEST_CASE("a foreign key must match a primary key or unique constraint") {
  auto r = compile_text("CREATE TABLE p (id int PRIMARY KEY, code text);\nCREATE TABLE c (code text REFERENCES p (code));\n");
  auto errs = errors(r);
  REQUIRE(errs.size() == 1);
  CHECK(errs[0].code == "foreign-key-target");
  CHECK(errs[0].line == 2);
  auto ok = compile_text("CREATE TABLE p (id int PRIMARY KEY, code text);\nCREATE UNIQUE INDEX ON p (code);\nCREATE TABLE c (code text REFERENCES p (code));\n");
  CHECK(ok.ok());
}

TEST_CASE("annotations: unknown ones and orphans are errors") {
  auto r = compile_text("-- schemactl:renamed-to x\nCREATE TABLE t (id int);\n-- schemactl:renamed-from y\n\nSELECT 1;\n");
  auto errs = errors(r);
  REQUIRE(errs.size() == 2);
  CHECK(errs[0].code == "annotation");
  CHECK(errs[0].line == 1);
  CHECK(errs[1].code == "orphan-annotation");
  CHECK(errs[1].line == 3);
}

TEST_CASE("psql meta-commands are skipped with a note; data statements are kept") {
  auto r = compile_text("\\restrict abc\nCREATE TABLE t (id int);\nINSERT INTO t VALUES (1);\nCOPY t (id) FROM stdin;\n1\n2\n\\.\n\\unrestrict abc\n");
  CHECK(r.ok());
  int notes = 0;
  for (const auto& d : r.diagnostics) notes += d.severity == Severity::Note;
  CHECK(notes == 4);
  REQUIRE(r.catalog.data.value.size() == 2);
  CHECK(r.catalog.data.value[0].sql == "INSERT INTO t VALUES (1);\n");
  CHECK(r.catalog.data.value[1].sql == "COPY t (id) FROM stdin;\n1\n2\n\\.\n");
}
