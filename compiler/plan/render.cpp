// render(): the SQL statements of one change.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "compiler/emit_objects.hpp"
#include "compiler/emit_util.hpp"
#include "compiler/plan.hpp"
#include "compiler/plan/definitions.hpp"
#include "compiler/plan/type_cast.hpp"
#include "compiler/quote.hpp"

namespace schemactl::plan {
namespace {

template <class... Ts>
struct overloaded : Ts... { using Ts::operator()...; };
template <class... Ts>
overloaded(Ts...) -> overloaded<Ts...>;

using S = std::vector<std::string>;
using diff::QualifiedName;

std::string alter_table(const QualifiedName& t) { return "ALTER TABLE " + quote_qualified(t); }
std::string alter_column(const QualifiedName& t, const std::string& c) {
  return alter_table(t) + " ALTER COLUMN " + quote_ident(c);
}

std::string type_change(const QualifiedName& table, const ir::Column& from, const ir::Column& to) {
  std::string out = alter_column(table, to.name) + " TYPE " + to.type;
  if (to.collation) out += " COLLATE " + *to.collation;
  if (!assignment_castable(from.type, to.type)) {
    // Between two user types (enum to enum) there is no cast, but both read and print text.
    bool user_types = from.type.find('.') != std::string::npos && to.type.find('.') != std::string::npos;
    out += " USING " + quote_ident(to.name) + (user_types ? "::text::" : "::") + to.type;
  }
  return out;
}

S alter_table_attributes(const ir::Table& from, const ir::Table& to) {
  S out;
  std::string t = alter_table(to.name);
  if (from.unlogged != to.unlogged) out.push_back(t + (to.unlogged ? " SET UNLOGGED" : " SET LOGGED"));
  if (from.options != to.options) {
    std::vector<std::string> reset;
    for (const auto& o : from.options) {
      std::string key = o.substr(0, o.find('='));
      bool kept = false;
      for (const auto& n : to.options)
        if (n.substr(0, n.find('=')) == key) kept = true;
      if (!kept) reset.push_back(key);
    }
    if (!reset.empty()) out.push_back(t + " RESET (" + fmt::format("{}", fmt::join(reset, ", ")) + ")");
    if (!to.options.empty()) out.push_back(t + " SET (" + fmt::format("{}", fmt::join(to.options, ", ")) + ")");
  }
  if (from.tablespace != to.tablespace)
    out.push_back(t + " SET TABLESPACE " + quote_ident(to.tablespace.value_or("pg_default")));
  if (from.rls_enabled != to.rls_enabled)
    out.push_back(t + (to.rls_enabled ? " ENABLE ROW LEVEL SECURITY" : " DISABLE ROW LEVEL SECURITY"));
  if (from.rls_forced != to.rls_forced)
    out.push_back(t + (to.rls_forced ? " FORCE ROW LEVEL SECURITY" : " NO FORCE ROW LEVEL SECURITY"));
  if (from.replica_identity != to.replica_identity || from.replica_identity_index != to.replica_identity_index) {
    switch (to.replica_identity) {
      case 'n': out.push_back(t + " REPLICA IDENTITY NOTHING"); break;
      case 'f': out.push_back(t + " REPLICA IDENTITY FULL"); break;
      case 'i': out.push_back(t + " REPLICA IDENTITY USING INDEX " + quote_ident(to.replica_identity_index.value_or(""))); break;
      default: out.push_back(t + " REPLICA IDENTITY DEFAULT"); break;
    }
  }
  return out;
}

// PostgreSQL refuses new bounds that exclude the sequence's current value ("RESTART value (1)
// cannot be less than MINVALUE (1000)"). Before narrowing them, move the current value inside,
// keeping whether it was called: an unused sequence then starts at the new bound, as a new one
// would, and a used one never goes back.
std::string clamp_into_bounds(const ir::QualifiedName& sequence, const ir::SequenceOptions& from,
                              const ir::SequenceOptions& to) {
  if (to.min_value <= from.min_value && to.max_value >= from.max_value) return "";
  std::string name = quote_qualified(sequence);
  return fmt::format("SELECT pg_catalog.setval({}, GREATEST(LEAST(last_value, {}), {}), is_called) FROM {}",
                     quote_literal(name), to.max_value, to.min_value, name);
}

S alter_sequence(const ir::Sequence& from, const ir::Sequence& to) {
  S out;
  std::string s = "ALTER SEQUENCE " + quote_qualified(to.name);
  if (!(from.options == to.options)) {
    if (auto clamp = clamp_into_bounds(from.name, from.options, to.options); !clamp.empty()) out.push_back(clamp);
    std::vector<std::string> parts;
    const auto& a = from.options;
    const auto& b = to.options;
    if (a.type != b.type) parts.push_back("AS " + b.type);
    if (a.increment != b.increment) parts.push_back(fmt::format("INCREMENT BY {}", b.increment));
    if (a.min_value != b.min_value || a.type != b.type) parts.push_back(fmt::format("MINVALUE {}", b.min_value));
    if (a.max_value != b.max_value || a.type != b.type) parts.push_back(fmt::format("MAXVALUE {}", b.max_value));
    if (a.start != b.start) parts.push_back(fmt::format("START WITH {}", b.start));
    if (a.cache != b.cache) parts.push_back(fmt::format("CACHE {}", b.cache));
    if (a.cycle != b.cycle) parts.push_back(b.cycle ? "CYCLE" : "NO CYCLE");
    out.push_back(s + " " + fmt::format("{}", fmt::join(parts, " ")));
  }
  if (from.unlogged != to.unlogged) out.push_back(s + (to.unlogged ? " SET UNLOGGED" : " SET LOGGED"));
  if (from.owned_by_table != to.owned_by_table || from.owned_by_column != to.owned_by_column)
    out.push_back(s + " OWNED BY " +
                  (to.owned_by_table ? quote_qualified(*to.owned_by_table) + "." + quote_ident(to.owned_by_column.value_or(""))
                                     : std::string("NONE")));
  return out;
}

S alter_identity(const diff::AlterIdentity& c, const ir::Column* column_type_source) {
  std::string col = alter_column(c.table, c.column);
  if (!c.to) return {col + " DROP IDENTITY"};
  std::string type = column_type_source ? column_type_source->type : c.to->options.type;
  if (!c.from) return {col + " ADD " + sql::identity_clause(*c.to, type, c.table, c.column)};
  S out;
  if (c.from->always != c.to->always) out.push_back(col + (c.to->always ? " SET GENERATED ALWAYS" : " SET GENERATED BY DEFAULT"));
  if (!(c.from->options == c.to->options)) {
    const auto& a = c.from->options;
    const auto& b = c.to->options;
    std::vector<std::string> parts;
    if (a.increment != b.increment) parts.push_back(fmt::format("SET INCREMENT BY {}", b.increment));
    if (a.min_value != b.min_value) parts.push_back(fmt::format("SET MINVALUE {}", b.min_value));
    if (a.max_value != b.max_value) parts.push_back(fmt::format("SET MAXVALUE {}", b.max_value));
    if (a.start != b.start) parts.push_back(fmt::format("SET START WITH {}", b.start));
    if (a.cache != b.cache) parts.push_back(fmt::format("SET CACHE {}", b.cache));
    if (a.cycle != b.cycle) parts.push_back(b.cycle ? "SET CYCLE" : "SET NO CYCLE");
    if (!parts.empty()) {
      ir::QualifiedName sequence = c.from->sequence_name;
      if (sequence.name.empty()) sequence = {c.table.schema, c.table.name + "_" + c.column + "_seq"};
      if (auto clamp = clamp_into_bounds(sequence, a, b); !clamp.empty()) out.push_back(clamp);
      out.push_back(col + " " + fmt::format("{}", fmt::join(parts, " ")));
    }
  }
  if (!(c.from->sequence_name == c.to->sequence_name) && !c.to->sequence_name.name.empty() &&
      !c.from->sequence_name.name.empty())
    out.push_back("ALTER SEQUENCE " + quote_qualified(c.from->sequence_name) + " RENAME TO " +
                  quote_ident(c.to->sequence_name.name));
  return out;
}

S alter_domain(const ir::Domain& from, const ir::Domain& to) {
  S out;
  std::string d = "ALTER DOMAIN " + quote_qualified(to.name);
  if (!(from.default_expr == to.default_expr))
    out.push_back(to.default_expr ? d + " SET DEFAULT " + to.default_expr->text : d + " DROP DEFAULT");
  if (from.not_null != to.not_null) out.push_back(d + (to.not_null ? " SET NOT NULL" : " DROP NOT NULL"));
  for (const auto& [name, c] : from.checks) {
    auto it = to.checks.find(name);
    if (it == to.checks.end() || !(it->second.expr == c.expr) || it->second.no_inherit != c.no_inherit)
      out.push_back(d + " DROP CONSTRAINT " + quote_ident(name));
  }
  for (const auto& [name, c] : to.checks) {
    auto it = from.checks.find(name);
    bool add = it == from.checks.end() || !(it->second.expr == c.expr) || it->second.no_inherit != c.no_inherit;
    if (add) {
      out.push_back(d + " ADD CONSTRAINT " + quote_ident(name) + " CHECK (" + c.expr.text + ")" +
                    (c.not_valid ? " NOT VALID" : ""));
    } else if (it->second.not_valid && !c.not_valid) {
      out.push_back(d + " VALIDATE CONSTRAINT " + quote_ident(name));
    }
  }
  return out;
}

S alter_composite(const ir::CompositeType& from, const ir::CompositeType& to) {
  S out;
  std::vector<std::string> actions;
  auto find = [](const ir::CompositeType& t, const std::string& n) -> const ir::CompositeAttribute* {
    for (const auto& a : t.attributes)
      if (a.name == n) return &a;
    return nullptr;
  };
  for (const auto& a : from.attributes)
    if (!find(to, a.name)) actions.push_back("DROP ATTRIBUTE " + quote_ident(a.name));
  for (const auto& b : to.attributes) {
    const auto* a = find(from, b.name);
    std::string collate = b.collation ? " COLLATE " + *b.collation : "";
    if (!a) actions.push_back("ADD ATTRIBUTE " + quote_ident(b.name) + " " + b.type + collate);
    else if (a->type != b.type || a->collation != b.collation)
      actions.push_back("ALTER ATTRIBUTE " + quote_ident(b.name) + " TYPE " + b.type + collate);
  }
  if (!actions.empty())
    out.push_back("ALTER TYPE " + quote_qualified(to.name) + " " + fmt::format("{}", fmt::join(actions, ", ")));
  return out;
}

S recreate_enum(const diff::RecreateEnum& c) {
  S out;
  std::string name = quote_qualified(c.to.name);
  std::string old_name = c.from.name.name + "__schemactl_old";
  ir::QualifiedName old_qualified{c.from.name.schema, old_name};
  out.push_back("ALTER TYPE " + quote_qualified(c.from.name) + " RENAME TO " + quote_ident(old_name));
  out.push_back(emit::create_enum(c.to));
  for (const auto& use : c.columns) {
    bool array = use.column.type.size() > 2 && use.column.type.compare(use.column.type.size() - 2, 2, "[]") == 0;
    std::string col = alter_column(use.table, use.column.name);
    if (use.column.default_expr) out.push_back(col + " DROP DEFAULT");
    out.push_back(col + " TYPE " + use.column.type + " USING " + quote_ident(use.column.name) +
                  (array ? "::text[]::" : "::text::") + use.column.type);
    if (use.column.default_expr) out.push_back(col + " SET DEFAULT " + use.column.default_expr->text);
  }
  out.push_back("DROP TYPE " + quote_qualified(old_qualified));
  return out;
}

std::string function_name(const ir::Function& f) {
  return std::string(f.is_procedure ? "PROCEDURE " : "FUNCTION ") + quote_qualified(f.name) + "(" + f.identity_args + ")";
}

ir::Table named(const QualifiedName& name) {
  ir::Table t;
  t.name = name;
  return t;
}

// CREATE VIEW -> CREATE OR REPLACE VIEW, keeping the emitter's text otherwise.
std::string or_replace_view(const ir::View& view) {
  std::string text = emit::create_view(view);
  const std::string plain = "CREATE VIEW ";
  if (text.rfind(plain, 0) == 0) text = "CREATE OR REPLACE VIEW " + text.substr(plain.size());
  return text;
}

S render_unterminated(const diff::Change& change) {
  using namespace diff;
  return std::visit(
      overloaded{
          [](const CreateSchema& c) -> S { return {emit::create_schema(c.schema)}; },
          [](const DropSchema& c) -> S { return {"DROP SCHEMA " + quote_ident(c.schema.name)}; },
          [](const CreateExtension& c) -> S { return {emit::create_extension(c.extension)}; },
          [](const DropExtension& c) -> S { return {"DROP EXTENSION " + quote_ident(c.extension.name)}; },
          [](const AlterExtension& c) -> S {
            S out;
            if (c.from.schema != c.to.schema)
              out.push_back("ALTER EXTENSION " + quote_ident(c.to.name) + " SET SCHEMA " + quote_ident(c.to.schema));
            if (c.from.version && c.to.version && *c.from.version != *c.to.version)
              out.push_back("ALTER EXTENSION " + quote_ident(c.to.name) + " UPDATE TO " + quote_literal(*c.to.version));
            return out;
          },
          [](const CreateEnum& c) -> S { return {emit::create_enum(c.type)}; },
          [](const DropEnum& c) -> S { return {"DROP TYPE " + quote_qualified(c.type.name)}; },
          [](const AddEnumValue& c) -> S {
            std::string s = "ALTER TYPE " + quote_qualified(c.to.name) + " ADD VALUE " + quote_literal(c.label);
            if (c.before) s += " BEFORE " + quote_literal(*c.before);
            else if (c.after && !c.from.labels.empty() && *c.after != c.from.labels.back())
              s += " AFTER " + quote_literal(*c.after);
            return {s};
          },
          [](const RecreateEnum& c) -> S { return recreate_enum(c); },
          [](const CreateDomain& c) -> S { return {emit::create_domain(c.domain)}; },
          [](const DropDomain& c) -> S { return {"DROP DOMAIN " + quote_qualified(c.domain.name)}; },
          [](const AlterDomain& c) -> S { return alter_domain(c.from, c.to); },
          [](const CreateCompositeType& c) -> S { return {emit::create_composite(c.type)}; },
          [](const DropCompositeType& c) -> S { return {"DROP TYPE " + quote_qualified(c.type.name)}; },
          [](const AlterCompositeType& c) -> S { return alter_composite(c.from, c.to); },
          [](const CreateSequence& c) -> S { return {emit::create_sequence(c.sequence)}; },
          [](const DropSequence& c) -> S { return {"DROP SEQUENCE " + quote_qualified(c.sequence.name)}; },
          [](const AlterSequence& c) -> S { return alter_sequence(c.from, c.to); },
          [](const CreateTable& c) -> S {
            emit::TableParts parts;
            for (const auto& p : c.parents) parts.parents.push_back(&p);
            return {emit::create_table(c.table, parts)};
          },
          [](const DropTable& c) -> S { return {"DROP TABLE " + quote_qualified(c.table.name)}; },
          [](const RenameTable& c) -> S {
            S out;
            if (c.from.schema != c.to.schema)
              out.push_back(alter_table(c.from) + " SET SCHEMA " + quote_ident(c.to.schema));
            if (c.from.name != c.to.name)
              out.push_back(alter_table({c.to.schema, c.from.name}) + " RENAME TO " + quote_ident(c.to.name));
            return out;
          },
          [](const AlterTable& c) -> S { return alter_table_attributes(c.from, c.to); },
          [](const AttachPartition& c) -> S {
            return {alter_table(c.parent) + " ATTACH PARTITION " + quote_qualified(c.partition) + " " + c.bound};
          },
          [](const DetachPartition& c) -> S {
            return {alter_table(c.parent) + " DETACH PARTITION " + quote_qualified(c.partition)};
          },
          [](const AddColumn& c) -> S { return {emit::add_column(named(c.table), c.column)}; },
          [](const DropColumn& c) -> S { return {alter_table(c.table) + " DROP COLUMN " + quote_ident(c.column.name)}; },
          [](const RenameColumn& c) -> S {
            return {alter_table(c.table) + " RENAME COLUMN " + quote_ident(c.from) + " TO " + quote_ident(c.to)};
          },
          [](const AlterColumnType& c) -> S { return {type_change(c.table, c.from, c.to)}; },
          [](const SetNotNull& c) -> S { return {alter_column(c.table, c.column.name) + " SET NOT NULL"}; },
          [](const DropNotNull& c) -> S { return {alter_column(c.table, c.column.name) + " DROP NOT NULL"}; },
          [](const SetDefault& c) -> S {
            return {alter_column(c.table, c.column) + (c.to ? " SET DEFAULT " + c.to->text : " DROP DEFAULT")};
          },
          [](const AlterIdentity& c) -> S { return alter_identity(c, nullptr); },
          [](const DropExpression& c) -> S { return {alter_column(c.table, c.to.name) + " DROP EXPRESSION"}; },
          [](const AlterColumnStorage& c) -> S {
            S out;
            if (c.from.storage != c.to.storage)
              out.push_back(alter_column(c.table, c.to.name) + " SET STORAGE " + c.to.storage.value_or("EXTENDED"));
            if (c.from.statistics != c.to.statistics)
              out.push_back(alter_column(c.table, c.to.name) + fmt::format(" SET STATISTICS {}", c.to.statistics.value_or(-1)));
            return out;
          },
          [](const AddConstraint& c) -> S { return {emit::add_constraint(c.table, c.constraint)}; },
          [](const DropConstraint& c) -> S {
            return {alter_table(c.table) + " DROP CONSTRAINT " + quote_ident(c.constraint.name)};
          },
          [](const RenameConstraint& c) -> S {
            return {alter_table(c.table) + " RENAME CONSTRAINT " + quote_ident(c.from) + " TO " + quote_ident(c.to)};
          },
          [](const ValidateConstraint& c) -> S {
            return {alter_table(c.table) + " VALIDATE CONSTRAINT " + quote_ident(c.to.name)};
          },
          [](const CreateIndex& c) -> S { return {emit::create_index(c.index)}; },
          [](const DropIndex& c) -> S { return {"DROP INDEX " + quote_qualified(c.index.name)}; },
          [](const RenameIndex& c) -> S {
            return {"ALTER INDEX " + quote_qualified(c.from) + " RENAME TO " + quote_ident(c.to.name)};
          },
          [](const CreateCollation& c) -> S { return {emit::create_collation(c.collation)}; },
          [](const DropCollation& c) -> S { return {emit::drop_collation(c.collation.name)}; },
          [](const CreateView& c) -> S { return {emit::create_view(c.view)}; },
          [](const DropView& c) -> S {
            return {std::string(c.view.materialized ? "DROP MATERIALIZED VIEW " : "DROP VIEW ") + quote_qualified(c.view.name)};
          },
          [](const ReplaceView& c) -> S { return {or_replace_view(c.to)}; },
          [](const CreateFunction& c) -> S { return {emit::create_function(c.function, false)}; },
          [](const DropFunction& c) -> S { return {"DROP " + function_name(c.function)}; },
          [](const ReplaceFunction& c) -> S { return {emit::create_function(c.to, true)}; },
          [](const CreateAggregate& c) -> S { return {emit::create_aggregate(c.aggregate, false)}; },
          [](const DropAggregate& c) -> S { return {emit::drop_aggregate(c.aggregate)}; },
          [](const ReplaceAggregate& c) -> S { return {emit::create_aggregate(c.to, true)}; },
          [](const CreateTrigger& c) -> S {
            return {emit::create_trigger(c.table, c.trigger), emit::trigger_enabled(c.table, c.trigger)};
          },
          [](const DropTrigger& c) -> S {
            return {"DROP TRIGGER " + quote_ident(c.trigger.name) + " ON " + quote_qualified(c.table)};
          },
          [](const SetTriggerEnabled& c) -> S {
            ir::Trigger trigger;
            trigger.name = c.trigger;
            trigger.enabled = c.to;
            // The emitter writes nothing for the default 'O' (origin and local): switching back to it
            // is a plain ENABLE.
            if (c.to == 'O') return {alter_table(c.table) + " ENABLE TRIGGER " + quote_ident(c.trigger)};
            return {emit::trigger_enabled(c.table, trigger)};
          },
          [](const CreatePolicy& c) -> S { return {emit::create_policy(c.table, c.policy)}; },
          [](const DropPolicy& c) -> S {
            return {"DROP POLICY " + quote_ident(c.policy.name) + " ON " + quote_qualified(c.table)};
          },
          [](const AlterPolicy& c) -> S {
            std::string s = "ALTER POLICY " + quote_ident(c.to.name) + " ON " + quote_qualified(c.table);
            if (c.from.roles != c.to.roles) {
              std::vector<std::string> roles;
              for (const auto& r : c.to.roles) roles.push_back(emit::detail::role_name(r));
              s += " TO " + (roles.empty() ? std::string("PUBLIC") : fmt::format("{}", fmt::join(roles, ", ")));
            }
            if (!(c.from.using_expr == c.to.using_expr) && c.to.using_expr) s += " USING (" + c.to.using_expr->text + ")";
            if (!(c.from.check_expr == c.to.check_expr) && c.to.check_expr)
              s += " WITH CHECK (" + c.to.check_expr->text + ")";
            return {s};
          },
          [](const SetComment& c) -> S {
            return {"COMMENT ON " + c.target + " IS " + (c.to ? quote_literal(*c.to) : std::string("NULL"))};
          },
          [](const Grant& c) -> S { return {sql::privilege_target_grant(c.target, c.column, c.privilege, true)}; },
          [](const Revoke& c) -> S { return {sql::privilege_target_grant(c.target, c.column, c.privilege, false)}; },
          [](const SetOwner& c) -> S { return {"ALTER " + c.target + " OWNER TO " + emit::detail::role_name(c.to)}; },
      },
      change);
}

}  // namespace

std::vector<std::string> render(const diff::Change& change) {
  // The emitter's statements come terminated; the planner's own ALTER forms are terminated here.
  S out = render_unterminated(change);
  for (auto& s : out) {
    if (s.empty()) continue;
    size_t end = s.find_last_not_of(" \n");
    if (end != std::string::npos && s[end] == ';') continue;
    s = emit::detail::terminate(std::move(s));
  }
  std::erase_if(out, [](const std::string& s) { return s.empty(); });
  return out;
}

}  // namespace schemactl::plan
