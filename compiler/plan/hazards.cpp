// hazards_of(): what running a change risks, per change kind.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "compiler/diff/extension_version.hpp"
#include "compiler/plan.hpp"
#include "compiler/plan/type_cast.hpp"
#include "compiler/quote.hpp"

namespace schemactl::plan {
namespace {

template <class... Ts>
struct overloaded : Ts... { using Ts::operator()...; };
template <class... Ts>
overloaded(Ts...) -> overloaded<Ts...>;

using H = Hazard;
using Notes = std::vector<HazardNote>;

std::string column_name(const ir::QualifiedName& t, const std::string& c) {
  return quote_qualified(t) + "." + quote_ident(c);
}

// Defaults evaluated per row force a rewrite when a column is added.
bool volatile_default(const ir::Column& c) {
  if (c.type == "serial" || c.type == "bigserial" || c.type == "smallserial") return true;  // nextval
  if (!c.default_expr) return false;
  const std::string& t = c.default_expr->text;
  for (const char* f : {"nextval(", "random(", "gen_random_uuid(", "clock_timestamp(", "uuid_generate_", "timeofday("})
    if (t.find(f) != std::string::npos) return true;
  return false;
}

}  // namespace

const char* hazard_code(Hazard hazard) {
  switch (hazard) {
    case H::DeletesData: return "deletes_data";
    case H::RewritesTable: return "rewrites_table";
    case H::AccessExclusiveLock: return "access_exclusive_lock";
    case H::BuildsIndex: return "builds_index";
    case H::ValidatesConstraint: return "validates_constraint";
    case H::NoTransaction: return "no_transaction";
    case H::NotReversible: return "not_reversible";
  }
  return "unknown";
}

std::vector<HazardNote> hazards_of(const diff::Change& change, const std::set<ir::QualifiedName>& new_tables) {
  using namespace diff;
  auto existing = [&](const ir::QualifiedName& t) { return !new_tables.count(t); };
  auto lock = [](const ir::QualifiedName& t) {
    return HazardNote{H::AccessExclusiveLock, "locks table " + quote_qualified(t) + " against reads and writes"};
  };
  return std::visit(
      overloaded{
          [&](const DropTable& c) -> Notes {
            return {{H::DeletesData, "drops table " + quote_qualified(c.table.name) + " and all its rows"}, lock(c.table.name)};
          },
          [&](const DropColumn& c) -> Notes {
            if (!existing(c.table)) return {};
            return {{H::DeletesData, "drops column " + column_name(c.table, c.column.name) + " and its values"},
                    lock(c.table)};
          },
          [&](const DropSequence& c) -> Notes {
            return {{H::DeletesData, "drops sequence " + quote_qualified(c.sequence.name) + " and its current value"}};
          },
          [&](const AlterExtension& c) -> Notes {
            if (!c.from.version || !c.to.version || !diff::version_before(*c.from.version, *c.to.version)) return {};
            return {{H::NotReversible, "extensions update forwards only: the down migration drops " +
                                           quote_ident(c.to.name) + " and creates it at version " + *c.from.version +
                                           ", which fails while other objects depend on it"}};
          },
          [&](const DropExtension& c) -> Notes {
            return {{H::DeletesData, "drops extension " + quote_ident(c.extension.name) + " and the objects it owns"}};
          },
          [&](const AddColumn& c) -> Notes {
            if (!existing(c.table)) return {};
            Notes n{lock(c.table)};
            if (volatile_default(c.column) || c.column.identity || c.column.generated)
              n.push_back({H::RewritesTable, "fills column " + column_name(c.table, c.column.name) + " row by row"});
            return n;
          },
          [&](const AlterColumnType& c) -> Notes {
            if (!existing(c.table)) return {};
            Notes n{lock(c.table)};
            if (!binary_coercible(c.from.type, c.to.type))
              n.push_back({H::RewritesTable, fmt::format("rewrites table {} to convert {} from {} to {}",
                                                         quote_qualified(c.table), quote_ident(c.to.name), c.from.type, c.to.type)});
            if (narrows(c.from.type, c.to.type))
              n.push_back({H::DeletesData, fmt::format("narrows {} from {} to {}: values that do not fit fail or are truncated",
                                                       column_name(c.table, c.to.name), c.from.type, c.to.type)});
            return n;
          },
          [&](const SetNotNull& c) -> Notes {
            if (!existing(c.table)) return {};
            return {{H::ValidatesConstraint, "scans table " + quote_qualified(c.table) + " to check for NULLs"}, lock(c.table)};
          },
          [&](const AlterIdentity& c) -> Notes {
            if (!existing(c.table) || c.from) return {};
            return {lock(c.table)};
          },
          [&](const AddConstraint& c) -> Notes {
            if (!existing(c.table)) return {};
            const auto& k = c.constraint;
            Notes n;
            if (k.kind == ir::ConstraintKind::PrimaryKey || k.kind == ir::ConstraintKind::Unique ||
                k.kind == ir::ConstraintKind::Exclude) {
              n.push_back({H::BuildsIndex, "builds the index of constraint " + quote_ident(k.name)});
              n.push_back(lock(c.table));
            } else if (!k.not_valid) {
              n.push_back({H::ValidatesConstraint, "scans table " + quote_qualified(c.table) + " to validate " + quote_ident(k.name)});
              if (k.kind == ir::ConstraintKind::Check) n.push_back(lock(c.table));
            }
            return n;
          },
          [&](const ValidateConstraint& c) -> Notes {
            return {{H::ValidatesConstraint, "scans table " + quote_qualified(c.table) + " to validate " + quote_ident(c.to.name)},
                    {H::NotReversible, "a validated constraint cannot be marked NOT VALID again without recreating it"}};
          },
          [&](const CreateIndex& c) -> Notes {
            if (!existing(c.index.table)) return {};
            return {{H::BuildsIndex, "builds index " + quote_qualified(c.index.name) + ", blocking writes to " +
                                         quote_qualified(c.index.table)}};
          },
          [&](const DropIndex& c) -> Notes { return {lock(c.index.table)}; },
          [&](const AddEnumValue& c) -> Notes {
            return {{H::NotReversible, "removing enum value '" + c.label + "' again requires recreating type " +
                                           quote_qualified(c.to.name) + ", which fails if any row uses it"}};
          },
          [&](const RecreateEnum& c) -> Notes {
            Notes n;
            std::vector<std::string> removed;
            for (const auto& l : c.from.labels)
              if (std::find(c.to.labels.begin(), c.to.labels.end(), l) == c.to.labels.end()) removed.push_back(l);
            if (!removed.empty())
              n.push_back({H::DeletesData, fmt::format("removes value(s) '{}' from enum {}: rows that use them make it fail",
                                                       fmt::join(removed, "', '"), quote_qualified(c.to.name))});
            for (const auto& use : c.columns) {
              n.push_back({H::RewritesTable, "rewrites table " + quote_qualified(use.table) + " to convert " +
                                                 quote_ident(use.column.name)});
              n.push_back(lock(use.table));
            }
            return n;
          },
          [&](const AlterTable& c) -> Notes {
            Notes n;
            if (c.from.unlogged != c.to.unlogged || c.from.tablespace != c.to.tablespace)
              n.push_back({H::RewritesTable, "rewrites table " + quote_qualified(c.to.name)});
            if (!n.empty()) n.push_back(lock(c.to.name));
            return n;
          },
          [&](const AttachPartition& c) -> Notes {
            return {{H::ValidatesConstraint, "scans " + quote_qualified(c.partition) + " to check the partition bound"}};
          },
          [&](const DetachPartition& c) -> Notes { return {lock(c.parent)}; },
          [&](const DropExpression& c) -> Notes { return {lock(c.table)}; },
          [&](const auto&) -> Notes { return {}; },
      },
      change);
}

}  // namespace schemactl::plan
