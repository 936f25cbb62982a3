// CREATE TABLE lowering: columns, constraints named as PostgreSQL names them, partitions.
#include <doctest/doctest.h>

#include "compiler/compile.hpp"

using namespace schemactl;

namespace {
const ir::Table& table_of(const CompileResult& r, const std::string& name, const std::string& schema = "public") {
  auto it = r.catalog.tables.find({schema, name});
  REQUIRE_MESSAGE(it != r.catalog.tables.end(), name);
  return it->second;
}
std::string errors_of(const CompileResult& r) {
  std::string out;
  for (const auto& d : r.diagnostics)
    if (d.severity == Severity::Error) out += d.message + "\n";
  return out;
}
}  // namespace

TEST_CASE("unnamed constraints get PostgreSQL's names") {
  auto r = compile_text(R"(
    CREATE TABLE users (
      id serial PRIMARY KEY,
      email text UNIQUE,
      price numeric CHECK (price > 0),
      a int, b int,
      CHECK (a < b),
      UNIQUE (a, b),
      CHECK (a > 0)
    );
    CREATE TABLE orders (id int, user_id int REFERENCES users, a int, b int,
      FOREIGN KEY (a, b) REFERENCES users (a, b));
  )");
  REQUIRE_MESSAGE(r.ok(), errors_of(r));
  const auto& users = table_of(r, "users");
  for (const char* name : {"users_pkey", "users_email_key", "users_price_check", "users_check", "users_a_b_key", "users_a_check"})
    CHECK_MESSAGE(users.constraints.count(name), name);
  const auto& orders = table_of(r, "orders");
  CHECK(orders.constraints.count("orders_user_id_fkey"));
  CHECK(orders.constraints.count("orders_a_b_fkey"));
  const auto& fk = orders.constraints.at("orders_user_id_fkey");
  REQUIRE(fk.foreign_key);
  CHECK(fk.foreign_key->ref_table == ir::QualifiedName{"public", "users"});
  // REFERENCES without columns means the referenced table's primary key.
  CHECK(fk.foreign_key->ref_columns == std::vector<std::string>{"id"});
}

TEST_CASE("two unnamed checks on one column are numbered") {
  auto r = compile_text("CREATE TABLE t (a int CHECK (a > 0) CHECK (a < 10));");
  REQUIRE(r.ok());
  const auto& t = table_of(r, "t");
  CHECK(t.constraints.count("t_a_check"));
  CHECK(t.constraints.count("t_a_check1"));
}

TEST_CASE("a constraint index name that collides with a relation gets a suffix") {
  auto r = compile_text("CREATE TABLE t_pkey (x int); CREATE TABLE t (id int PRIMARY KEY);");
  REQUIRE(r.ok());
  CHECK(table_of(r, "t").constraints.count("t_pkey1"));
}

TEST_CASE("primary key columns are NOT NULL; NULL/NOT NULL/DEFAULT are kept") {
  auto r = compile_text("CREATE TABLE t (a int, b text NOT NULL DEFAULT 'x', c int NULL, PRIMARY KEY (a));");
  REQUIRE(r.ok());
  const auto& t = table_of(r, "t");
  CHECK(t.columns[0].not_null);
  CHECK(t.columns[1].not_null);
  REQUIRE(t.columns[1].default_expr);
  CHECK(t.columns[1].default_expr->text == "'x'");
  CHECK_FALSE(t.columns[2].not_null);
}

TEST_CASE("default expressions keep the exact source text, parentheses included") {
  auto r = compile_text("CREATE TABLE t (a boolean DEFAULT (1 IN (1, 2)) NOT NULL, b int DEFAULT -1, c timestamptz DEFAULT now());");
  REQUIRE(r.ok());
  const auto& t = table_of(r, "t");
  CHECK(t.columns[0].default_expr->text == "(1 IN (1, 2))");
  CHECK(t.columns[1].default_expr->text == "-1");
  CHECK(t.columns[2].default_expr->text == "now()");
}

TEST_CASE("foreign key options, deferrable column constraints and NOT VALID") {
  auto r = compile_text(R"(
    CREATE TABLE p (id int PRIMARY KEY, a int, b int, UNIQUE (a, b));
    CREATE TABLE c (
      p_id int REFERENCES p ON DELETE CASCADE ON UPDATE SET NULL DEFERRABLE INITIALLY DEFERRED,
      a int, b int,
      CONSTRAINT c_ab FOREIGN KEY (a, b) REFERENCES p (a, b) MATCH FULL
    );
    ALTER TABLE c ADD CONSTRAINT c_check CHECK (a > 0) NOT VALID;
  )");
  REQUIRE_MESSAGE(r.ok(), errors_of(r));
  const auto& c = table_of(r, "c");
  const auto& fk = c.constraints.at("c_p_id_fkey");
  CHECK(fk.foreign_key->on_delete == 'c');
  CHECK(fk.foreign_key->on_update == 'n');
  CHECK(fk.deferrable);
  CHECK(fk.initially_deferred);
  CHECK(c.constraints.at("c_ab").foreign_key->match == 'f');
  CHECK(c.constraints.at("c_check").not_valid);
}

