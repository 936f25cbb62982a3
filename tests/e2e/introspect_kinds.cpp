// Introspection, one object kind at a time: create it by SQL on a real server, introspect, and
// check every IR field against what the server was told.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include "compiler/canonical_expr.hpp"
#include "compiler/compile.hpp"
#include "runtime/introspect.hpp"
#include "tests/support/test_db.hpp"

using namespace schemactl;

namespace {

ir::Catalog introspect_sql(const std::string& sql, runtime::IntrospectOptions options = {},
                           runtime::IntrospectStats* stats = nullptr) {
  test::TestDatabase db("introspect");
  db.exec(sql);
  runtime::Connection connection(db.url());
  return runtime::introspect(connection, options, stats);
}

// The key the compiler computes for the same expression written by a user.
std::string key(const std::string& text, const std::string& target_type = "") {
  ExprContext context;
  context.target_type = target_type;
  return expression_key(text, context);
}

ir::QualifiedName qn(const std::string& schema, const std::string& name) { return {schema, name}; }

bool has_dependency(const ir::Catalog& catalog, const ir::ObjectId& from, const ir::ObjectId& to) {
  return catalog.dependencies.value.count(ir::Dependency{from, to}) > 0;
}

}  // namespace

TEST_CASE("schemas: public and user schemas, comments, privileges; system schemas left out") {
  test::exec_sql(test::server_url(), "DO $$ BEGIN CREATE ROLE introspect_reader; EXCEPTION WHEN duplicate_object THEN NULL; END $$");
  auto catalog = introspect_sql(
      "CREATE SCHEMA app; COMMENT ON SCHEMA app IS 'the app';"
      "GRANT USAGE ON SCHEMA app TO introspect_reader; CREATE SCHEMA \"Mixed\";");
  // public is in every database and not an object of the IR (as the compiler treats it).
  REQUIRE(catalog.schemas.size() == 2);
  CHECK(catalog.schemas.count("public") == 0);
  CHECK(catalog.schemas.count("Mixed") == 1);
  const auto& app = catalog.schemas.at("app");
  CHECK(app.comment == std::optional<std::string>("the app"));
  CHECK(app.owner == std::nullopt);
  CHECK(app.acl == ir::Acl{{"introspect_reader", "USAGE", false}});
}

TEST_CASE("schema filters and query count") {
  runtime::IntrospectOptions only_app;
  only_app.include_schemas = {"app"};
  runtime::IntrospectStats stats;
  auto catalog = introspect_sql("CREATE SCHEMA app; CREATE TABLE app.a (id int); CREATE TABLE public.b (id int);",
                                only_app, &stats);
  CHECK(catalog.schemas.size() == 1);
  CHECK(catalog.schemas.count("app") == 1);
  CHECK(catalog.tables.size() == 1);
  CHECK(catalog.tables.count(qn("app", "a")) == 1);
  const int queries_small = stats.queries;
  CHECK(queries_small > 5);
  // The session settings, the schemas, then everything else in one pipelined batch.
  CHECK(stats.round_trips == 3);

  runtime::IntrospectOptions not_app;
  not_app.exclude_schemas = {"app"};
  std::string many = "CREATE SCHEMA app;";
  for (int i = 0; i < 40; ++i) {
    many += "CREATE TABLE t" + std::to_string(i) + " (id int PRIMARY KEY, v text DEFAULT 'x', CHECK (id > 0));"
            "CREATE INDEX ON t" + std::to_string(i) + " (lower(v));";
  }
  catalog = introspect_sql(many + "CREATE TABLE app.hidden (id int);", not_app, &stats);
  CHECK(catalog.tables.size() == 40);
  CHECK(catalog.tables.count(qn("app", "hidden")) == 0);
  // A fixed number of queries and round trips, whatever the size of the schema.
  CHECK(stats.queries == queries_small);
  CHECK(stats.round_trips == 3);
}

