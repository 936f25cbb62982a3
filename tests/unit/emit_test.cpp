// Hand-built IR -> exact SQL.
#include <doctest/doctest.h>

#include <string>

#include "compiler/emit.hpp"
#include "compiler/emit_objects.hpp"
#include "compiler/error.hpp"

using namespace schemactl;

namespace {

ir::Expr expr(const std::string& text) { return ir::Expr{text, text}; }

ir::Column column(const std::string& name, const std::string& type, bool not_null = false) {
  ir::Column c;
  c.name = name;
  c.type = type;
  c.not_null = not_null;
  return c;
}

ir::Table users_table() {
  ir::Table t;
  t.name = {"public", "users"};
  t.columns.push_back(column("id", "integer", true));
  t.columns.back().identity = ir::Identity{true, {"public", "users_id_seq"}, {"integer", 1, 1, 1, 2147483647, 1, false}};
  t.columns.push_back(column("email", "text", true));
  t.columns.push_back(column("Status", "public.mood"));
  t.columns.back().default_expr = expr("'ok'::public.mood");
  ir::Constraint pk;
  pk.name = "users_pkey";
  pk.kind = ir::ConstraintKind::PrimaryKey;
  pk.columns = {"id"};
  t.constraints.emplace(pk.name, pk);
  ir::Constraint check;
  check.name = "users_email_check";
  check.kind = ir::ConstraintKind::Check;
  check.check = expr("email <> ''");
  t.constraints.emplace(check.name, check);
  return t;
}

}  // namespace

TEST_CASE("create_table: pg_dump layout, inline identity/default/not null, constraints by name") {
  CHECK(emit::create_table(users_table()) ==
        "CREATE TABLE public.users (\n"
        "    id integer GENERATED ALWAYS AS IDENTITY (START WITH 1 INCREMENT BY 1 NO MINVALUE NO MAXVALUE CACHE 1) NOT NULL,\n"
        "    email text NOT NULL,\n"
        "    \"Status\" public.mood DEFAULT 'ok'::public.mood,\n"
        "    CONSTRAINT users_email_check CHECK (email <> ''),\n"
        "    CONSTRAINT users_pkey PRIMARY KEY (id)\n"
        ");\n");
}

TEST_CASE("identifiers are quoted exactly when PostgreSQL needs it") {
  ir::Table t;
  t.name = {"My Schema", "select"};
  t.columns.push_back(column("user", "text"));
  t.columns.push_back(column("plain_name", "integer"));
  t.columns.push_back(column("MixedCase", "integer"));
  CHECK(emit::create_table(t) ==
        "CREATE TABLE \"My Schema\".\"select\" (\n"
        "    \"user\" text,\n"
        "    plain_name integer,\n"
        "    \"MixedCase\" integer\n"
        ");\n");
  CHECK(emit::drop_column(t.name, "MixedCase") == "ALTER TABLE \"My Schema\".\"select\" DROP COLUMN \"MixedCase\";\n");
}

