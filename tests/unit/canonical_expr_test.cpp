// Each pair: what a user writes, and what a PostgreSQL 15.20 server printed back for it with
// pg_get_expr / pg_get_constraintdef / pg_get_viewdef under `SET search_path = ''` (recorded
// from experiments; the server text is quoted verbatim, minus the outer CHECK (...)).
#include <doctest/doctest.h>

#include <string>

#include "compiler/canonical_expr.hpp"
#include "compiler/error.hpp"
#include "compiler/quote.hpp"

using schemactl::expression_key;
using schemactl::quote_literal;
using schemactl::sequence_default_key;
using schemactl::ExprContext;
using schemactl::query_key;

namespace {

ExprContext target(const std::string& type) {
  ExprContext context;
  context.target_type = type;
  return context;
}

}  // namespace

TEST_CASE("whitespace, keyword case and parentheses do not matter") {
  CHECK(expression_key("a   +  1") == expression_key("(a + 1)"));
  CHECK(expression_key("COALESCE(a, b)") == expression_key("coalesce ( a , b )"));
  CHECK(expression_key("a + 1") != expression_key("a + 2"));
  CHECK(expression_key("a + 1") != expression_key("a - 1"));
}

TEST_CASE("string literal casts to the implied type are dropped") {
  // text DEFAULT 'a'            -> 'a'::text
  CHECK(expression_key("'a'", target("text")) == expression_key("'a'::text", target("text")));
  // varchar(10) DEFAULT 'b'     -> 'b'::character varying
  CHECK(expression_key("'b'", target("character varying(10)")) ==
        expression_key("'b'::character varying", target("character varying(10)")));
  // mood DEFAULT 'a'            -> 'a'::public.mood
  CHECK(expression_key("'a'", target("public.mood")) == expression_key("'a'::public.mood", target("public.mood")));
  // CHECK (a <> 'z')            -> (a <> 'z'::text)
  CHECK(expression_key("a <> 'z'") == expression_key("(a <> 'z'::text)"));
  // COALESCE(a, '') <> ''       -> (COALESCE(a, ''::text) <> ''::text)
  CHECK(expression_key("coalesce(a,'') <> ''") == expression_key("(COALESCE(a, ''::text) <> ''::text)"));
  CHECK(expression_key("'a'") != expression_key("'b'"));
}

TEST_CASE("numeric literals: casts and negative numbers") {
  // int DEFAULT -1              -> '-1'::integer ; bigint DEFAULT (- 1) -> '-1'::integer
  CHECK(expression_key("-1", target("integer")) == expression_key("'-1'::integer", target("integer")));
  CHECK(expression_key("(- 1)", target("bigint")) == expression_key("'-1'::integer", target("bigint")));
  CHECK(expression_key("-(1)") == expression_key("-1"));
  // numeric DEFAULT -1.5        -> '-1.5'::numeric
  CHECK(expression_key("-1.5") == expression_key("'-1.5'::numeric"));
  // int DEFAULT '5'             -> 5
  CHECK(expression_key("'5'", target("integer")) == expression_key("5", target("integer")));
  // extract(year from now()) > 2000 -> (EXTRACT(year FROM now()) > (2000)::numeric)
  CHECK(expression_key("extract(year from now()) > 2000") == expression_key("(EXTRACT(year FROM now()) > (2000)::numeric)"));
  // libpg_query's JSON drops non-positive integer values: they must still differ.
  CHECK(expression_key("0") != expression_key("-1"));
  CHECK(expression_key("-1") != expression_key("-5"));
  CHECK(expression_key("x > 0") != expression_key("x > -10"));
  CHECK(expression_key("-10") == expression_key("'-10'::integer"));
}

TEST_CASE("boolean literals") {
  // boolean DEFAULT true        -> true ; DEFAULT 't' -> true
  CHECK(expression_key("true", target("boolean")) == expression_key("'t'::boolean", target("boolean")));
  CHECK(expression_key("'yes'", target("boolean")) == expression_key("true", target("boolean")));
  CHECK(expression_key("false", target("boolean")) == expression_key("'f'::boolean", target("boolean")));
  CHECK(expression_key("true", target("boolean")) != expression_key("false", target("boolean")));
}