TEST_CASE("extensions, and the objects they own are left out") {
  auto catalog = introspect_sql("CREATE EXTENSION citext; CREATE TABLE t (name public.citext);");
  REQUIRE(catalog.extensions.count("citext") == 1);
  CHECK(catalog.extensions.at("citext").schema == "public");
  // The installed (default) version is recorded; a dump leaves it out rather than pin it.
  REQUIRE(catalog.extensions.at("citext").version.has_value());
  CHECK(!catalog.extensions.at("citext").version->empty());
  runtime::IntrospectOptions for_dump;
  for_dump.pinned_extension_versions_only = true;
  auto dumped = introspect_sql("CREATE EXTENSION citext;", for_dump);
  CHECK(!dumped.extensions.at("citext").version.has_value());
  // The comment CREATE EXTENSION sets from the control file is read as it is.
  CHECK(catalog.extensions.at("citext").comment.has_value());
  CHECK(catalog.extensions.count("plpgsql") == 0);
  CHECK(catalog.functions.empty());  // citext's functions belong to the extension
  CHECK(catalog.tables.at(qn("public", "t")).columns.at(0).type == "public.citext");
}

TEST_CASE("a pinned, non-default extension version is recorded") {
  runtime::IntrospectOptions for_dump;
  for_dump.pinned_extension_versions_only = true;
  auto catalog = introspect_sql("CREATE EXTENSION citext VERSION '1.4';", for_dump);
  REQUIRE(catalog.extensions.count("citext") == 1);
  CHECK(catalog.extensions.at("citext").version == std::optional<std::string>("1.4"));
}

TEST_CASE("an extension compares equal to a schema file's when that states no version or the same one") {
  auto installed = introspect_sql("CREATE EXTENSION citext VERSION '1.4';").extensions.at("citext");
  ir::Extension unstated = installed;
  unstated.version.reset();
  CHECK(installed == unstated);
  ir::Extension same = installed;
  CHECK(installed == same);
  ir::Extension other = installed;
  other.version = "1.5";
  CHECK_FALSE(installed == other);
  // Likewise the comment (the control file's, set by CREATE EXTENSION): unstated matches.
  REQUIRE(installed.comment.has_value());
  ir::Extension uncommented = installed;
  uncommented.comment.reset();
  CHECK(installed == uncommented);
  ir::Extension recommented = installed;
  recommented.comment = "another";
  CHECK_FALSE(installed == recommented);
}

TEST_CASE("enums, domains, composite types") {
  auto catalog = introspect_sql(
      "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy'); ALTER TYPE mood ADD VALUE 'meh' BEFORE 'ok';"
      "COMMENT ON TYPE mood IS 'feelings'; REVOKE USAGE ON TYPE mood FROM PUBLIC;"
      "CREATE DOMAIN posint AS integer NOT NULL DEFAULT 1 CONSTRAINT positive CHECK (VALUE > 0);"
      "CREATE DOMAIN code AS text COLLATE \"C\" CHECK (length(VALUE) = 3);"
      "CREATE TYPE pair AS (a integer, b text COLLATE \"C\", \"Big\" numeric(10,2));");
  const auto& mood = catalog.enums.at(qn("public", "mood"));
  CHECK(mood.labels == std::vector<std::string>{"sad", "meh", "ok", "happy"});
  CHECK(mood.comment == std::optional<std::string>("feelings"));
  CHECK(mood.acl.empty());

  const auto& posint = catalog.domains.at(qn("public", "posint"));
  CHECK(posint.base_type == "integer");
  CHECK(posint.not_null);
  REQUIRE(posint.default_expr);
  CHECK(posint.default_expr->key == key("1", "integer"));
  REQUIRE(posint.checks.count("positive") == 1);
  CHECK(posint.checks.at("positive").expr.text == "(VALUE > 0)");
  CHECK(posint.acl == ir::Acl{{"PUBLIC", "USAGE", false}});
  const auto& code = catalog.domains.at(qn("public", "code"));
  CHECK(code.collation == std::optional<std::string>("pg_catalog.\"C\""));
  CHECK(code.checks.count("code_check") == 1);

  const auto& pair = catalog.composite_types.at(qn("public", "pair"));
  REQUIRE(pair.attributes.size() == 3);
  CHECK(pair.attributes[0].name == "a");
  CHECK(pair.attributes[0].type == "integer");
  CHECK(pair.attributes[1].collation == std::optional<std::string>("pg_catalog.\"C\""));
  CHECK(pair.attributes[2].name == "Big");
  CHECK(pair.attributes[2].type == "numeric(10,2)");
  CHECK(catalog.tables.empty());
}