TEST_CASE("foreign keys, exclusion and deferrable constraints") {
  ir::Constraint fk;
  fk.name = "orders_user_fk";
  fk.kind = ir::ConstraintKind::ForeignKey;
  fk.columns = {"user_id", "tenant"};
  fk.foreign_key = ir::ForeignKey{{"app", "Users"}, {"id", "tenant"}, 'f', 'c', 'n', {"user_id"}};
  fk.deferrable = true;
  fk.initially_deferred = true;
  CHECK(emit::add_constraint({"public", "orders"}, fk) ==
        "ALTER TABLE public.orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id, tenant) REFERENCES "
        "app.\"Users\"(id, tenant) MATCH FULL ON UPDATE CASCADE ON DELETE SET NULL (user_id) DEFERRABLE "
        "INITIALLY DEFERRED;\n");
  fk.not_valid = true;
  fk.deferrable = fk.initially_deferred = false;
  fk.foreign_key->match = 's';
  fk.foreign_key->on_update = 'a';
  fk.foreign_key->on_delete = 'r';
  fk.foreign_key->on_delete_set_columns.clear();
  CHECK(emit::add_constraint({"public", "orders"}, fk) ==
        "ALTER TABLE public.orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id, tenant) REFERENCES "
        "app.\"Users\"(id, tenant) ON DELETE RESTRICT NOT VALID;\n");

  ir::Constraint ex;
  ex.name = "no_overlap";
  ex.kind = ir::ConstraintKind::Exclude;
  ir::Exclusion& exclusion = ex.exclusion.emplace();
  exclusion.method = "gist";
  ir::ExcludeElement room;
  room.column = "room";
  room.op = "=";
  ir::ExcludeElement during;
  during.expr = expr("tsrange(starts, ends)");
  during.op = "&&";
  exclusion.elements = {room, during};
  exclusion.where = expr("NOT cancelled");
  CHECK(emit::constraint_definition(ex) == "EXCLUDE USING gist (room WITH =, (tsrange(starts, ends)) WITH &&) WHERE (NOT cancelled)");

  ir::Constraint unique;
  unique.kind = ir::ConstraintKind::Unique;
  unique.columns = {"a"};
  unique.include = {"b"};
  unique.nulls_not_distinct = true;
  unique.index_options = {"fillfactor=70"};
  CHECK(emit::constraint_definition(unique) == "UNIQUE NULLS NOT DISTINCT (a) INCLUDE (b) WITH (fillfactor=70)");
}

TEST_CASE("types, domains, sequences") {
  ir::EnumType mood{{"public", "mood"}, {"sad", "it's ok"}, {}, {}, {}, {}};
  CHECK(emit::create_enum(mood) == "CREATE TYPE public.mood AS ENUM (\n    'sad',\n    'it''s ok'\n);\n");
  CHECK(emit::add_enum_value(mood.name, "happy", std::nullopt, std::string("sad")) ==
        "ALTER TYPE public.mood ADD VALUE 'happy' AFTER 'sad';\n");

  ir::Domain domain;
  domain.name = {"public", "posint"};
  domain.base_type = "integer";
  domain.not_null = true;
  domain.default_expr = expr("1");
  domain.checks.emplace("positive", ir::CheckConstraint{"positive", expr("VALUE > 0"), false, false, {}});
  domain.checks.emplace("small", ir::CheckConstraint{"small", expr("VALUE < 100"), true, false, {}});
  CHECK(emit::create_domain(domain) ==
        "CREATE DOMAIN public.posint AS integer\n    DEFAULT 1\n    NOT NULL\n    CONSTRAINT positive CHECK (VALUE > 0);\n"
        "ALTER DOMAIN public.posint ADD CONSTRAINT small CHECK (VALUE < 100) NOT VALID;\n");

  ir::CompositeType pair;
  pair.name = {"public", "pair"};
  pair.attributes = {{"a", "integer", std::nullopt, std::nullopt}, {"b", "text", std::string("pg_catalog.\"C\""), std::nullopt}};
  CHECK(emit::create_composite(pair) == "CREATE TYPE public.pair AS (\n    a integer,\n    b text COLLATE pg_catalog.\"C\"\n);\n");

  ir::Sequence seq;
  seq.name = {"public", "s"};
  seq.options = {"integer", 10, -1, -100, -1, 5, true};
  seq.owned_by_table = ir::QualifiedName{"public", "t"};
  seq.owned_by_column = "id";
  CHECK(emit::create_sequence(seq) ==
        "CREATE SEQUENCE public.s\n    AS integer\n    START WITH 10\n    INCREMENT BY -1\n    MINVALUE -100\n"
        "    NO MAXVALUE\n    CACHE 5\n    CYCLE;\n");
  CHECK(emit::sequence_owned_by(seq) == "ALTER SEQUENCE public.s OWNED BY public.t.id;\n");
}