TEST_CASE("typed constants") {
  // timestamp DEFAULT timestamp '2020-01-01' -> '2020-01-01 00:00:00'::timestamp without time zone
  CHECK(expression_key("timestamp '2020-01-01'", target("timestamp without time zone")) ==
        expression_key("'2020-01-01 00:00:00'::timestamp without time zone", target("timestamp without time zone")));
  // interval DEFAULT '1 day'    -> '1 day'::interval
  CHECK(expression_key("'1 day'", target("interval")) == expression_key("'1 day'::interval", target("interval")));
  // text[] DEFAULT '{}'         -> '{}'::text[]
  CHECK(expression_key("'{}'", target("text[]")) == expression_key("'{}'::text[]", target("text[]")));
}

TEST_CASE("bit string literals and row constructors") {
  // bit(8) DEFAULT x'1F'       -> '00011111'::"bit" ; DEFAULT b'00011111' -> '00011111'::"bit"
  CHECK(expression_key("x'1F'", target("bit(8)")) == expression_key("'00011111'::\"bit\"", target("bit(8)")));
  CHECK(expression_key("b'00011111'", target("bit(8)")) == expression_key("'00011111'::\"bit\"", target("bit(8)")));
  CHECK(expression_key("x'1F'") != expression_key("x'1E'"));
  // CHECK ((a, b) > (0, 0))    -> (ROW(a, b) > ROW(0, 0))
  CHECK(expression_key("(a, b) > (0, 0)") == expression_key("(ROW(a, b) > ROW(0, 0))"));
  CHECK(expression_key("(a, b) > (0, 0)") != expression_key("(a, b) > (0, 1)"));
}

TEST_CASE("type names in casts use format_type spelling") {
  CHECK(expression_key("c::int4 > 1") == expression_key("c::integer > 1"));
  CHECK(expression_key("c::int > 1") == expression_key("c::pg_catalog.int4 > 1"));
  // CHECK (c::bigint > 1)       -> ((c)::bigint > 1)
  CHECK(expression_key("c::bigint > 1") == expression_key("((c)::bigint > 1)"));
  CHECK(expression_key("f(c::varchar(5))") == expression_key("f(CAST(c AS character varying(5)))"));
  CHECK(expression_key("f(c::timestamptz)") == expression_key("f((c)::timestamp with time zone)"));
  CHECK(expression_key("f(c::timestamptz)") != expression_key("f(c::timestamp)"));
  CHECK(expression_key("f(c::int8)") != expression_key("f(c::int4)"));
}

TEST_CASE("explicit casts of columns are kept; implicit relabelling to text is not") {
  // CHECK (a::text = b) with varchar b -> (a = (b)::text)
  CHECK(expression_key("a::text = b") == expression_key("(a = (b)::text)"));
  // CHECK (b = 'zz') with varchar b    -> ((b)::text = 'zz'::text)
  CHECK(expression_key("b = 'zz'") == expression_key("((b)::text = 'zz'::text)"));
  // length(f) > 1 with varchar f       -> (length((f)::text) > 1)
  CHECK(expression_key("length(f) > 1") == expression_key("(length((f)::text) > 1)"));
  // explicit non-text casts stay
  CHECK(expression_key("f(c::integer)") != expression_key("f(c)"));
}

TEST_CASE("IN lists are = ANY (ARRAY[...]) and NOT IN is <> ALL") {
  // CHECK (c in (1,2))          -> (c = ANY (ARRAY[1, 2]))
  CHECK(expression_key("c in (1,2)") == expression_key("(c = ANY (ARRAY[1, 2]))"));
  // CHECK (c not in (3,4))      -> (c <> ALL (ARRAY[3, 4]))
  CHECK(expression_key("c not in (3,4)") == expression_key("(c <> ALL (ARRAY[3, 4]))"));
  // CHECK (b in ('a','b')) with varchar b
  //   -> ((b)::text = ANY ((ARRAY['a'::character varying, 'b'::character varying])::text[]))
  CHECK(expression_key("b in ('a','b')") ==
        expression_key("((b)::text = ANY ((ARRAY['a'::character varying, 'b'::character varying])::text[]))"));
  // CHECK (d in (1))            -> (d = 1)
  CHECK(expression_key("d in (1)") == expression_key("(d = 1)"));
  // CHECK (e in (c, 1, 2))      -> ((e = ANY (ARRAY[1, 2])) OR (e = c))
  CHECK(expression_key("e in (c, 1, 2)") == expression_key("((e = ANY (ARRAY[1, 2])) OR (e = c))"));
  CHECK(expression_key("c in (1,2)") != expression_key("c in (1,3)"));
  CHECK(expression_key("c in (1,2)") != expression_key("c not in (1,2)"));
}

