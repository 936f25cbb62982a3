#include "compiler/migrations_table.hpp"

#include <set>

namespace schemactl {

ir::QualifiedName migrations_table_name(const std::string& configured, const std::string& default_schema) {
  auto dot = configured.find('.');
  if (dot == std::string::npos) return {default_schema, configured};
  return {configured.substr(0, dot), configured.substr(dot + 1)};
}

void leave_out_migrations_table(ir::Catalog& catalog, const ir::QualifiedName& table) {
  if (!catalog.tables.erase(table)) return;
  std::set<ir::QualifiedName> indexes;
  std::erase_if(catalog.indexes, [&](const auto& entry) {
    if (entry.second.table != table) return false;
    indexes.insert(entry.first);
    return true;
  });
  // Edges from or to the table, one of its parts (columns, constraints: their ids carry the
  // table's name) or one of its indexes.
  auto involves = [&](const ir::ObjectId& id) {
    using K = ir::ObjectKind;
    if (id.kind == K::Index) return indexes.count(id.name) > 0;
    return id.name == table && (id.kind == K::Table || id.kind == K::Column || id.kind == K::Constraint ||
                                id.kind == K::Trigger || id.kind == K::Policy);
  };
  std::erase_if(catalog.dependencies.value, [&](const ir::Dependency& d) { return involves(d.from) || involves(d.to); });
}

}  // namespace schemactl
