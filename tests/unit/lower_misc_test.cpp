// Lowering of the other families: indexes, types, sequences, views, functions, triggers,
// policies, grants, comments, and the ALTER forms pg_dump writes.
#include <doctest/doctest.h>

#include "compiler/compile.hpp"
#include "tests/unit/compile_test_support.hpp"

using namespace schemactl;
using namespace schemactl::test_compile;

TEST_CASE("index names, elements, INCLUDE, WHERE and WITH") {
  auto r = ok(R"(
    CREATE TABLE t (a int, b text, c int);
    CREATE INDEX ON t (a, b);
    CREATE INDEX ON t (lower(b));
    CREATE INDEX ON t ((a + c));
    CREATE UNIQUE INDEX ON t (a) INCLUDE (c);
    CREATE INDEX named ON t USING gin (b gin_trgm_ops);
    CREATE INDEX ON t (a DESC NULLS LAST, b COLLATE "C" text_pattern_ops) WHERE c > 0 AND a IS NOT NULL;
    CREATE INDEX ON t (a) WITH (fillfactor = 70);
  )");
  const auto& idx = r.catalog.indexes;
  for (const char* n : {"t_a_b_idx", "t_lower_idx", "t_expr_idx", "t_a_c_idx", "named", "t_a_b_idx1", "t_a_idx"})
    CHECK_MESSAGE(idx.count({"public", n}), n);
  CHECK(idx.at({"public", "t_lower_idx"}).elements[0].expr->text == "lower(b)");
  CHECK(idx.at({"public", "t_expr_idx"}).elements[0].expr->text == "a + c");
  CHECK(idx.at({"public", "t_a_c_idx"}).unique);
  CHECK(idx.at({"public", "t_a_c_idx"}).include == std::vector<std::string>{"c"});
  CHECK(idx.at({"public", "named"}).method == "gin");
  // An extension's operator class is qualified as pg_get_indexdef prints it.
  CHECK(idx.at({"public", "named"}).elements[0].opclass == "public.gin_trgm_ops");
  const auto& w = idx.at({"public", "t_a_b_idx1"});
  CHECK(w.elements[0].descending);
  CHECK_FALSE(w.elements[0].nulls_first);
  CHECK(w.elements[1].collation == "pg_catalog.\"C\"");
  CHECK(w.where->text == "c > 0 AND a IS NOT NULL");
  CHECK(idx.at({"public", "t_a_idx"}).options == std::vector<std::string>{"fillfactor=70"});
}

TEST_CASE("enums, domains and composite types") {
  auto r = ok(R"(
    CREATE TYPE mood AS ENUM ('sad', 'happy');
    ALTER TYPE mood ADD VALUE 'ok' BEFORE 'happy';
    ALTER TYPE mood ADD VALUE 'great' AFTER 'happy';
    CREATE DOMAIN posint AS int NOT NULL DEFAULT 1 CHECK (VALUE > 0);
    CREATE DOMAIN email AS text CONSTRAINT email_at CHECK (VALUE LIKE '%@%');
    CREATE TYPE pair AS (a int, b text COLLATE "C");
  )");
  CHECK(r.catalog.enums.at({"public", "mood"}).labels == std::vector<std::string>{"sad", "ok", "happy", "great"});
  const auto& d = r.catalog.domains.at({"public", "posint"});
  CHECK(d.base_type == "integer");
  CHECK(d.not_null);
  CHECK(d.default_expr->text == "1");
  CHECK(d.checks.count("posint_check"));
  CHECK(r.catalog.domains.at({"public", "email"}).checks.count("email_at"));
  const auto& p = r.catalog.composite_types.at({"public", "pair"});
  REQUIRE(p.attributes.size() == 2);
  CHECK(p.attributes[1].type == "text");
  CHECK(p.attributes[1].collation == "pg_catalog.\"C\"");
  // Types are usable by PUBLIC unless revoked.
  CHECK(r.catalog.enums.at({"public", "mood"}).acl.count({"PUBLIC", "USAGE", false}));
}

TEST_CASE("sequences and OWNED BY") {
  auto r = ok(R"(
    CREATE SEQUENCE s AS integer START 5 INCREMENT BY -1 MINVALUE -100 MAXVALUE 10 CACHE 20 CYCLE;
    CREATE TABLE t (id int);
    CREATE SEQUENCE t_id_seq;
    ALTER SEQUENCE t_id_seq OWNED BY t.id;
  )");
  const auto& s = r.catalog.sequences.at({"public", "s"});
  CHECK(s.options.type == "integer");
  CHECK(s.options.start == 5);
  CHECK(s.options.increment == -1);
  CHECK(s.options.min_value == -100);
  CHECK(s.options.max_value == 10);
  CHECK(s.options.cache == 20);
  CHECK(s.options.cycle);
  const auto& owned = r.catalog.sequences.at({"public", "t_id_seq"});
  CHECK(owned.options.max_value == 9223372036854775807LL);
  CHECK(owned.owned_by_table == ir::QualifiedName{"public", "t"});
  CHECK(owned.owned_by_column == "id");
}