TEST_CASE("BETWEEN expands to a range test") {
  // CHECK (c between 1 and 10)     -> ((c >= 1) AND (c <= 10))
  CHECK(expression_key("c between 1 and 10") == expression_key("((c >= 1) AND (c <= 10))"));
  // CHECK (c not between 1 and 10) -> ((c < 1) OR (c > 10))
  CHECK(expression_key("c not between 1 and 10") == expression_key("((c < 1) OR (c > 10))"));
  CHECK(expression_key("x > 0 and c between 1 and 10") == expression_key("((x > 0) AND ((c >= 1) AND (c <= 10)))"));
}

TEST_CASE("operator spellings") {
  CHECK(expression_key("a != b") == expression_key("a <> b"));
  // CHECK (a like 'x%')         -> (a ~~ 'x%'::text)
  CHECK(expression_key("a like 'x%'") == expression_key("(a ~~ 'x%'::text)"));
  // CHECK (a not like 'y%')     -> (a !~~ 'y%'::text)
  CHECK(expression_key("a not like 'y%'") == expression_key("(a !~~ 'y%'::text)"));
  // CHECK (a ilike 'q')         -> (a ~~* 'q'::text)
  CHECK(expression_key("a ilike 'q'") == expression_key("(a ~~* 'q'::text)"));
  CHECK(expression_key("a OPERATOR(pg_catalog.+) 1") == expression_key("a + 1"));
  CHECK(expression_key("a like 'x%'") != expression_key("a ilike 'x%'"));
}

TEST_CASE("IS NULL, boolean tests and distinctness") {
  // CHECK (a is not null)       -> (a IS NOT NULL)
  CHECK(expression_key("a is not null") == expression_key("(a IS NOT NULL)"));
  CHECK(expression_key("a isnull") == expression_key("a IS NULL"));
  CHECK(expression_key("a notnull") == expression_key("a IS NOT NULL"));
  CHECK(expression_key("a is null") != expression_key("a is not null"));
  // CHECK (c is distinct from 1) -> (c IS DISTINCT FROM 1)
  CHECK(expression_key("c is distinct from 1") == expression_key("(c IS DISTINCT FROM 1)"));
  CHECK(expression_key("e is true") == expression_key("(e IS TRUE)"));
}

TEST_CASE("SQL value functions are one canonical token") {
  // timestamptz DEFAULT CURRENT_TIMESTAMP -> CURRENT_TIMESTAMP ; DEFAULT now() -> now()
  CHECK(expression_key("current_timestamp") == expression_key("CURRENT_TIMESTAMP"));
  CHECK(expression_key("current_date") == expression_key("CURRENT_DATE"));
  CHECK(expression_key("now()") == expression_key("pg_catalog.now()"));
  CHECK(expression_key("current_timestamp") != expression_key("current_date"));
}

TEST_CASE("CASE and COALESCE") {
  // CHECK (case when c = 1 then true else false end) -> CASE WHEN (c = 1) THEN true ELSE false END
  CHECK(expression_key("case when c = 1 then true else false end") ==
        expression_key("\nCASE\n    WHEN (c = 1) THEN true\n    ELSE false\nEND"));
  CHECK(expression_key("case when c = 1 then 1 else 2 end") != expression_key("case when c = 1 then 2 else 1 end"));
}

TEST_CASE("AND/OR nesting is flattened") {
  // CHECK (c > 0 and (c < 5 and d < 3)) -> ((c > 0) AND ((c < 5) AND (d < 3)))
  CHECK(expression_key("c > 0 and c < 5 and d < 3") == expression_key("((c > 0) AND ((c < 5) AND (d < 3)))"));
  CHECK(expression_key("a or (b or c)") == expression_key("(a or b) or c"));
  CHECK(expression_key("a and (b or c)") != expression_key("(a and b) or c"));
}