TEST_CASE("tables and columns") {
  test::exec_sql(test::server_url(), "DO $$ BEGIN CREATE ROLE introspect_reader; EXCEPTION WHEN duplicate_object THEN NULL; END $$");
  auto catalog = introspect_sql(
      "CREATE TYPE mood AS ENUM ('sad', 'happy');"
      "CREATE UNLOGGED TABLE \"Users\" (id bigserial, name varchar(255) NOT NULL DEFAULT 'anon',"
      " email text COLLATE \"C\", moods mood[], created timestamptz DEFAULT now(),"
      " n integer GENERATED ALWAYS AS IDENTITY (START WITH 10 INCREMENT BY 5),"
      " doubled integer GENERATED ALWAYS AS (n * 2) STORED, blob bytea) WITH (fillfactor = 70);"
      "ALTER TABLE \"Users\" ALTER COLUMN blob SET STORAGE external, ALTER COLUMN name SET STATISTICS 500;"
      "ALTER TABLE \"Users\" DROP COLUMN blob;"
      "COMMENT ON TABLE \"Users\" IS 'people'; COMMENT ON COLUMN \"Users\".name IS 'full name';"
      "GRANT SELECT, UPDATE ON \"Users\" TO introspect_reader; GRANT INSERT (name) ON \"Users\" TO PUBLIC;"
      "ALTER TABLE \"Users\" ENABLE ROW LEVEL SECURITY; ALTER TABLE \"Users\" REPLICA IDENTITY FULL;");
  REQUIRE(catalog.tables.count(qn("public", "Users")) == 1);
  const auto& users = catalog.tables.at(qn("public", "Users"));
  CHECK(users.unlogged);
  CHECK(users.options == std::vector<std::string>{"fillfactor=70"});
  CHECK(users.comment == std::optional<std::string>("people"));
  CHECK(users.rls_enabled);
  CHECK(!users.rls_forced);
  CHECK(users.replica_identity == 'f');
  CHECK(users.acl == ir::Acl{{"introspect_reader", "SELECT", false}, {"introspect_reader", "UPDATE", false}});
  REQUIRE(users.columns.size() == 7);  // the dropped column is gone

  const auto& id = users.columns[0];
  CHECK(id.type == "bigint");
  CHECK(id.not_null);
  REQUIRE(id.default_expr);
  CHECK(id.default_expr->text == "nextval('public.\"Users_id_seq\"'::regclass)");
  const auto& name = users.columns[1];
  CHECK(name.type == "character varying(255)");
  CHECK(name.default_expr->text == "'anon'::character varying");
  CHECK(name.default_expr->key == key("'anon'", "character varying(255)"));
  CHECK(name.statistics == std::optional<int>(500));
  CHECK(name.comment == std::optional<std::string>("full name"));
  CHECK(name.acl == ir::Acl{{"PUBLIC", "INSERT", false}});
  CHECK(users.columns[2].collation == std::optional<std::string>("pg_catalog.\"C\""));
  CHECK(users.columns[3].type == "public.mood[]");
  CHECK(users.columns[4].type == "timestamp with time zone");
  CHECK(users.columns[4].default_expr->key == key("now()", "timestamp with time zone"));
  const auto& n = users.columns[5];
  REQUIRE(n.identity);
  CHECK(n.identity->always);
  CHECK(n.identity->sequence_name == qn("public", "Users_n_seq"));
  CHECK(n.identity->options.type == "integer");
  CHECK(n.identity->options.start == 10);
  CHECK(n.identity->options.increment == 5);
  CHECK(n.identity->options.max_value == 2147483647);
  CHECK(!n.default_expr);
  const auto& doubled = users.columns[6];
  REQUIRE(doubled.generated);
  CHECK(doubled.generated->key == key("n * 2", "integer"));
  CHECK(!doubled.default_expr);

  // The serial's sequence is owned by its column; the identity sequence is not listed.
  REQUIRE(catalog.sequences.size() == 1);
  const auto& seq = catalog.sequences.at(qn("public", "Users_id_seq"));
  CHECK(seq.owned_by_table == std::optional<ir::QualifiedName>(qn("public", "Users")));
  CHECK(seq.owned_by_column == std::optional<std::string>("id"));
  CHECK(seq.options.type == "bigint");
  CHECK(has_dependency(catalog, {ir::ObjectKind::Column, qn("public", "Users"), "id"},
                       {ir::ObjectKind::Sequence, qn("public", "Users_id_seq"), ""}));
  CHECK(has_dependency(catalog, {ir::ObjectKind::Column, qn("public", "Users"), "moods"},
                       {ir::ObjectKind::Enum, qn("public", "mood"), ""}));
}

