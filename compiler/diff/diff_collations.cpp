// Collations: created, dropped, or dropped and created again when their definition changed.
#include "compiler/diff/differ.hpp"
#include "compiler/quote.hpp"

namespace schemactl::diff::detail {
namespace {

std::string target(const ir::Collation& c) { return "COLLATION " + quote_qualified(c.name); }
ir::ObjectId id(const ir::Collation& c) { return {ir::ObjectKind::Collation, c.name, {}}; }

bool same_definition(ir::Collation a, ir::Collation b) {
  a.comment = b.comment;
  a.owner = b.owner;
  return a == b;
}

void create(Differ& d, const ir::Collation& c) {
  ir::Collation base = c;
  base.comment.reset();
  d.add(CreateCollation{base});
  diff_comment(d, id(c), target(c), std::nullopt, c.comment);
}

}  // namespace

void diff_collations(Differ& d) {
  for (const auto& [name, c] : d.from.collations)
    if (!d.to.collations.count(name)) d.add(DropCollation{c});
  for (const auto& [name, c] : d.to.collations) {
    auto old = d.from.collations.find(name);
    if (old == d.from.collations.end()) {
      create(d, c);
    } else if (!same_definition(old->second, c)) {
      d.add(DropCollation{old->second});
      create(d, c);
    } else {
      diff_comment(d, id(c), target(c), old->second.comment, c.comment);
      diff_owner(d, id(c), target(c), old->second.owner, c.owner);
    }
  }
}

}  // namespace schemactl::diff::detail