TEST_CASE("names qualified with a default schema or pg_catalog compare equal") {
  // int DEFAULT f(1)            -> public.f(1)
  CHECK(expression_key("f(1)") == expression_key("public.f(1)"));
  CHECK(expression_key("lower(a)") == expression_key("pg_catalog.lower(a)"));
  CHECK(expression_key("f(1)") != expression_key("other.f(1)"));
  ExprContext app;
  app.default_schemas = {"app"};
  CHECK(expression_key("f(1)", app) == expression_key("app.f(1)", app));
  CHECK(expression_key("f(1)", app) != expression_key("public.f(1)", app));
  CHECK(expression_key("'a'::public.mood = x") != expression_key("x = 'a'::mood"));  // operand order matters
  CHECK(expression_key("x = 'a'::public.mood") == expression_key("x = 'a'::mood"));
}

TEST_CASE("regclass literals are relation names") {
  // int DEFAULT nextval('users_id_seq')   -> nextval('public.users_id_seq'::regclass)
  CHECK(expression_key("nextval('users_id_seq')") == expression_key("nextval('public.users_id_seq'::regclass)"));
  CHECK(expression_key("nextval('users_id_seq'::regclass)") == expression_key("nextval('public.users_id_seq'::regclass)"));
  CHECK(expression_key("nextval('Users_ID_seq')") == expression_key("nextval('users_id_seq')"));
  // int DEFAULT nextval('"Users_id_seq"') -> nextval('public."Users_id_seq"'::regclass)
  CHECK(expression_key("nextval('\"Users_id_seq\"')") == expression_key("nextval('public.\"Users_id_seq\"'::regclass)"));
  CHECK(expression_key("nextval('\"Users_id_seq\"')") != expression_key("nextval('users_id_seq')"));
  CHECK(expression_key("nextval('a.s')") != expression_key("nextval('s')"));
}

TEST_CASE("sequence_default_key is the key of the parsed nextval default") {
  // Serial columns key their default without parsing it; it must be the very key the parser
  // path gives, or a serial column would differ from its own dump.
  ExprContext app;
  app.default_schemas = {"app"};
  for (const ExprContext& context : {ExprContext{}, app}) {
    for (std::string sequence : {"public.users_id_seq", "app.users_id_seq", "other.s", "public.\"Users_id_seq\"",
                                 "\"My Schema\".\"o'brien_seq\"", "public.\"a.b\"", "s"}) {
      std::string text = "nextval(" + quote_literal(sequence) + "::regclass)";
      CAPTURE(text);
      CHECK(sequence_default_key(sequence, context) == expression_key(text, context));
    }
  }
}

TEST_CASE("views: qualified columns, default schema, aliases, semicolon") {
  // CREATE VIEW v1 AS select a, b from t where c = 1
  //   -> SELECT t.a,\n    t.b\n   FROM public.t\n  WHERE (t.c = 1);
  CHECK(query_key("select a, b from t where c = 1") ==
        query_key(" SELECT t.a,\n    t.b\n   FROM public.t\n  WHERE (t.c = 1);"));
  // select t.a, x.a as xa from t join t x on t.c = x.c
  //   -> SELECT t.a,\n    x.a AS xa\n   FROM (public.t\n     JOIN public.t x ON ((t.c = x.c)));
  CHECK(query_key("select t.a, x.a as xa from t join t x on t.c = x.c") ==
        query_key(" SELECT t.a,\n    x.a AS xa\n   FROM (public.t\n     JOIN public.t x ON ((t.c = x.c)));"));
  CHECK(query_key("select a as a from t u") == query_key("SELECT u.a FROM public.t u"));
  CHECK(query_key("select count(*) from t") == query_key("SELECT count(*) AS count FROM public.t"));
  CHECK(query_key("select a from t order by a asc") == query_key("SELECT t.a FROM public.t ORDER BY t.a"));
  CHECK(query_key("select a from t") != query_key("select b from t"));
  CHECK(query_key("select a from t") != query_key("select a from other.t"));
  CHECK(query_key("select a as b from t") != query_key("select a from t"));
}

