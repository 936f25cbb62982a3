// Triggers (pg_trigger, user-defined only) and row-level security policies (pg_policy).
#include <fmt/format.h>

#include <algorithm>

#include "runtime/introspect/context.hpp"

namespace schemactl::runtime::introspect_detail {

namespace {
// pg_trigger.tgtype bits (src/include/catalog/pg_trigger.h).
constexpr long long kRow = 1, kBefore = 2, kInsert = 4, kDelete = 8, kUpdate = 16, kTruncate = 32, kInstead = 64;

// The WHEN condition is only available inside pg_get_triggerdef's text (pg_get_expr cannot print
// tgqual, which refers to both OLD and NEW): take the parenthesized text after "WHEN ".
std::optional<std::string> when_condition(const std::string& definition) {
  auto start = definition.find(" WHEN (");
  auto execute = definition.rfind(" EXECUTE ");
  if (start == std::string::npos || (execute != std::string::npos && start > execute)) return std::nullopt;
  size_t open = start + 6;
  int depth = 0;
  char quote = 0;
  for (size_t i = open; i < definition.size(); ++i) {
    char ch = definition[i];
    if (quote) {
      if (ch == quote) quote = 0;
      continue;
    }
    if (ch == '\'' || ch == '"') {
      quote = ch;
    } else if (ch == '(') {
      ++depth;
    } else if (ch == ')' && --depth == 0) {
      return definition.substr(open + 1, i - open - 1);
    }
  }
  return std::nullopt;
}

std::vector<std::string> trigger_arguments(const std::string& bytes, int count) {
  std::vector<std::string> out;
  size_t pos = 0;
  for (int i = 0; i < count && pos <= bytes.size(); ++i) {
    size_t end = bytes.find('\0', pos);
    if (end == std::string::npos) end = bytes.size();
    out.push_back(bytes.substr(pos, end - pos));
    pos = end + 1;
  }
  return out;
}

std::string policy_command(std::string_view letter) {
  if (letter == "r") return "SELECT";
  if (letter == "a") return "INSERT";
  if (letter == "w") return "UPDATE";
  if (letter == "d") return "DELETE";
  return "ALL";
}
}  // namespace

std::string triggers_sql() {
  // Triggers cloned onto partitions (tgparentid) come with the partition; internal triggers
  // implement foreign keys.
  return fmt::format(
      "SELECT t.oid, t.tgrelid, t.tgname, t.tgtype, {0}, pn.nspname, p.proname, t.tgargs, t.tgnargs,"
      " t.tgconstraint <> 0, t.tgdeferrable, t.tginitdeferred, rn.nspname, rc.relname, t.tgoldtable, t.tgnewtable,"
      " t.tgenabled, pg_catalog.pg_get_triggerdef(t.oid), {1}"
      " FROM pg_catalog.pg_trigger t JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid"
      " JOIN pg_catalog.pg_proc p ON p.oid = t.tgfoid JOIN pg_catalog.pg_namespace pn ON pn.oid = p.pronamespace"
      " LEFT JOIN pg_catalog.pg_class rc ON rc.oid = t.tgconstrrelid"
      " LEFT JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace"
      " WHERE NOT t.tgisinternal AND t.tgparentid = 0 AND {2}"
      " ORDER BY t.tgrelid, t.tgname",
      column_names_sql("t.tgrelid", "t.tgattr::pg_catalog.int2[]"), comment_of("pg_trigger", "t.oid"),
      relation_in_scope("c"));
}

void read_triggers(IntrospectContext& ctx, ir::Catalog& catalog, const Result& res) {
  for (int r = 0; r < res.rows(); ++r) {
    auto found = ctx.relation_names.find(to_oid(res.get(r, 1)));
    if (found == ctx.relation_names.end()) continue;
    // INSTEAD OF (and statement) triggers on views belong to the view.
    auto view = catalog.views.find(found->second);
    if (!catalog.tables.count(found->second) && view == catalog.views.end()) continue;
    const ir::QualifiedName& relation = found->second;
    std::map<std::string, ir::Trigger>& triggers =
        view != catalog.views.end() ? view->second.triggers : catalog.tables.at(relation).triggers;
    ir::Trigger trigger;
    trigger.name = res.str(r, 2);
    long long type = res.integer(r, 3);
    trigger.timing = (type & kInstead) ? "INSTEAD OF" : (type & kBefore) ? "BEFORE" : "AFTER";
    if (type & kInsert) trigger.events.push_back("INSERT");
    if (type & kUpdate) trigger.events.push_back("UPDATE");
    if (type & kDelete) trigger.events.push_back("DELETE");
    if (type & kTruncate) trigger.events.push_back("TRUNCATE");
    trigger.update_columns = parse_text_array(res.get(r, 4));
    trigger.for_each_row = (type & kRow) != 0;
    trigger.function = {res.str(r, 5), res.str(r, 6)};
    trigger.arguments = trigger_arguments(decode_bytea(res.get(r, 7)), static_cast<int>(res.integer(r, 8)));
    trigger.constraint_trigger = res.boolean(r, 9);
    trigger.deferrable = res.boolean(r, 10);
    trigger.initially_deferred = res.boolean(r, 11);
    if (!res.is_null(r, 13)) trigger.constraint_ref_table = ir::QualifiedName{res.str(r, 12), res.str(r, 13)};
    trigger.old_table = res.opt(r, 14);
    trigger.new_table = res.opt(r, 15);
    trigger.enabled = letter_at(res, r, 16, 'O');
    if (auto when = when_condition(res.str(r, 17))) {
      trigger.when = make_expr(*when, "", "trigger " + trigger.name + " on " + relation.schema + "." + relation.name);
    }
    trigger.comment = res.opt(r, 18);
    ctx.remember(CatalogClass::Trigger, to_oid(res.get(r, 0)),
                 ir::ObjectId{ir::ObjectKind::Trigger, relation, trigger.name});
    triggers.emplace(trigger.name, std::move(trigger));
  }
}

std::string policies_sql() {
  return fmt::format(
      "SELECT pol.oid, pol.polrelid, pol.polname, pol.polpermissive, pol.polcmd,"
      " ARRAY(SELECT CASE WHEN u.role = 0 THEN 'PUBLIC' ELSE pg_catalog.pg_get_userbyid(u.role) END"
      "   FROM pg_catalog.unnest(pol.polroles) u(role)),"
      " pg_catalog.pg_get_expr(pol.polqual, pol.polrelid), pg_catalog.pg_get_expr(pol.polwithcheck, pol.polrelid), {}"
      " FROM pg_catalog.pg_policy pol JOIN pg_catalog.pg_class c ON c.oid = pol.polrelid"
      " WHERE {}",
      comment_of("pg_policy", "pol.oid"), relation_in_scope("c"));
}

void read_policies(IntrospectContext& ctx, ir::Catalog& catalog, const Result& res) {
  for (int r = 0; r < res.rows(); ++r) {
    auto found = ctx.relation_names.find(to_oid(res.get(r, 1)));
    if (found == ctx.relation_names.end() || !catalog.tables.count(found->second)) continue;
    ir::Table& table = catalog.tables.at(found->second);
    ir::Policy policy;
    policy.name = res.str(r, 2);
    policy.permissive = res.boolean(r, 3);
    policy.command = policy_command(res.get(r, 4));
    policy.roles = parse_text_array(res.get(r, 5));
    std::sort(policy.roles.begin(), policy.roles.end());
    if (policy.roles.empty()) policy.roles = {"PUBLIC"};
    std::string what = "policy " + policy.name + " on " + table.name.schema + "." + table.name.name;
    if (auto text = res.opt(r, 6)) policy.using_expr = make_expr(*text, "", what);
    if (auto text = res.opt(r, 7)) policy.check_expr = make_expr(*text, "", what);
    policy.comment = res.opt(r, 8);
    ctx.remember(CatalogClass::Policy, to_oid(res.get(r, 0)),
                 ir::ObjectId{ir::ObjectKind::Policy, table.name, policy.name});
    table.policies.emplace(policy.name, std::move(policy));
  }
}

}  // namespace schemactl::runtime::introspect_detail
