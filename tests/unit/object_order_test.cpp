#include <doctest/doctest.h>

#include <string>

#include "compiler/error.hpp"
#include "compiler/object_order.hpp"

using namespace schemactl;
using ir::ObjectId;
using ir::ObjectKind;

namespace {

ObjectId table(const std::string& name) { return {ObjectKind::Table, {"public", name}, ""}; }
ObjectId view(const std::string& name) { return {ObjectKind::View, {"public", name}, ""}; }
ObjectId function(const std::string& name) { return {ObjectKind::Function, {"public", name}, "()"}; }

}  // namespace

TEST_CASE("without dependencies the order is kind, then name") {
  auto order = order_objects({view("a"), table("b"), table("a"), {ObjectKind::Schema, {"", "public"}, ""}, function("z")}, {});
  REQUIRE(order.size() == 5);
  CHECK(order[0].kind == ObjectKind::Schema);
  CHECK(order[1] == function("z"));
  CHECK(order[2] == table("a"));
  CHECK(order[3] == table("b"));
  CHECK(order[4] == view("a"));
}

TEST_CASE("dependencies move an object after what it needs and nothing else") {
  // function z reads table b (SQL-standard body): z moves after b; the tables keep their order.
  auto order = order_objects({table("a"), table("b"), function("z"), view("v")},
                             {{function("z"), table("b"), false}, {view("v"), function("z"), false}});
  CHECK(order == std::vector<ObjectId>{table("a"), table("b"), function("z"), view("v")});
  // a table needing a function still gets it first
  order = order_objects({table("a"), function("z")}, {{function("z"), table("a"), false}});
  CHECK(order == std::vector<ObjectId>{table("a"), function("z")});
}

TEST_CASE("edges on columns and constraints count for their table") {
  auto order = order_objects({table("a"), table("b")},
                             {{{ObjectKind::Column, {"public", "a"}, "x"}, {ObjectKind::Column, {"public", "b"}, "y"}, false}});
  CHECK(order == std::vector<ObjectId>{table("b"), table("a")});
}

TEST_CASE("guessed edges that close a cycle are dropped") {
  auto order = order_objects({view("a"), view("b")}, {{view("a"), view("b"), false}, {view("b"), view("a"), true}});
  CHECK(order == std::vector<ObjectId>{view("b"), view("a")});
}

TEST_CASE("a cycle of real dependencies is an error naming every object in it") {
  try {
    order_objects({table("t"), function("f"), view("v"), table("other")},
                  {{table("t"), function("f"), false}, {function("f"), view("v"), false}, {view("v"), table("t"), false}});
    FAIL("expected a cycle error");
  } catch (const InputError& e) {
    std::string message = e.what();
    CHECK(message.find("cycle") != std::string::npos);
    CHECK(message.find("table public.t") != std::string::npos);
    CHECK(message.find("function public.f()") != std::string::npos);
    CHECK(message.find("view public.v") != std::string::npos);
    CHECK(message.find("other") == std::string::npos);
  }
}

TEST_CASE("catalog edges: types, parents, names in expressions; owned-by sequences do not loop") {
  ir::Catalog catalog;
  ir::Sequence seq;
  seq.name = {"public", "t_id_seq"};
  seq.owned_by_table = ir::QualifiedName{"public", "t"};
  seq.owned_by_column = "id";
  catalog.sequences.emplace(seq.name, seq);
  ir::Table t;
  t.name = {"public", "t"};
  ir::Column id;
  id.name = "id";
  id.type = "integer";
  id.default_expr = ir::Expr{"nextval('t_id_seq'::regclass)", ""};
  t.columns.push_back(id);
  catalog.tables.emplace(t.name, t);
  catalog.dependencies.value.insert(ir::Dependency{{ObjectKind::Sequence, seq.name, ""}, {ObjectKind::Column, t.name, "id"}});
  catalog.dependencies.value.insert(ir::Dependency{{ObjectKind::Column, t.name, "id"}, {ObjectKind::Sequence, seq.name, ""}});
  auto order = order_objects(catalog_objects(catalog), catalog_edges(catalog));
  REQUIRE(order.size() == 2);
  CHECK(order[0].kind == ObjectKind::Sequence);
  CHECK(order[1].kind == ObjectKind::Table);
}