TEST_CASE("malformed input is an InputError") {
  CHECK_THROWS_AS(expression_key("1 +"), schemactl::InputError);
  CHECK_THROWS_AS(expression_key("1, 2"), schemactl::InputError);
  CHECK_THROWS_AS(expression_key("1 from t"), schemactl::InputError);
  CHECK_THROWS_AS(query_key("select 1; select 2"), schemactl::InputError);
}

namespace {

// Context of an expression on table n(i int, s smallint, b bigint, num numeric(10,2), r real,
// d float8, t text, ts timestamptz, dt date, flag boolean), the table the pairs below were
// recorded on (generated columns and CHECKs, printed by pg_get_expr / pg_get_constraintdef).
ExprContext on_table_n() {
  ExprContext context;
  context.column_type = [](std::string_view column) -> std::string {
    if (column == "i") return "integer";
    if (column == "s") return "smallint";
    if (column == "b") return "bigint";
    if (column == "num") return "numeric(10,2)";
    if (column == "r") return "real";
    if (column == "d") return "double precision";
    if (column == "t") return "text";
    if (column == "ts") return "timestamp with time zone";
    if (column == "dt") return "date";
    if (column == "flag") return "boolean";
    return "";
  };
  return context;
}

}  // namespace

TEST_CASE("implicit numeric casts the server adds from the operand types") {
  auto n = on_table_n();
  // i * num -> ((i)::numeric * num); s * num -> ((s)::numeric * num)
  CHECK(expression_key("i * num", n) == expression_key("((i)::numeric * num)", n));
  CHECK(expression_key("s * num", n) == expression_key("((s)::numeric * num)", n));
  // i * r -> ((i)::double precision * r); num * d -> ((num)::double precision * d); r * d -> (r * d)
  CHECK(expression_key("i * r", n) == expression_key("((i)::double precision * r)", n));
  CHECK(expression_key("num * d", n) == expression_key("((num)::double precision * d)", n));
  CHECK(expression_key("r * d", n) == expression_key("(r * d)", n));
  // i + b -> (i + b): integer types have cross-type operators
  CHECK(expression_key("i + b", n) == expression_key("(i + b)", n));
  // num + 1 -> (num + (1)::numeric); 1 - num / 100 -> ((1)::numeric - (num / (100)::numeric))
  CHECK(expression_key("num + 1", n) == expression_key("(num + (1)::numeric)", n));
  CHECK(expression_key("1 - num / 100", n) == expression_key("((1)::numeric - (num / (100)::numeric))", n));
  // i / 2.5 -> ((i)::numeric / 2.5); i % 3 + d -> (((i % 3))::double precision + d)
  CHECK(expression_key("i / 2.5", n) == expression_key("((i)::numeric / 2.5)", n));
  CHECK(expression_key("i % 3 + d", n) == expression_key("(((i % 3))::double precision + d)", n));
  // -i * num -> (((- i))::numeric * num); abs(i) * num -> ((abs(i))::numeric * num)
  CHECK(expression_key("-i * num", n) == expression_key("(((- i))::numeric * num)", n));
  CHECK(expression_key("abs(i) * num", n) == expression_key("((abs(i))::numeric * num)", n));
  // sqldef GeneratedColumnComplexExpression (quantity integer, unit_price and discount_pct numeric(10,2)):
  ExprContext order;
  order.column_type = [](std::string_view c) -> std::string { return c == "quantity" ? "integer" : "numeric(10,2)"; };
  CHECK(expression_key("quantity * unit_price * (1 - discount_pct / 100)", order) ==
        expression_key("(((quantity)::numeric * unit_price) * ((1)::numeric - (discount_pct / (100)::numeric)))", order));
  // An explicit cast that changes the result is not implied: i::numeric / b is not i / b.
  CHECK(expression_key("i::numeric / b", n) != expression_key("i / b", n));
  // Without column types nothing is inserted (the server's text keeps its casts).
  CHECK(expression_key("i * num") != expression_key("((i)::numeric * num)"));
}