TEST_CASE("indexes and views") {
  ir::Index index;
  index.name = {"public", "users_lower_email"};
  index.table = {"public", "users"};
  index.unique = true;
  ir::IndexElement e1;
  e1.expr = expr("lower(email)");
  ir::IndexElement e2;
  e2.column = "created_at";
  e2.descending = true;
  e2.nulls_first = false;
  index.elements = {e1, e2};
  index.where = expr("deleted_at IS NULL");
  CHECK(emit::create_index(index) ==
        "CREATE UNIQUE INDEX users_lower_email ON public.users USING btree ((lower(email)), created_at DESC NULLS LAST) "
        "WHERE (deleted_at IS NULL);\n");

  ir::View view;
  view.name = {"public", "active"};
  view.columns = {"id"};
  view.query = expr(" SELECT users.id\n   FROM public.users -- only these\n");
  view.check_option = "LOCAL";
  view.options = {"security_barrier=true"};
  CHECK(emit::create_view(view) ==
        "CREATE VIEW public.active (id) WITH (check_option=local, security_barrier=true) AS\n"
        " SELECT users.id\n   FROM public.users -- only these\n;\n");
  view.materialized = true;
  view.check_option.reset();
  view.options.clear();
  view.with_data = false;
  CHECK(emit::create_view(view) ==
        "CREATE MATERIALIZED VIEW public.active (id) AS\n SELECT users.id\n   FROM public.users -- only these\n  WITH NO DATA;\n");
  CHECK(emit::drop_view(view) == "DROP MATERIALIZED VIEW public.active;\n");
}

TEST_CASE("functions: arguments, traits, settings, dollar quoting") {
  ir::Function f;
  f.name = {"public", "add"};
  f.identity_args = "a integer, b integer";
  f.arguments = {{"IN", std::string("a"), "integer", std::nullopt},
                 {"IN", std::string("b"), "integer", expr("1")},
                 {"OUT", std::string("sum"), "integer", std::nullopt}};
  f.returns = "integer";
  f.language = "sql";
  f.body = "SELECT a + b $$";
  f.volatility = "IMMUTABLE";
  f.strict = true;
  f.parallel = "SAFE";
  f.cost = 5;
  f.config = {"search_path=public, \"My Schema\"", "work_mem=64MB"};
  CHECK(emit::create_function(f) ==
        "CREATE FUNCTION public.add(a integer, b integer DEFAULT 1, OUT sum integer) RETURNS integer\n"
        "    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE COST 5\n"
        "    SET search_path TO 'public', 'My Schema'\n"
        "    SET work_mem TO '64MB'\n"
        "    AS $_$SELECT a + b $$$_$;\n");
  CHECK(emit::drop_function(f) == "DROP FUNCTION public.add(a integer, b integer);\n");
  CHECK(emit::comment_on(emit::object_id(f), std::string("adds")) ==
        "COMMENT ON FUNCTION public.add(a integer, b integer) IS 'adds';\n");

  ir::Function p;
  p.name = {"public", "touch"};
  p.is_procedure = true;
  p.language = "sql";
  p.sql_body = true;
  p.body = "BEGIN ATOMIC\n SELECT 1;\nEND";
  CHECK(emit::create_function(p) == "CREATE PROCEDURE public.touch()\n    LANGUAGE sql\n    BEGIN ATOMIC\n SELECT 1;\nEND;\n");
}

TEST_CASE("triggers and policies") {
  ir::Trigger trigger;
  trigger.name = "audit";
  trigger.timing = "AFTER";
  trigger.events = {"INSERT", "UPDATE"};
  trigger.update_columns = {"email"};
  trigger.for_each_row = true;
  trigger.when = expr("OLD.* IS DISTINCT FROM NEW.*");
  trigger.function = {"audit", "log"};
  trigger.arguments = {"users", "it's"};
  trigger.enabled = 'D';
  CHECK(emit::create_trigger({"public", "users"}, trigger) ==
        "CREATE TRIGGER audit AFTER INSERT OR UPDATE OF email ON public.users FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM "
        "NEW.*) EXECUTE FUNCTION audit.log('users', 'it''s');\n");
  CHECK(emit::trigger_enabled({"public", "users"}, trigger) == "ALTER TABLE public.users DISABLE TRIGGER audit;\n");

  ir::Policy policy;
  policy.name = "own rows";
  policy.permissive = false;
  policy.command = "SELECT";
  policy.roles = {"app_user", "Admin"};
  policy.using_expr = expr("owner = CURRENT_USER");
  CHECK(emit::create_policy({"public", "users"}, policy) ==
        "CREATE POLICY \"own rows\" ON public.users AS RESTRICTIVE FOR SELECT TO app_user, \"Admin\" USING (owner = CURRENT_USER);\n");
  policy.roles = {"PUBLIC"};
  policy.permissive = true;
  policy.command = "ALL";
  CHECK(emit::create_policy({"public", "users"}, policy) ==
        "CREATE POLICY \"own rows\" ON public.users USING (owner = CURRENT_USER);\n");
}

