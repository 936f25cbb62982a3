// Privileges granted to an object's owner, dropped from a desired state (see owner_privileges.hpp).
#include "compiler/owner_privileges.hpp"

#include <optional>
#include <string>

namespace schemactl {
namespace {

using K = ir::ObjectKind;

class OwnerPrivileges {
 public:
  explicit OwnerPrivileges(const ir::Catalog& live) : live_(live) {}

  bool known() const { return !live_.owners.value.empty() || !live_.session_role.value.empty(); }

  void drop(ir::Acl& acl, const ir::ObjectId& object) {
    if (acl.empty()) return;
    std::optional<std::string> owner = owner_of(object);
    if (!owner) return;
    acl.erase_if([&](const ir::Privilege& p) { return p.grantee == *owner; });
  }

 private:
  std::optional<std::string> owner_of(const ir::ObjectId& object) const {
    auto it = live_.owners.value.find(ir::owner_key(object));
    if (it != live_.owners.value.end()) return it->second;
    if (!live_.session_role.value.empty()) return live_.session_role.value;
    return std::nullopt;
  }

  const ir::Catalog& live_;
};

}  // namespace

void drop_owner_privileges(ir::Catalog& desired, const ir::Catalog& live) {
  OwnerPrivileges owners(live);
  if (!owners.known()) return;
  for (auto& [name, s] : desired.schemas) owners.drop(s.acl, {K::Schema, {"", name}, {}});
  for (auto& [name, e] : desired.enums) owners.drop(e.acl, {K::Enum, name, {}});
  for (auto& [name, d] : desired.domains) owners.drop(d.acl, {K::Domain, name, {}});
  for (auto& [name, t] : desired.composite_types) owners.drop(t.acl, {K::CompositeType, name, {}});
  for (auto& [name, s] : desired.sequences) owners.drop(s.acl, {K::Sequence, name, {}});
  for (auto& [name, v] : desired.views) owners.drop(v.acl, {K::View, name, {}});
  for (auto& [key, f] : desired.functions) owners.drop(f.acl, {K::Function, f.name, f.identity_args});
  for (auto& [key, a] : desired.aggregates) owners.drop(a.acl, {K::Aggregate, a.name, a.identity_args});
  for (auto& [name, t] : desired.tables) {
    ir::QualifiedName live_name = name;
    if (const auto& from = t.renamed_from.value) {
      live_name = *from;
      if (live_name.schema.empty()) live_name.schema = name.schema;
    }
    owners.drop(t.acl, {K::Table, live_name, {}});
    for (auto& c : t.columns) owners.drop(c.acl, {K::Table, live_name, {}});
  }
}

}  // namespace schemactl
