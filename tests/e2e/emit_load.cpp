// The emitter against a real server: emitted scripts load with psql -v ON_ERROR_STOP=1 into an
// empty database, and introspecting the result gives back the IR that was emitted.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "compiler/canonical_expr.hpp"
#include "compiler/emit.hpp"
#include "compiler/emit_objects.hpp"
#include "runtime/introspect.hpp"
#include "tests/support/process.hpp"
#include "tests/support/test_db.hpp"

using namespace schemactl;

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE_MESSAGE(in.good(), "cannot read " << path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// run_process does not search PATH.
std::string psql_path() {
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "/usr/bin";
  size_t start = 0;
  while (start <= dirs.size()) {
    size_t end = dirs.find(':', start);
    if (end == std::string::npos) end = dirs.size();
    std::string candidate = dirs.substr(start, end - start) + "/psql";
    if (access(candidate.c_str(), X_OK) == 0) return candidate;
    start = end + 1;
  }
  return "/usr/lib/postgresql/15/bin/psql";
}

// Runs a script the way a user would replay a dump; returns psql's stderr on failure.
std::string psql_load(const test::TestDatabase& db, const std::string& script) {
  test::ProcessOptions options;
  options.stdin_data = script;
  auto result = test::run_process({psql_path(), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", db.url(), "-f", "-"}, options);
  if (result.exit_code != 0) return "psql exit " + std::to_string(result.exit_code) + ": " + result.err;
  return "";
}

ir::Catalog introspect(const test::TestDatabase& db) {
  runtime::Connection connection(db.url());
  return runtime::introspect(connection);
}

void create_roles() {
  test::exec_sql(test::server_url(),
                 "DO $$ BEGIN CREATE ROLE emit_reader; EXCEPTION WHEN duplicate_object THEN NULL; END $$;"
                 "DO $$ BEGIN CREATE ROLE \"Emit Writer\"; EXCEPTION WHEN duplicate_object THEN NULL; END $$;");
}

// Compares two catalogs map by map, reporting each differing object by its emitted SQL.
template <typename Map, typename Render>
void check_same(const char* what, const Map& expected, const Map& actual, Render render) {
  for (const auto& [name, object] : expected) {
    auto found = actual.find(name);
    if (found == actual.end()) {
      FAIL_CHECK(what << " missing after reload:\n" << render(object));
    } else if (!(found->second == object)) {
      FAIL_CHECK(what << " differs after reload:\nemitted:\n" << render(object) << "reloaded:\n" << render(found->second));
    }
  }
  for (const auto& [name, object] : actual) {
    if (!expected.count(name)) FAIL_CHECK(what << " appeared after reload:\n" << render(object));
  }
}

void check_same_catalog(const ir::Catalog& expected, const ir::Catalog& actual) {
  check_same("schema", expected.schemas, actual.schemas, [](const ir::Schema& s) { return emit::create_schema(s); });
  check_same("extension", expected.extensions, actual.extensions,
             [](const ir::Extension& e) { return emit::create_extension(e); });
  check_same("enum", expected.enums, actual.enums, [](const ir::EnumType& e) { return emit::create_enum(e); });
  check_same("domain", expected.domains, actual.domains, [](const ir::Domain& d) { return emit::create_domain(d); });
  check_same("composite type", expected.composite_types, actual.composite_types,
             [](const ir::CompositeType& c) { return emit::create_composite(c); });
  check_same("sequence", expected.sequences, actual.sequences,
             [](const ir::Sequence& s) { return emit::create_sequence(s) + emit::sequence_owned_by(s); });
  check_same("table", expected.tables, actual.tables, [](const ir::Table& t) {
    std::string out = emit::create_table(t, {true, true, {}});
    for (const auto& [name, trigger] : t.triggers) out += emit::create_trigger(t.name, trigger);
    for (const auto& [name, policy] : t.policies) out += emit::create_policy(t.name, policy);
    return out;
  });
  check_same("index", expected.indexes, actual.indexes, [](const ir::Index& i) { return emit::create_index(i); });
  check_same("view", expected.views, actual.views, [](const ir::View& v) { return emit::create_view(v); });
  check_same("function", expected.functions, actual.functions,
             [](const ir::Function& f) { return emit::create_function(f); });
  check_same("aggregate", expected.aggregates, actual.aggregates,
             [](const ir::Aggregate& a) { return emit::create_aggregate(a); });
}

ir::Expr expr(const std::string& text, const std::string& type = "") {
  ExprContext context;
  context.target_type = type;
  return ir::Expr{text, expression_key(text, context)};
}

}  // namespace

TEST_CASE("a hand-built IR with every object kind loads into an empty database") {
  create_roles();
  ir::Catalog catalog;
  catalog.schemas.emplace("public", ir::Schema{"public", {}, {}, {}, {}});
  catalog.schemas.emplace("Sales", ir::Schema{"Sales", {}, std::string("sales data"), {{"emit_reader", "USAGE", false}}, {}});
  catalog.extensions.emplace("pg_trgm", ir::Extension{"pg_trgm", "public", {}, {}, {}});
  catalog.enums.emplace(ir::QualifiedName{"Sales", "state"},
                        ir::EnumType{{"Sales", "state"}, {"open", "closed"}, {}, std::string("lifecycle"), {}, {}});
  ir::Domain amount;
  amount.name = {"Sales", "amount"};
  amount.base_type = "numeric(12,2)";
  amount.checks.emplace("amount_positive", ir::CheckConstraint{"amount_positive", expr("VALUE >= 0"), false, false, {}});
  catalog.domains.emplace(amount.name, amount);
  ir::CompositeType money;
  money.name = {"Sales", "money"};
  money.attributes = {{"value", "\"Sales\".amount", {}, {}}, {"currency", "character(3)", {}, {}}};
  catalog.composite_types.emplace(money.name, money);
  ir::Sequence seq;
  seq.name = {"Sales", "order_no"};
  seq.options = {"integer", 1000, 1, 1, 2147483647, 1, false};
  seq.owned_by_table = ir::QualifiedName{"Sales", "Orders"};
  seq.owned_by_column = "no";
  catalog.sequences.emplace(seq.name, seq);

  ir::Table orders;
  orders.name = {"Sales", "Orders"};
  ir::Column id;
  id.name = "id";
  id.type = "bigint";
  id.not_null = true;
  id.identity = ir::Identity{false, {"Sales", "Orders_id_seq"}, {"bigint", 1, 1, 1, 9223372036854775807LL, 1, false}};
  ir::Column no;
  no.name = "no";
  no.type = "integer";
  no.default_expr = expr("nextval('\"Sales\".order_no'::regclass)", "integer");
  ir::Column state;
  state.name = "state";
  state.type = "\"Sales\".state";
  state.default_expr = expr("'open'::\"Sales\".state", state.type);
  state.acl = {{"emit_reader", "SELECT", false}};
  ir::Column total;
  total.name = "total";
  total.type = "\"Sales\".money";
  ir::Column customer;
  customer.name = "customer";
  customer.type = "text";
  customer.comment = "who ordered";
  orders.columns = {id, no, state, total, customer};
  ir::Constraint pk;
  pk.name = "Orders_pkey";
  pk.kind = ir::ConstraintKind::PrimaryKey;
  pk.columns = {"id"};
  orders.constraints.emplace(pk.name, pk);
  ir::Constraint self_fk;
  self_fk.name = "orders_parent_fk";
  self_fk.kind = ir::ConstraintKind::ForeignKey;
  self_fk.columns = {"no"};
  self_fk.foreign_key = ir::ForeignKey{};
  self_fk.foreign_key->ref_table = {"Sales", "Customers"};
  self_fk.foreign_key->ref_columns = {"no"};
  orders.constraints.emplace(self_fk.name, self_fk);
  ir::Policy policy;
  policy.name = "mine";
  policy.roles = {"emit_reader"};
  policy.using_expr = expr("customer = CURRENT_USER");
  orders.policies.emplace(policy.name, policy);
  orders.rls_enabled = true;
  orders.acl = {{"emit_reader", "SELECT", false}, {"Emit Writer", "INSERT", true}};
  ir::Trigger trigger;
  trigger.name = "orders_audit";
  trigger.timing = "AFTER";
  trigger.events = {"INSERT", "DELETE"};
  trigger.for_each_row = true;
  trigger.function = {"Sales", "audit"};
  orders.triggers.emplace(trigger.name, trigger);
  catalog.tables.emplace(orders.name, orders);

  // A second table referencing the first and referenced by it: foreign keys close the loop.
  ir::Table customers;
  customers.name = {"Sales", "Customers"};
  ir::Column cno;
  cno.name = "no";
  cno.type = "integer";
  cno.not_null = true;
  ir::Column corder;
  corder.name = "first_order";
  corder.type = "bigint";
  customers.columns = {cno, corder};
  ir::Constraint cpk;
  cpk.name = "customers_pkey";
  cpk.kind = ir::ConstraintKind::PrimaryKey;
  cpk.columns = {"no"};
  customers.constraints.emplace(cpk.name, cpk);
  ir::Constraint cfk;
  cfk.name = "customers_first_order_fk";
  cfk.kind = ir::ConstraintKind::ForeignKey;
  cfk.columns = {"first_order"};
  cfk.foreign_key = ir::ForeignKey{};
  cfk.foreign_key->ref_table = orders.name;
  cfk.foreign_key->ref_columns = {"id"};
  cfk.foreign_key->on_delete = 'n';
  customers.constraints.emplace(cfk.name, cfk);
  catalog.tables.emplace(customers.name, customers);

  ir::Index index;
  index.name = {"Sales", "orders_customer_trgm"};
  index.table = orders.name;
  index.method = "gin";
  ir::IndexElement element;
  element.column = "customer";
  element.opclass = "public.gin_trgm_ops";
  index.elements = {element};
  catalog.indexes.emplace(index.name, index);

  ir::Function audit;
  audit.name = {"Sales", "audit"};
  audit.returns = "trigger";
  audit.language = "plpgsql";
  audit.body = "BEGIN RETURN NULL; END";
  audit.acl = {};  // EXECUTE revoked from PUBLIC
  catalog.functions.emplace(audit.signature(), audit);

  // Views depending on each other, declared in the opposite order of their names.
  ir::View open_orders;
  open_orders.name = {"Sales", "a_open"};
  open_orders.query = ir::Expr{"SELECT id, customer FROM \"Sales\".z_all WHERE state = 'open'", ""};
  open_orders.columns = {"id", "customer"};
  catalog.views.emplace(open_orders.name, open_orders);
  ir::View all_orders;
  all_orders.name = {"Sales", "z_all"};
  all_orders.query = ir::Expr{"SELECT id, customer, state FROM \"Sales\".\"Orders\"", ""};
  catalog.views.emplace(all_orders.name, all_orders);
  ir::View counts;
  counts.name = {"Sales", "counts"};
  counts.materialized = true;
  counts.query = ir::Expr{"SELECT customer, count(*) AS n FROM \"Sales\".a_open GROUP BY customer", ""};
  catalog.views.emplace(counts.name, counts);
  catalog.data.value.push_back({"INSERT INTO \"Sales\".\"Customers\" (no) VALUES (1);\n", {}});

  EmitOptions options;
  options.privileges = true;
  std::string script = emit_catalog(catalog, options);
  CHECK(script == emit_catalog(catalog, options));
  test::TestDatabase db("emit_hand");
  std::string error = psql_load(db, script);
  CHECK_MESSAGE(error.empty(), error << "\nscript:\n" << script);
  CHECK(db.scalar("SELECT count(*) FROM \"Sales\".\"Customers\"") == std::optional<std::string>("1"));
  CHECK(db.scalar("SELECT count(*) FROM \"Sales\".counts") == std::optional<std::string>("0"));
  CHECK(db.scalar("SELECT has_function_privilege('public', '\"Sales\".audit()', 'EXECUTE')") ==
        std::optional<std::string>("f"));
  CHECK(db.scalar("SELECT relrowsecurity FROM pg_class WHERE oid = '\"Sales\".\"Orders\"'::regclass") ==
        std::optional<std::string>("t"));
  CHECK(db.scalar("SELECT pg_get_serial_sequence('\"Sales\".\"Orders\"', 'no')") ==
        std::optional<std::string>("\"Sales\".order_no"));
}

TEST_CASE("dump round trip: a schema with every kind, introspected, emitted, reloaded, introspected again") {
  create_roles();
  test::TestDatabase source("emit_src");
  source.exec(read_file(std::string(SCHEMACTL_SOURCE_DIR) + "/fixtures/emit/all_kinds.sql"));
  ir::Catalog original = introspect(source);
  REQUIRE(original.tables.size() >= 8);
  CHECK(original.collations.size() == 3);
  const ir::View& labels = original.views.at({"app", "label_codes"});
  CHECK(labels.triggers.size() == 1);
  CHECK(labels.column_defaults.size() == 1);
  CHECK(original.aggregates.size() == 3);

  EmitOptions options;
  options.privileges = true;
  std::string script = emit_catalog(original, options);
  test::TestDatabase copy("emit_copy");
  std::string error = psql_load(copy, script);
  REQUIRE_MESSAGE(error.empty(), error << "\nscript:\n" << script);
  ir::Catalog reloaded = introspect(copy);
  check_same_catalog(original, reloaded);
  CHECK(original == reloaded);
  // The emitted text is a fixed point: emitting the reloaded catalog gives the same bytes.
  CHECK(emit_catalog(reloaded, options) == script);
}
