// Aggregates: created, dropped, replaced in place (CREATE OR REPLACE AGGREGATE keeps the kind and
// the argument types, PostgreSQL 11+) or dropped and created again when either changes.
#include "compiler/aggregate_args.hpp"
#include "compiler/diff/differ.hpp"
#include "compiler/quote.hpp"

namespace schemactl::diff::detail {
namespace {

ir::ObjectId id(const ir::Aggregate& a) { return {ir::ObjectKind::Aggregate, a.name, "(" + a.identity_args + ")"}; }

bool same_definition(ir::Aggregate a, const ir::Aggregate& b) {
  a.comment = b.comment;
  a.acl = b.acl;
  a.owner = b.owner;
  return a == b;
}

// What CREATE OR REPLACE AGGREGATE may change: everything but the kind and the argument types
// (names may change too, but a renamed argument is rare enough to recreate).
bool replaceable(const ir::Aggregate& from, const ir::Aggregate& to) {
  return from.kind == to.kind && from.direct_args == to.direct_args && from.arguments == to.arguments;
}

}  // namespace

void create_aggregate(Differ& d, const ir::Aggregate& a) {
  ir::Aggregate base = a;
  base.comment.reset();
  base.acl.clear();
  d.add(CreateAggregate{base});
  diff_comment(d, id(a), aggregate_target(a), std::nullopt, a.comment);
  // A new aggregate is executable by PUBLIC by default, as a function is.
  diff_acl(d, id(a), aggregate_grant_target(a), "", {{"PUBLIC", "EXECUTE", false}}, a.acl);
}

std::string aggregate_target(const ir::Aggregate& a) {
  return "AGGREGATE " + quote_qualified(a.name) + "(" + (a.identity_args.empty() ? "*" : a.identity_args) + ")";
}

std::string aggregate_grant_target(const ir::Aggregate& a) {
  return "FUNCTION " + quote_qualified(a.name) + "(" + aggregate_function_args(a.identity_args) + ")";
}

void diff_aggregates(Differ& d) {
  for (const auto& [signature, a] : d.from.aggregates)
    if (!d.to.aggregates.count(signature)) d.add(DropAggregate{a});
  for (const auto& [signature, a] : d.to.aggregates) {
    auto old = d.from.aggregates.find(signature);
    if (old == d.from.aggregates.end()) {
      create_aggregate(d, a);
      continue;
    }
    if (!same_definition(old->second, a)) {
      if (!replaceable(old->second, a)) {
        d.add(DropAggregate{old->second});
        create_aggregate(d, a);
        continue;
      }
      d.add(ReplaceAggregate{old->second, a});
    }
    diff_comment(d, id(a), aggregate_target(a), old->second.comment, a.comment);
    diff_acl(d, id(a), aggregate_grant_target(a), "", old->second.acl, a.acl);
    diff_owner(d, id(a), aggregate_target(a), old->second.owner, a.owner);
  }
}

}  // namespace schemactl::diff::detail
