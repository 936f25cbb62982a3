// diff(): runs the per-family differs in a fixed order, and the attribute helpers they share.
#include "compiler/diff.hpp"

#include "compiler/diff/differ.hpp"
#include "compiler/quote.hpp"

namespace schemactl::diff {

namespace detail {

const ir::Table* Differ::from_table_for(const QualifiedName& name) const {
  auto renamed = table_renamed_from.find(name);
  const QualifiedName& source = renamed == table_renamed_from.end() ? name : renamed->second;
  auto it = from.tables.find(source);
  return it == from.tables.end() ? nullptr : &it->second;
}

void diff_comment(Differ& d, const ir::ObjectId& object, const std::string& target,
                  const std::optional<std::string>& from, const std::optional<std::string>& to) {
  // An empty comment is no comment (COMMENT ... IS '' removes it).
  auto norm = [](const std::optional<std::string>& c) {
    return c && !c->empty() ? c : std::nullopt;
  };
  if (norm(from) != norm(to)) d.add(SetComment{object, target, norm(from), norm(to)});
}

void diff_acl(Differ& d, const ir::ObjectId& object, const std::string& target, const std::string& column,
              const ir::Acl& from, const ir::Acl& to) {
  if (!d.options.privileges) return;
  for (const auto& p : from)
    if (!to.count(p)) d.add(Revoke{object, target, column, p});
  for (const auto& p : to)
    if (!from.count(p)) d.add(Grant{object, target, column, p});
}

void diff_owner(Differ& d, const ir::ObjectId& object, const std::string& target,
                const std::optional<std::string>& from, const std::optional<std::string>& to) {
  if (!d.options.owners || !from || !to || *from == *to) return;
  d.add(SetOwner{object, target, *from, *to});
}

std::string table_target(const ir::Table& table) { return "TABLE " + quote_qualified(table.name); }
std::string function_target(const ir::Function& f) {
  return std::string(f.is_procedure ? "PROCEDURE " : "FUNCTION ") + quote_qualified(f.name) + "(" +
         f.identity_args + ")";
}
std::string view_target(const ir::View& view) {
  return std::string(view.materialized ? "MATERIALIZED VIEW " : "VIEW ") + quote_qualified(view.name);
}

}  // namespace detail

std::vector<Change> diff(const ir::Catalog& from, const ir::Catalog& to, const DiffOptions& options) {
  detail::Differ d{from, to, options, {}, {}, {}, {}, {}, {}};
  detail::diff_schemas(d);
  detail::diff_extensions(d);
  detail::diff_collations(d);
  // Functions before types: a domain's check may call a function; a function over a user type
  // still follows it through the dependency edges.
  detail::diff_functions(d);
  detail::diff_aggregates(d);  // after the functions they call, which a new aggregate needs
  detail::diff_types(d);
  detail::diff_tables(d);
  detail::diff_sequences(d);
  detail::diff_indexes(d);
  detail::diff_views(d);
  detail::recreate_dependents(d);
  return std::move(d.changes);
}

}  // namespace schemactl::diff