TEST_CASE("views: query text, columns, options, check option; materialized views") {
  auto r = ok(R"(
    CREATE TABLE t (id int, name text);
    CREATE VIEW v WITH (security_invoker = true) AS SELECT id, upper(name) FROM t WHERE id > 0 WITH LOCAL CHECK OPTION;
    CREATE VIEW star AS SELECT * FROM t;
    CREATE VIEW renamed (a, b) AS SELECT id, name FROM t;
    CREATE MATERIALIZED VIEW mv AS SELECT count(*) AS n FROM t WITH NO DATA;
  )");
  const auto& v = r.catalog.views.at({"public", "v"});
  CHECK(v.query.text == "SELECT id, upper(name) FROM t WHERE id > 0");
  CHECK(v.columns == std::vector<std::string>{"id", "upper"});
  CHECK(v.options == std::vector<std::string>{"security_invoker=true"});
  CHECK(v.check_option == "LOCAL");
  CHECK(r.catalog.views.at({"public", "star"}).columns == std::vector<std::string>{"id", "name"});
  CHECK(r.catalog.views.at({"public", "renamed"}).columns == std::vector<std::string>{"a", "b"});
  const auto& mv = r.catalog.views.at({"public", "mv"});
  CHECK(mv.materialized);
  CHECK_FALSE(mv.with_data);
  CHECK(mv.query.text == "SELECT count(*) AS n FROM t");
}

TEST_CASE("functions: identity, options, defaults; procedures") {
  auto r = ok(R"(
    CREATE FUNCTION add(a int, b int DEFAULT 1) RETURNS int LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT a + b $$;
    CREATE FUNCTION f(OUT x int, IN y text) RETURNS int LANGUAGE sql AS 'SELECT 1';
    CREATE FUNCTION rows_of() RETURNS TABLE (id int, name text) LANGUAGE sql STABLE SECURITY DEFINER
      SET search_path = public, pg_temp AS 'SELECT 1, ''a''';
    CREATE PROCEDURE p(x int) LANGUAGE plpgsql AS $$ BEGIN END $$;
    CREATE FUNCTION ret(a int) RETURNS int LANGUAGE sql RETURN a + 1;
  )");
  const auto& add = r.catalog.functions.at("public.add(integer, integer)");
  CHECK(add.volatility == "IMMUTABLE");
  CHECK(add.strict);
  CHECK(add.returns == "integer");
  CHECK(add.body == " SELECT a + b ");
  CHECK(add.arguments[1].default_expr->text == "1");
  CHECK(add.acl.count({"PUBLIC", "EXECUTE", false}));
  CHECK(r.catalog.functions.count("public.f(text)"));
  const auto& rows = r.catalog.functions.at("public.rows_of()");
  CHECK(rows.returns == "TABLE(id integer, name text)");
  CHECK(rows.security_definer);
  CHECK(rows.rows == 1000);
  CHECK(rows.config == std::vector<std::string>{"search_path=public, pg_temp"});
  CHECK(r.catalog.functions.at("public.p(integer)").is_procedure);
  const auto& ret = r.catalog.functions.at("public.ret(integer)");
  CHECK(ret.sql_body);
  CHECK(ret.body == "RETURN a + 1");
}

TEST_CASE("triggers and policies") {
  auto r = ok(R"(
    CREATE TABLE t (id int, owner text);
    CREATE FUNCTION trg() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
    CREATE TRIGGER t_upd BEFORE UPDATE OF owner OR INSERT ON t FOR EACH ROW WHEN (NEW.id > 0) EXECUTE FUNCTION trg('a');
    ALTER TABLE t ENABLE ROW LEVEL SECURITY;
    ALTER TABLE t FORCE ROW LEVEL SECURITY;
    CREATE POLICY own ON t AS RESTRICTIVE FOR SELECT TO bob, alice USING (owner = current_user);
  )");
  const auto& t = r.catalog.tables.at({"public", "t"});
  const auto& trig = t.triggers.at("t_upd");
  CHECK(trig.timing == "BEFORE");
  CHECK(trig.events == std::vector<std::string>{"INSERT", "UPDATE"});
  CHECK(trig.update_columns == std::vector<std::string>{"owner"});
  CHECK(trig.for_each_row);
  CHECK(trig.when->text == "NEW.id > 0");
  CHECK(trig.function == ir::QualifiedName{"public", "trg"});
  CHECK(trig.arguments == std::vector<std::string>{"a"});
  CHECK(t.rls_enabled);
  CHECK(t.rls_forced);
  const auto& p = t.policies.at("own");
  CHECK_FALSE(p.permissive);
  CHECK(p.command == "SELECT");
  CHECK(p.roles == std::vector<std::string>{"alice", "bob"});
  CHECK(p.using_expr->text == "owner = current_user");
}