TEST_CASE("inheritance and partitions") {
  auto catalog = introspect_sql(
      "CREATE TABLE parent (id int, CONSTRAINT pos CHECK (id > 0)); CREATE TABLE child (extra text) INHERITS (parent);"
      "CREATE TABLE events (id int, at date NOT NULL, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);"
      "CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');"
      "CREATE TABLE events_other PARTITION OF events DEFAULT;"
      "CREATE INDEX events_at ON events (at);");
  const auto& child = catalog.tables.at(qn("public", "child"));
  CHECK(child.inherits == std::vector<ir::QualifiedName>{qn("public", "parent")});
  REQUIRE(child.columns.size() == 2);
  CHECK(!child.columns[0].is_local);
  CHECK(child.columns[1].is_local);
  REQUIRE(child.constraints.count("pos") == 1);
  CHECK(!child.constraints.at("pos").is_local);

  const auto& events = catalog.tables.at(qn("public", "events"));
  CHECK(events.kind == ir::TableKind::Partitioned);
  CHECK(events.partition_by == std::optional<std::string>("RANGE (at)"));
  const auto& p2024 = catalog.tables.at(qn("public", "events_2024"));
  CHECK(p2024.partition_of == std::optional<ir::QualifiedName>(qn("public", "events")));
  CHECK(p2024.partition_bound == std::optional<std::string>("FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')"));
  CHECK(p2024.inherits.empty());
  CHECK(catalog.tables.at(qn("public", "events_other")).partition_bound == std::optional<std::string>("DEFAULT"));
  // Constraints and indexes cloned onto partitions are the partitions', not local (the server
  // creates them with the partition), as the compiler models them.
  REQUIRE(p2024.constraints.count("events_2024_pkey") == 1);
  CHECK(!p2024.constraints.at("events_2024_pkey").is_local);
  CHECK(p2024.constraints.at("events_2024_pkey").columns == std::vector<std::string>{"id", "at"});
  CHECK(catalog.indexes.size() == 3);
  CHECK(catalog.indexes.count(qn("public", "events_at")) == 1);
  REQUIRE(catalog.indexes.count(qn("public", "events_2024_at_idx")) == 1);
  CHECK(catalog.indexes.at(qn("public", "events_2024_at_idx")).table == qn("public", "events_2024"));
}

TEST_CASE("partitions attached after the parent's primary key agree with the compiler") {
  const char* sql =
      "CREATE TABLE pay (id int, at date, PRIMARY KEY (at, id)) PARTITION BY RANGE (at);"
      "CREATE TABLE pay_2024 (id int NOT NULL, at date NOT NULL);"
      "ALTER TABLE ONLY pay ATTACH PARTITION pay_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');"
      "CREATE TABLE ref (id int PRIMARY KEY);"
      "CREATE TABLE uses (ref_id int REFERENCES ref (id), at date) PARTITION BY RANGE (at);"
      "CREATE TABLE uses_2024 PARTITION OF uses FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');";
  auto catalog = introspect_sql(sql);
  CompileResult compiled = compile_text(sql);
  REQUIRE(compiled.ok());
  for (const char* name : {"pay_2024", "uses_2024"}) {
    const auto& server = catalog.tables.at(qn("public", name)).constraints;
    const auto& expected = compiled.catalog.tables.at(qn("public", name)).constraints;
    CHECK(server == expected);
  }
  CHECK(catalog.tables.at(qn("public", "pay_2024")).constraints.count("pay_2024_pkey") == 1);
  CHECK(catalog.tables.at(qn("public", "uses_2024")).constraints.count("uses_ref_id_fkey") == 1);
}

