// Triggers and row level security policies.
#include "compiler/emit_objects.hpp"
#include "compiler/emit_util.hpp"
#include "compiler/quote.hpp"

namespace schemactl::emit {

using detail::join;

std::string create_trigger(const ir::QualifiedName& table, const ir::Trigger& trigger) {
  std::string out = trigger.constraint_trigger ? "CREATE CONSTRAINT TRIGGER " : "CREATE TRIGGER ";
  out += quote_ident(trigger.name) + " " + trigger.timing + " ";
  std::vector<std::string> events;
  for (const auto& event : trigger.events) {
    if (event == "UPDATE" && !trigger.update_columns.empty()) {
      events.push_back("UPDATE OF " + detail::ident_list(trigger.update_columns));
    } else {
      events.push_back(event);
    }
  }
  out += join(events, " OR ") + " ON " + quote_qualified(table);
  if (trigger.constraint_ref_table) out += " FROM " + quote_qualified(*trigger.constraint_ref_table);
  if (trigger.constraint_trigger) {
    out += trigger.deferrable ? " DEFERRABLE" : " NOT DEFERRABLE";
    out += trigger.initially_deferred ? " INITIALLY DEFERRED" : " INITIALLY IMMEDIATE";
  }
  if (trigger.old_table || trigger.new_table) {
    out += " REFERENCING";
    if (trigger.old_table) out += " OLD TABLE AS " + quote_ident(*trigger.old_table);
    if (trigger.new_table) out += " NEW TABLE AS " + quote_ident(*trigger.new_table);
  }
  out += trigger.for_each_row ? " FOR EACH ROW" : " FOR EACH STATEMENT";
  if (trigger.when) out += " WHEN (" + detail::expr_text(*trigger.when) + ")";
  std::vector<std::string> arguments;
  for (const auto& argument : trigger.arguments) arguments.push_back(quote_literal(argument));
  out += " EXECUTE FUNCTION " + quote_qualified(trigger.function) + "(" + join(arguments) + ");\n";
  return out;
}

std::string drop_trigger(const ir::QualifiedName& table, const std::string& name) {
  return "DROP TRIGGER " + quote_ident(name) + " ON " + quote_qualified(table) + ";\n";
}

std::string trigger_enabled(const ir::QualifiedName& table, const ir::Trigger& trigger) {
  std::string prefix = "ALTER TABLE " + quote_qualified(table);
  std::string name = quote_ident(trigger.name);
  switch (trigger.enabled) {
    case 'D': return prefix + " DISABLE TRIGGER " + name + ";\n";
    case 'R': return prefix + " ENABLE REPLICA TRIGGER " + name + ";\n";
    case 'A': return prefix + " ENABLE ALWAYS TRIGGER " + name + ";\n";
    default: return "";
  }
}

std::string create_policy(const ir::QualifiedName& table, const ir::Policy& policy) {
  std::string out = "CREATE POLICY " + quote_ident(policy.name) + " ON " + quote_qualified(table);
  if (!policy.permissive) out += " AS RESTRICTIVE";
  if (policy.command != "ALL") out += " FOR " + policy.command;
  bool public_only = policy.roles.empty() || (policy.roles.size() == 1 && detail::role_name(policy.roles[0]) == "PUBLIC");
  if (!public_only) {
    std::vector<std::string> roles;
    for (const auto& role : policy.roles) roles.push_back(detail::role_name(role));
    out += " TO " + join(roles);
  }
  if (policy.using_expr) out += " USING (" + detail::expr_text(*policy.using_expr) + ")";
  if (policy.check_expr) out += " WITH CHECK (" + detail::expr_text(*policy.check_expr) + ")";
  return out + ";\n";
}

std::string drop_policy(const ir::QualifiedName& table, const std::string& name) {
  return "DROP POLICY " + quote_ident(name) + " ON " + quote_qualified(table) + ";\n";
}

}  // namespace schemactl::emit