TEST_CASE("grants, revokes and comments") {
  auto r = ok(R"(
    CREATE TABLE t (id int, secret text);
    CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1';
    GRANT SELECT, INSERT ON t TO app WITH GRANT OPTION;
    GRANT UPDATE (secret) ON t TO app;
    REVOKE ALL ON FUNCTION f() FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION f() TO app;
    COMMENT ON TABLE t IS 'things';
    COMMENT ON COLUMN t.id IS 'the id';
    COMMENT ON FUNCTION f() IS 'one';
  )");
  const auto& t = r.catalog.tables.at({"public", "t"});
  CHECK(t.acl == ir::Acl{{"app", "INSERT", true}, {"app", "SELECT", true}});
  CHECK(t.columns[1].acl == ir::Acl{{"app", "UPDATE", false}});
  CHECK(t.comment == "things");
  CHECK(t.columns[0].comment == "the id");
  const auto& f = r.catalog.functions.at("public.f()");
  CHECK(f.acl == ir::Acl{{"app", "EXECUTE", false}});
  CHECK(f.comment == "one");
}

TEST_CASE("the pg_dump forms: ALTER TABLE ONLY, SET DEFAULT nextval, search_path, ATTACH PARTITION") {
  auto r = ok(R"(
SET statement_timeout = 0;
SELECT pg_catalog.set_config('search_path', '', false);
CREATE SCHEMA app;
CREATE TABLE app.users (id integer NOT NULL, email text);
CREATE SEQUENCE app.users_id_seq AS integer START WITH 1 INCREMENT BY 1 NO MINVALUE NO MAXVALUE CACHE 1;
ALTER SEQUENCE app.users_id_seq OWNED BY app.users.id;
ALTER TABLE ONLY app.users ALTER COLUMN id SET DEFAULT nextval('app.users_id_seq'::regclass);
ALTER TABLE ONLY app.users ADD CONSTRAINT users_pkey PRIMARY KEY (id);
CREATE TABLE app.m (at date) PARTITION BY RANGE (at);
CREATE TABLE app.m_1 (at date);
ALTER TABLE ONLY app.m ATTACH PARTITION app.m_1 FOR VALUES FROM ('2020-01-01') TO ('2021-01-01');
ALTER TABLE app.users OWNER TO alice;
)");
  const auto& users = r.catalog.tables.at({"app", "users"});
  CHECK(users.columns[0].default_expr->text == "nextval('app.users_id_seq'::regclass)");
  CHECK(users.constraints.count("users_pkey"));
  CHECK(users.owner == "alice");
  CHECK(r.catalog.sequences.at({"app", "users_id_seq"}).options.type == "integer");
  CHECK(r.catalog.sequences.at({"app", "users_id_seq"}).options.max_value == 2147483647);
  CHECK(r.catalog.tables.at({"app", "m_1"}).partition_of == ir::QualifiedName{"app", "m"});
}

TEST_CASE("serial and explicit sequence+default compile to the same IR") {
  auto serial = ok("CREATE TABLE t (id serial PRIMARY KEY);");
  auto dump = ok(
      "CREATE TABLE public.t (id integer NOT NULL);\n"
      "CREATE SEQUENCE public.t_id_seq AS integer START WITH 1 INCREMENT BY 1 NO MINVALUE NO MAXVALUE CACHE 1;\n"
      "ALTER SEQUENCE public.t_id_seq OWNED BY public.t.id;\n"
      "ALTER TABLE ONLY public.t ALTER COLUMN id SET DEFAULT nextval('public.t_id_seq'::regclass);\n"
      "ALTER TABLE ONLY public.t ADD CONSTRAINT t_pkey PRIMARY KEY (id);\n");
  CHECK(serial.catalog == dump.catalog);
}

TEST_CASE("RENAME and DROP of objects defined earlier") {
  auto r = ok(R"(
    CREATE TABLE a (x int);
    ALTER TABLE a RENAME TO b;
    ALTER TABLE b RENAME COLUMN x TO y;
    CREATE TABLE gone (id int);
    DROP TABLE gone;
  )");
  CHECK(r.catalog.tables.count({"public", "b"}));
  CHECK(r.catalog.tables.at({"public", "b"}).columns[0].name == "y");
  CHECK_FALSE(r.catalog.tables.count({"public", "gone"}));
  CHECK_FALSE(r.catalog.tables.count({"public", "a"}));
}