TEST_CASE("constraints") {
  auto catalog = introspect_sql(
      "CREATE EXTENSION btree_gist;"
      "CREATE TABLE a (id int PRIMARY KEY, code text, tenant int, UNIQUE NULLS NOT DISTINCT (code) INCLUDE (tenant)"
      "  WITH (fillfactor = 80), UNIQUE (tenant, id), CONSTRAINT a_def UNIQUE (code, id) DEFERRABLE INITIALLY DEFERRED);"
      "CREATE TABLE b (id int, a_id int, tenant int, during tstzrange,"
      "  CONSTRAINT b_a FOREIGN KEY (tenant, a_id) REFERENCES a (tenant, id) MATCH FULL ON DELETE CASCADE ON UPDATE SET NULL,"
      "  CONSTRAINT b_a2 FOREIGN KEY (a_id) REFERENCES a ON DELETE SET NULL (a_id),"
      "  CONSTRAINT no_overlap EXCLUDE USING gist (tenant WITH =, during WITH &&) WHERE (id > 0),"
      "  CONSTRAINT positive CHECK (id > 0) NO INHERIT);"
      "ALTER TABLE b ADD CONSTRAINT later CHECK (tenant IN (1, 2)) NOT VALID;"
      "COMMENT ON CONSTRAINT positive ON b IS 'ids are positive';");
  const auto& a = catalog.tables.at(qn("public", "a"));
  REQUIRE(a.constraints.size() == 4);
  const auto& pk = a.constraints.at("a_pkey");
  CHECK(pk.kind == ir::ConstraintKind::PrimaryKey);
  CHECK(pk.columns == std::vector<std::string>{"id"});
  const auto& code = a.constraints.at("a_code_tenant_key");
  CHECK(code.kind == ir::ConstraintKind::Unique);
  CHECK(code.nulls_not_distinct);
  CHECK(code.include == std::vector<std::string>{"tenant"});
  CHECK(code.index_options == std::vector<std::string>{"fillfactor=80"});
  CHECK(a.constraints.at("a_tenant_id_key").columns == std::vector<std::string>{"tenant", "id"});
  const auto& deferred = a.constraints.at("a_def");
  CHECK(deferred.columns == std::vector<std::string>{"code", "id"});
  CHECK(deferred.deferrable);
  CHECK(deferred.initially_deferred);
  CHECK(catalog.indexes.empty());  // constraint indexes belong to their constraints

  const auto& b = catalog.tables.at(qn("public", "b"));
  const auto& fk = b.constraints.at("b_a");
  REQUIRE(fk.foreign_key);
  CHECK(fk.columns == std::vector<std::string>{"tenant", "a_id"});
  CHECK(fk.foreign_key->ref_table == qn("public", "a"));
  CHECK(fk.foreign_key->ref_columns == std::vector<std::string>{"tenant", "id"});
  CHECK(fk.foreign_key->match == 'f');
  CHECK(fk.foreign_key->on_delete == 'c');
  CHECK(fk.foreign_key->on_update == 'n');
  CHECK(b.constraints.at("b_a2").foreign_key->on_delete_set_columns == std::vector<std::string>{"a_id"});
  CHECK(b.constraints.at("b_a2").foreign_key->ref_columns == std::vector<std::string>{"id"});
  const auto& ex = b.constraints.at("no_overlap");
  CHECK(ex.kind == ir::ConstraintKind::Exclude);
  REQUIRE(ex.exclusion);
  CHECK(ex.exclusion->method == "gist");
  REQUIRE(ex.exclusion->elements.size() == 2);
  CHECK(ex.exclusion->elements[0].column == std::optional<std::string>("tenant"));
  CHECK(ex.exclusion->elements[0].op == "=");
  CHECK(ex.exclusion->elements[1].op == "&&");
  CHECK(!ex.exclusion->elements[1].opclass);
  REQUIRE(ex.exclusion->where);
  CHECK(ex.exclusion->where->key == key("id > 0"));
  const auto& positive = b.constraints.at("positive");
  CHECK(positive.no_inherit);
  CHECK(positive.check->key == key("id > 0"));
  CHECK(positive.comment == std::optional<std::string>("ids are positive"));
  const auto& later = b.constraints.at("later");
  CHECK(later.not_valid);
  CHECK(later.check->key == key("tenant IN (1, 2)"));
  CHECK(has_dependency(catalog, {ir::ObjectKind::Constraint, qn("public", "b"), "b_a"},
                       {ir::ObjectKind::Constraint, qn("public", "a"), "a_tenant_id_key"}));
}