TEST_CASE("privileges: defaults revoked, grants grouped per grantee") {
  ir::ObjectId fn{ir::ObjectKind::Function, {"public", "f"}, "(integer)"};
  ir::Acl acl{{"reader", "EXECUTE", true}};
  CHECK(emit::acl_change(fn, emit::default_acl(fn.kind), acl) ==
        "REVOKE EXECUTE ON FUNCTION public.f(integer) FROM PUBLIC;\n"
        "GRANT EXECUTE ON FUNCTION public.f(integer) TO reader WITH GRANT OPTION;\n");
  ir::ObjectId table{ir::ObjectKind::Table, {"public", "t"}, ""};
  CHECK(emit::acl_change(table, {}, {{"PUBLIC", "SELECT", false}, {"w", "INSERT", false}, {"w", "UPDATE", false}}) ==
        "GRANT SELECT ON TABLE public.t TO PUBLIC;\nGRANT INSERT, UPDATE ON TABLE public.t TO w;\n");
  ir::ObjectId col{ir::ObjectKind::Column, {"public", "t"}, "Secret"};
  CHECK(emit::acl_change(col, {}, {{"w", "SELECT", false}}) == "GRANT SELECT (\"Secret\") ON TABLE public.t TO w;\n");
  CHECK(emit::owner_to({ir::ObjectKind::MaterializedView, {"public", "mv"}, ""}, "Owner") ==
        "ALTER MATERIALIZED VIEW public.mv OWNER TO \"Owner\";\n");
  CHECK(emit::comment_on({ir::ObjectKind::Column, {"public", "t"}, "c"}, std::nullopt) == "COMMENT ON COLUMN public.t.c IS NULL;\n");
}

TEST_CASE("partitions declare only what differs from the parent") {
  ir::Table parent;
  parent.name = {"public", "events"};
  parent.kind = ir::TableKind::Partitioned;
  parent.columns = {column("id", "bigint", true), column("at", "date", true), column("note", "text")};
  parent.partition_by = "RANGE (at)";
  ir::Table part = parent;
  part.name = {"public", "events_2024"};
  part.kind = ir::TableKind::Regular;
  part.partition_by.reset();
  part.partition_of = parent.name;
  part.partition_bound = "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')";
  part.columns[2].default_expr = expr("'n/a'::text");
  for (auto& c : part.columns) c.is_local = false;
  emit::TableParts parts;
  parts.parents = {&parent};
  CHECK(emit::create_table(parent) ==
        "CREATE TABLE public.events (\n    id bigint NOT NULL,\n    at date NOT NULL,\n    note text\n)\nPARTITION BY RANGE (at);\n");
  CHECK(emit::create_table(part, parts) ==
        "CREATE TABLE public.events_2024 PARTITION OF public.events (\n    note WITH OPTIONS DEFAULT 'n/a'::text\n)\n"
        "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');\n");
}