TEST_CASE("identity and generated columns") {
  auto r = compile_text("CREATE TABLE t (id bigint GENERATED ALWAYS AS IDENTITY (START WITH 10), d int GENERATED ALWAYS AS (id * 2) STORED);");
  REQUIRE(r.ok());
  const auto& t = table_of(r, "t");
  REQUIRE(t.columns[0].identity);
  CHECK(t.columns[0].identity->always);
  CHECK(t.columns[0].identity->sequence_name == ir::QualifiedName{"public", "t_id_seq"});
  CHECK(t.columns[0].identity->options.start == 10);
  CHECK(t.columns[0].not_null);
  REQUIRE(t.columns[1].generated);
  CHECK(t.columns[1].generated->text == "id * 2");
}

TEST_CASE("partitioned tables and partitions") {
  auto r = compile_text(R"(
    CREATE TABLE m (id int, at date, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
    CREATE TABLE m_2020 PARTITION OF m FOR VALUES FROM ('2020-01-01') TO ('2021-01-01');
    CREATE TABLE m_def PARTITION OF m DEFAULT;
  )");
  REQUIRE_MESSAGE(r.ok(), errors_of(r));
  const auto& m = table_of(r, "m");
  CHECK(m.kind == ir::TableKind::Partitioned);
  CHECK(m.partition_by == "RANGE (at)");
  const auto& p = table_of(r, "m_2020");
  CHECK(p.partition_of == ir::QualifiedName{"public", "m"});
  CHECK(p.partition_bound == "FOR VALUES FROM ('2020-01-01') TO ('2021-01-01')");
  REQUIRE(p.columns.size() == 2);
  CHECK_FALSE(p.columns[0].is_local);
  CHECK(p.constraints.count("m_2020_pkey"));
  CHECK(table_of(r, "m_def").partition_bound == "DEFAULT");
}

TEST_CASE("inheritance merges parent columns first") {
  auto r = compile_text("CREATE TABLE c (x int) INHERITS (p); CREATE TABLE p (id int NOT NULL, CHECK (id > 0));");
  REQUIRE_MESSAGE(r.ok(), errors_of(r));
  const auto& c = table_of(r, "c");
  REQUIRE(c.columns.size() == 2);
  CHECK(c.columns[0].name == "id");
  CHECK_FALSE(c.columns[0].is_local);
  CHECK(c.columns[0].not_null);
  CHECK(c.columns[1].name == "x");
  REQUIRE(c.constraints.count("p_id_check"));
  CHECK_FALSE(c.constraints.at("p_id_check").is_local);
}

TEST_CASE("storage parameters, unlogged, collation") {
  auto r = compile_text("CREATE UNLOGGED TABLE t (a text COLLATE \"C\", b text COLLATE \"default\") WITH (fillfactor=70, autovacuum_enabled=false);");
  REQUIRE(r.ok());
  const auto& t = table_of(r, "t");
  CHECK(t.unlogged);
  CHECK(t.options == std::vector<std::string>{"autovacuum_enabled=false", "fillfactor=70"});
  CHECK(t.columns[0].collation == "pg_catalog.\"C\"");
  CHECK_FALSE(t.columns[1].collation);
}

TEST_CASE("statements in any order: foreign key before its table, table before its schema") {
  auto r = compile_text(R"(
    CREATE TABLE app.orders (id int PRIMARY KEY, user_id int REFERENCES app.users (id));
    CREATE TABLE app.users (id int PRIMARY KEY);
    CREATE SCHEMA app;
  )");
  CHECK_MESSAGE(r.ok(), errors_of(r));
}

TEST_CASE("renamed-from annotations on tables and columns") {
  auto r = compile_text(
      "-- schemactl:renamed-from people\n"
      "CREATE TABLE users (\n"
      "  id int,\n"
      "  full_name text -- schemactl:renamed-from name\n"
      ");\n");
  REQUIRE_MESSAGE(r.ok(), errors_of(r));
  const auto& t = table_of(r, "users");
  REQUIRE(t.renamed_from.value);
  CHECK(*t.renamed_from.value == ir::QualifiedName{"public", "people"});
  CHECK(t.columns[1].renamed_from.value == "name");
  CHECK_FALSE(t.columns[0].renamed_from.value);
}