TEST_CASE("indexes") {
  auto catalog = introspect_sql(
      "CREATE TABLE t (id int, email text, name varchar(20), tags text[], body text);"
      "CREATE UNIQUE INDEX t_email ON t (lower(email)) INCLUDE (id) WHERE id > 0;"
      "CREATE INDEX t_multi ON t (id DESC, name text_pattern_ops NULLS FIRST, email COLLATE \"C\") WITH (fillfactor = 50);"
      "CREATE INDEX t_tags ON t USING gin (tags); CREATE INDEX t_body ON t (body varchar_pattern_ops);"
      "COMMENT ON INDEX t_tags IS 'tag search';");
  REQUIRE(catalog.indexes.size() == 4);
  const auto& email = catalog.indexes.at(qn("public", "t_email"));
  CHECK(email.table == qn("public", "t"));
  CHECK(email.unique);
  REQUIRE(email.elements.size() == 1);
  REQUIRE(email.elements[0].expr);
  CHECK(email.elements[0].expr->key == key("lower(email)"));
  CHECK(email.include == std::vector<std::string>{"id"});
  CHECK(email.where->key == key("id > 0"));
  const auto& multi = catalog.indexes.at(qn("public", "t_multi"));
  REQUIRE(multi.elements.size() == 3);
  CHECK(multi.elements[0].column == std::optional<std::string>("id"));
  CHECK(multi.elements[0].descending);
  CHECK(multi.elements[0].nulls_first);  // DESC implies NULLS FIRST: the server's own flag
  CHECK(!multi.elements[0].opclass);
  CHECK(multi.elements[1].opclass == std::optional<std::string>("text_pattern_ops"));
  CHECK(multi.elements[1].nulls_first);
  CHECK(multi.elements[2].collation == std::optional<std::string>("pg_catalog.\"C\""));
  CHECK(multi.options == std::vector<std::string>{"fillfactor=50"});
  const auto& tags = catalog.indexes.at(qn("public", "t_tags"));
  CHECK(tags.method == "gin");
  CHECK(!tags.elements[0].opclass);
  CHECK(tags.comment == std::optional<std::string>("tag search"));
  CHECK(catalog.indexes.at(qn("public", "t_body")).elements[0].opclass == std::optional<std::string>("varchar_pattern_ops"));
  CHECK(!catalog.tables.at(qn("public", "t")).columns.empty());
}

TEST_CASE("views and materialized views") {
  auto catalog = introspect_sql(
      "CREATE TABLE t (id int, name text);"
      "CREATE VIEW v WITH (security_barrier) AS SELECT id, upper(name) AS big FROM t WHERE id > 0 WITH LOCAL CHECK OPTION;"
      "COMMENT ON COLUMN v.big IS 'shouting';"
      "CREATE MATERIALIZED VIEW m AS SELECT count(*) AS n FROM t WITH NO DATA;");
  const auto& v = catalog.views.at(qn("public", "v"));
  CHECK(!v.materialized);
  CHECK(v.columns == std::vector<std::string>{"id", "big"});
  CHECK(v.check_option == std::optional<std::string>("LOCAL"));
  CHECK(v.options == std::vector<std::string>{"security_barrier=true"});
  CHECK(v.column_comments.at("big") == "shouting");
  CHECK(v.query.text.back() != ';');
  CHECK(v.query.key == query_key("SELECT id, upper(name) AS big FROM t WHERE id > 0"));
  const auto& m = catalog.views.at(qn("public", "m"));
  CHECK(m.materialized);
  CHECK(!m.with_data);
  CHECK(has_dependency(catalog, {ir::ObjectKind::View, qn("public", "v"), ""},
                       {ir::ObjectKind::Column, qn("public", "t"), "name"}));
}