TEST_CASE("a cast to the type the operand already has is dropped") {
  auto n = on_table_n();
  // CHECK (t = current_setting('x')::text) -> CHECK ((t = current_setting('x'::text)))
  CHECK(expression_key("t = current_setting('x')::text", n) == expression_key("(t = current_setting('x'::text))", n));
  CHECK(expression_key("tenant_id = current_setting('app.tenant_id', true)::text") ==
        expression_key("(tenant_id = current_setting('app.tenant_id'::text, true))"));
  // CHECK (i::integer > 0) -> CHECK ((i > 0)); CHECK (num::numeric > 0) keeps the cast (typmod differs)
  CHECK(expression_key("i::integer > 0", n) == expression_key("(i > 0)", n));
  CHECK(expression_key("f(num::numeric)", n) != expression_key("f(num)", n));
  // text[] DEFAULT ARRAY[current_date::text]::text[] -> ARRAY[(CURRENT_DATE)::text]
  CHECK(expression_key("ARRAY[current_date::text]::text[]", target("text[]")) ==
        expression_key("ARRAY[(CURRENT_DATE)::text]", target("text[]")));
  CHECK(expression_key("ARRAY[current_date::text]::text[]") != expression_key("ARRAY[current_date]"));
}

TEST_CASE("an untyped literal compared to a typed operand is read by its type") {
  auto n = on_table_n();
  // CHECK (ts > '2020-01-01 00:00+01') -> CHECK ((ts > '2019-12-31 23:00:00+00'::timestamp with time zone))
  CHECK(expression_key("ts > '2020-01-01 00:00+01'", n) ==
        expression_key("(ts > '2019-12-31 23:00:00+00'::timestamp with time zone)", n));
  // CHECK (dt >= '2020-1-2') -> CHECK ((dt >= '2020-01-02'::date))
  CHECK(expression_key("dt >= '2020-1-2'", n) == expression_key("(dt >= '2020-01-02'::date)", n));
  CHECK(expression_key("dt >= '2020-1-2'", n) != expression_key("(dt >= '2020-01-03'::date)", n));
}

TEST_CASE("typed literals are read by their type's input rules") {
  // timestamptz DEFAULT '2006-11-10 00:00:00+01' -> '2006-11-09 23:00:00+00'::timestamp with time zone
  CHECK(expression_key("'2006-11-10 00:00:00+01'::timestamp with time zone", target("timestamp with time zone")) ==
        expression_key("'2006-11-09 23:00:00+00'::timestamp with time zone", target("timestamp with time zone")));
  // interval DEFAULT interval '90' minute -> '01:30:00'::interval
  CHECK(expression_key("interval '90' minute", target("interval")) == expression_key("'01:30:00'::interval", target("interval")));
  CHECK(expression_key("interval '1.5' year", target("interval")) == expression_key("'1 year'::interval", target("interval")));
  // interval year DEFAULT '18 months' -> '1 year'::interval year
  CHECK(expression_key("'18 months'", target("interval year")) == expression_key("'1 year'::interval year", target("interval year")));
  // money DEFAULT money '1.999' -> '$2.00'::money ; DEFAULT '1.00'::money -> '$1.00'::money
  CHECK(expression_key("money '1.999'", target("money")) == expression_key("'$2.00'::money", target("money")));
  CHECK(expression_key("'1.00'::money", target("money")) == expression_key("'$1.00'::money", target("money")));
  CHECK(expression_key("'1.00'::money", target("money")) != expression_key("'$1.01'::money", target("money")));
}

TEST_CASE("VARIADIC ARRAY[...] is the spread call") {
  // CREATE INDEX ON t (jsonb_extract_path_text(col, 'foo', 'bar'))
  //   -> jsonb_extract_path_text(col, VARIADIC ARRAY['foo'::text, 'bar'::text])
  CHECK(expression_key("jsonb_extract_path_text(col, 'foo', 'bar')") ==
        expression_key("jsonb_extract_path_text(col, VARIADIC ARRAY['foo'::text, 'bar'::text])"));
  CHECK(expression_key("jsonb_extract_path_text(col, 'foo')") !=
        expression_key("jsonb_extract_path_text(col, VARIADIC ARRAY['foo'::text, 'bar'::text])"));
}