TEST_CASE("emit_catalog: same IR, same bytes; foreign keys after all tables even in a cycle") {
  ir::Catalog catalog;
  catalog.schemas.emplace("public", ir::Schema{"public", {}, {}, {}, {}});
  ir::Table a;
  a.name = {"public", "a"};
  a.columns = {column("id", "integer", true), column("b_id", "integer")};
  ir::Table b;
  b.name = {"public", "b"};
  b.columns = {column("id", "integer", true), column("a_id", "integer")};
  ir::Constraint a_fk;
  a_fk.name = "a_b_fk";
  a_fk.kind = ir::ConstraintKind::ForeignKey;
  a_fk.columns = {"b_id"};
  a_fk.foreign_key = ir::ForeignKey{};
  a_fk.foreign_key->ref_table = {"public", "b"};
  a_fk.foreign_key->ref_columns = {"id"};
  a.constraints.emplace(a_fk.name, a_fk);
  ir::Constraint b_fk = a_fk;
  b_fk.name = "b_a_fk";
  b_fk.columns = {"a_id"};
  b_fk.foreign_key->ref_table = {"public", "a"};
  b.constraints.emplace(b_fk.name, b_fk);
  catalog.tables.emplace(a.name, a);
  catalog.tables.emplace(b.name, b);
  catalog.dependencies.value.insert(ir::Dependency{{ir::ObjectKind::Constraint, a.name, "a_b_fk"}, {ir::ObjectKind::Table, b.name, ""}});
  catalog.dependencies.value.insert(ir::Dependency{{ir::ObjectKind::Constraint, b.name, "b_a_fk"}, {ir::ObjectKind::Table, a.name, ""}});
  std::string sql = emit_catalog(catalog);
  CHECK(sql == emit_catalog(catalog));
  CHECK(sql.find("SET check_function_bodies = false;") != std::string::npos);
  CHECK(sql.find("SELECT pg_catalog.set_config('search_path', 'public', false);") != std::string::npos);
  EmitOptions app;
  app.search_path = "app, public";
  CHECK(emit_catalog(catalog, app).find("set_config('search_path', 'app, public', false)") != std::string::npos);
  auto create_a = sql.find("CREATE TABLE public.a");
  auto create_b = sql.find("CREATE TABLE public.b");
  auto fk_a = sql.find("ADD CONSTRAINT a_b_fk");
  auto fk_b = sql.find("ADD CONSTRAINT b_a_fk");
  REQUIRE(create_a != std::string::npos);
  REQUIRE(create_b != std::string::npos);
  REQUIRE(fk_a != std::string::npos);
  REQUIRE(fk_b != std::string::npos);
  CHECK(create_a < create_b);
  CHECK(create_b < fk_a);
  CHECK(fk_a < fk_b);
  CHECK(sql.find("CREATE SCHEMA IF NOT EXISTS public;") < create_a);
}

TEST_CASE("emit_catalog orders by dependency: domain over enum, table over domain, view over view") {
  ir::Catalog catalog;
  catalog.schemas.emplace("app", ir::Schema{"app", {}, {}, {}, {}});
  catalog.enums.emplace(ir::QualifiedName{"app", "zeta"}, ir::EnumType{{"app", "zeta"}, {"x"}, {}, {}, {}, {}});
  ir::Domain d;
  d.name = {"app", "alpha"};
  d.base_type = "app.zeta";
  catalog.domains.emplace(d.name, d);
  ir::Table t;
  t.name = {"app", "t"};
  t.columns = {column("v", "app.alpha[]")};
  catalog.tables.emplace(t.name, t);
  ir::View v1;
  v1.name = {"app", "a_view"};
  v1.query = expr("SELECT * FROM app.z_view");
  ir::View v2;
  v2.name = {"app", "z_view"};
  v2.query = expr("SELECT v FROM app.t");
  catalog.views.emplace(v1.name, v1);
  catalog.views.emplace(v2.name, v2);
  std::string sql = emit_catalog(catalog);
  auto schema = sql.find("CREATE SCHEMA app;");
  auto type = sql.find("CREATE TYPE app.zeta");
  auto domain = sql.find("CREATE DOMAIN app.alpha");
  auto table = sql.find("CREATE TABLE app.t");
  auto z_view = sql.find("CREATE VIEW app.z_view");
  auto a_view = sql.find("CREATE VIEW app.a_view");
  CHECK(schema < type);
  CHECK(type < domain);
  CHECK(domain < table);
  CHECK(table < z_view);
  CHECK(z_view < a_view);
  CHECK(a_view != std::string::npos);
}