TEST_CASE("functions and procedures") {
  auto catalog = introspect_sql(
      "CREATE FUNCTION add(a integer, b integer DEFAULT 1) RETURNS integer LANGUAGE sql IMMUTABLE STRICT"
      " PARALLEL SAFE COST 5 AS $$ SELECT a + b $$;"
      "CREATE FUNCTION pairs(OUT x int, OUT y text) RETURNS SETOF record LANGUAGE sql ROWS 10"
      " SET search_path = public AS 'SELECT 1, ''a''';"
      "CREATE FUNCTION std(x int) RETURNS int LANGUAGE sql RETURN x * 2;"
      "CREATE PROCEDURE p(INOUT n int) LANGUAGE plpgsql SECURITY DEFINER AS $$ BEGIN n := n + 1; END $$;"
      "REVOKE EXECUTE ON FUNCTION add(int, int) FROM PUBLIC; COMMENT ON FUNCTION std(int) IS 'doubles';");
  REQUIRE(catalog.functions.size() == 4);
  const auto& add = catalog.functions.at("public.add(integer, integer)");
  CHECK(add.identity_args == "integer, integer");
  REQUIRE(add.arguments.size() == 2);
  CHECK(add.arguments[1].name == std::optional<std::string>("b"));
  CHECK(add.arguments[1].default_expr->key == key("1", "integer"));
  CHECK(add.returns == std::optional<std::string>("integer"));
  CHECK(add.language == "sql");
  CHECK(add.body == " SELECT a + b ");
  CHECK(add.volatility == "IMMUTABLE");
  CHECK(add.strict);
  CHECK(add.parallel == "SAFE");
  CHECK(add.cost == 5);
  CHECK(add.rows == 0);
  CHECK(add.acl.empty());
  const auto& pairs = catalog.functions.at("public.pairs()");
  CHECK(pairs.returns == std::optional<std::string>("SETOF record"));
  CHECK(pairs.rows == 10);
  CHECK(pairs.config == std::vector<std::string>{"search_path=public"});
  CHECK(pairs.arguments.size() == 2);
  CHECK(pairs.arguments[0].mode == "OUT");
  CHECK(pairs.acl == ir::Acl{{"PUBLIC", "EXECUTE", false}});
  const auto& std_fn = catalog.functions.at("public.std(integer)");
  CHECK(std_fn.sql_body);
  CHECK(std_fn.body.find("RETURN") != std::string::npos);
  CHECK(std_fn.comment == std::optional<std::string>("doubles"));
  const auto& p = catalog.functions.at("public.p(integer)");
  CHECK(p.is_procedure);
  CHECK(!p.returns);
  CHECK(p.security_definer);
  CHECK(p.arguments[0].mode == "INOUT");
}

TEST_CASE("triggers and policies") {
  test::exec_sql(test::server_url(), "DO $$ BEGIN CREATE ROLE introspect_reader; EXCEPTION WHEN duplicate_object THEN NULL; END $$");
  auto catalog = introspect_sql(
      "CREATE TABLE t (id int, name text, owner name);"
      "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;"
      "CREATE TRIGGER t_touch BEFORE INSERT OR UPDATE OF name, id ON t FOR EACH ROW"
      " WHEN (NEW.name IS DISTINCT FROM 'x (y)') EXECUTE FUNCTION touch('a', 'b''c');"
      "CREATE TRIGGER t_stmt AFTER DELETE ON t REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION touch();"
      "CREATE CONSTRAINT TRIGGER t_c AFTER INSERT ON t DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION touch();"
      "ALTER TABLE t DISABLE TRIGGER t_stmt;"
      "CREATE POLICY mine ON t AS RESTRICTIVE FOR UPDATE TO introspect_reader, CURRENT_USER"
      " USING (owner = current_user) WITH CHECK (id > 0);"
      "CREATE POLICY everyone ON t USING (true);");
  const auto& t = catalog.tables.at(qn("public", "t"));
  REQUIRE(t.triggers.size() == 3);
  const auto& touch = t.triggers.at("t_touch");
  CHECK(touch.timing == "BEFORE");
  CHECK(touch.events == std::vector<std::string>{"INSERT", "UPDATE"});
  CHECK(touch.update_columns == std::vector<std::string>{"name", "id"});
  CHECK(touch.for_each_row);
  CHECK(touch.function == qn("public", "touch"));
  CHECK(touch.arguments == std::vector<std::string>{"a", "b'c"});
  REQUIRE(touch.when);
  CHECK(touch.when->key == key("NEW.name IS DISTINCT FROM 'x (y)'"));
  const auto& stmt = t.triggers.at("t_stmt");
  CHECK(stmt.timing == "AFTER");
  CHECK(!stmt.for_each_row);
  CHECK(stmt.old_table == std::optional<std::string>("gone"));
  CHECK(stmt.enabled == 'D');
  const auto& c = t.triggers.at("t_c");
  CHECK(c.constraint_trigger);
  CHECK(c.deferrable);
  CHECK(c.initially_deferred);
  CHECK(has_dependency(catalog, {ir::ObjectKind::Trigger, qn("public", "t"), "t_touch"},
                       {ir::ObjectKind::Function, qn("public", "touch"), "()"}));

  REQUIRE(t.policies.size() == 2);
  const auto& mine = t.policies.at("mine");
  CHECK(!mine.permissive);
  CHECK(mine.command == "UPDATE");
  CHECK(mine.roles == std::vector<std::string>{"introspect_reader", "postgres"});
  CHECK(mine.using_expr->key == key("owner = CURRENT_USER"));
  CHECK(mine.check_expr->key == key("id > 0"));
  const auto& everyone = t.policies.at("everyone");
  CHECK(everyone.roles == std::vector<std::string>{"PUBLIC"});
  CHECK(everyone.command == "ALL");
  CHECK(!everyone.check_expr);
}

TEST_CASE("the migrations table is left out; owners only on request") {
  runtime::IntrospectOptions options;
  options.owners = true;
  auto catalog = introspect_sql(
      "CREATE TABLE schema_migrations (version varchar(128) PRIMARY KEY); CREATE TABLE kept (id int);", options);
  CHECK(catalog.tables.count(qn("public", "schema_migrations")) == 0);
  REQUIRE(catalog.tables.count(qn("public", "kept")) == 1);
  CHECK(catalog.tables.at(qn("public", "kept")).owner == std::optional<std::string>("postgres"));

  options.migrations_table = "meta.history";
  catalog = introspect_sql("CREATE SCHEMA meta; CREATE TABLE meta.history (version text); CREATE TABLE schema_migrations (v text);",
                           options);
  CHECK(catalog.tables.count(qn("meta", "history")) == 0);
  CHECK(catalog.tables.count(qn("public", "schema_migrations")) == 1);
}

TEST_CASE("a second session on the same snapshot reads the same catalog; the migration history comes in the batch") {
  test::TestDatabase db("introspect");
  db.exec("CREATE TABLE t (id int PRIMARY KEY, v text DEFAULT 'x' CHECK (v <> ''), tags text[]);"
          "CREATE INDEX t_lower ON t (lower(v) text_pattern_ops DESC); CREATE INDEX t_tags ON t USING gin (tags);"
          "CREATE VIEW w AS SELECT id FROM t; CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1';"
          "CREATE TABLE schema_migrations (version varchar(128) PRIMARY KEY);"
          "INSERT INTO schema_migrations VALUES ('20240202000000'), ('20240101000000');");
  runtime::Connection connection(db.url());
  runtime::IntrospectStats one_stats;
  auto alone = runtime::introspect(connection, {}, &one_stats);

  runtime::IntrospectOptions two;
  two.second_session = true;
  two.history_table = "schema_migrations";
  runtime::IntrospectStats two_stats;
  runtime::MigrationHistory history;
  auto shared = runtime::introspect(connection, two, &two_stats, &history);
  CHECK(shared == alone);
  CHECK(shared.dependencies.value == alone.dependencies.value);
  // The second session's statements are counted (it ran), and its batch runs beside the
  // main one: no round trip is added, nor one for the history.
  CHECK(two_stats.queries > one_stats.queries + 1);
  CHECK(two_stats.round_trips == 3);
  REQUIRE(history.table.has_value());
  CHECK(*history.table == qn("public", "schema_migrations"));
  CHECK(history.versions == std::vector<std::string>{"20240101000000", "20240202000000"});
  // Both transactions are over, and the connection is usable.
  CHECK(connection.exec("SELECT pg_catalog.current_setting('search_path')").str(0, 0) != "");

  // A role allowed one connection: the second session cannot connect, and the first one runs
  // everything, to the same result.
  db.exec("DROP ROLE IF EXISTS introspect_one_connection;"
          "CREATE ROLE introspect_one_connection LOGIN CONNECTION LIMIT 1;"
          "GRANT SELECT ON schema_migrations TO introspect_one_connection;");
  std::string url = db.url();
  url.replace(url.find("://") + 3, url.find('@') - url.find("://") - 3, "introspect_one_connection");
  {
    runtime::Connection limited(url);
    runtime::IntrospectStats limited_stats;
    runtime::MigrationHistory limited_history;
    auto alone_again = runtime::introspect(limited, two, &limited_stats, &limited_history);
    CHECK(alone_again == alone);
    CHECK(limited_stats.queries == one_stats.queries + 1);
    CHECK(limited_history.versions == history.versions);
  }
  db.exec("DROP OWNED BY introspect_one_connection; DROP ROLE introspect_one_connection;");
}
