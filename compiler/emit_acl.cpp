// Comments, owners and privileges: statements that name an existing object.
#include <map>
#include <utility>

#include "compiler/aggregate_args.hpp"
#include "compiler/emit_objects.hpp"
#include "compiler/emit_util.hpp"
#include "compiler/quote.hpp"

namespace schemactl::emit {
namespace {

using detail::join;
using detail::role_name;

// How GRANT names the object (views and sequences are TABLE/SEQUENCE; columns name their table).
std::string grant_target(const ir::ObjectId& object) {
  std::string name = quote_qualified(object.name);
  switch (object.kind) {
    case ir::ObjectKind::Schema: return "SCHEMA " + quote_ident(object.name.name);
    case ir::ObjectKind::Sequence: return "SEQUENCE " + name;
    case ir::ObjectKind::Function: return "FUNCTION " + name + object.sub;
    case ir::ObjectKind::Procedure: return "PROCEDURE " + name + object.sub;
    // There is no GRANT ON AGGREGATE: an aggregate is granted as the function it also is.
    case ir::ObjectKind::Aggregate:
      return "FUNCTION " + name + "(" + aggregate_function_args(object.sub.substr(1, object.sub.size() - 2)) + ")";
    case ir::ObjectKind::Enum:
    case ir::ObjectKind::CompositeType: return "TYPE " + name;
    case ir::ObjectKind::Domain: return "DOMAIN " + name;
    default: return "TABLE " + name;
  }
}

// "SELECT, INSERT" or, for a column, "SELECT (c), INSERT (c)".
std::string privilege_list(const ir::ObjectId& object, const std::vector<std::string>& privileges) {
  std::vector<std::string> out;
  for (const auto& privilege : privileges) {
    out.push_back(object.kind == ir::ObjectKind::Column ? privilege + " (" + quote_ident(object.sub) + ")" : privilege);
  }
  return join(out);
}

}  // namespace

ir::ObjectId object_id(const ir::Table& table) { return {ir::ObjectKind::Table, table.name, ""}; }

ir::ObjectId object_id(const ir::View& view) {
  return {view.materialized ? ir::ObjectKind::MaterializedView : ir::ObjectKind::View, view.name, ""};
}

std::string object_reference(const ir::ObjectId& object) {
  std::string name = quote_qualified(object.name);
  switch (object.kind) {
    case ir::ObjectKind::Schema: return "SCHEMA " + quote_ident(object.name.name);
    case ir::ObjectKind::Extension: return "EXTENSION " + quote_ident(object.name.name);
    case ir::ObjectKind::Enum:
    case ir::ObjectKind::CompositeType: return "TYPE " + name;
    case ir::ObjectKind::Domain: return "DOMAIN " + name;
    case ir::ObjectKind::Sequence: return "SEQUENCE " + name;
    case ir::ObjectKind::Table: return "TABLE " + name;
    case ir::ObjectKind::Column: return "COLUMN " + name + "." + quote_ident(object.sub);
    case ir::ObjectKind::Constraint: return "CONSTRAINT " + quote_ident(object.sub) + " ON " + name;
    case ir::ObjectKind::Index: return "INDEX " + name;
    case ir::ObjectKind::View: return "VIEW " + name;
    case ir::ObjectKind::MaterializedView: return "MATERIALIZED VIEW " + name;
    case ir::ObjectKind::Function: return "FUNCTION " + name + object.sub;
    case ir::ObjectKind::Procedure: return "PROCEDURE " + name + object.sub;
    case ir::ObjectKind::Trigger: return "TRIGGER " + quote_ident(object.sub) + " ON " + name;
    case ir::ObjectKind::Policy: return "POLICY " + quote_ident(object.sub) + " ON " + name;
    case ir::ObjectKind::Collation: return "COLLATION " + name;
    case ir::ObjectKind::Aggregate: return aggregate_reference(object.name, object.sub);
  }
  return name;
}

std::string comment_on(const ir::ObjectId& object, const std::optional<std::string>& comment) {
  return "COMMENT ON " + object_reference(object) + " IS " + (comment ? quote_literal(*comment) : "NULL") + ";\n";
}

std::string comment_on_domain_constraint(const ir::QualifiedName& domain, const std::string& name,
                                         const std::optional<std::string>& comment) {
  return "COMMENT ON CONSTRAINT " + quote_ident(name) + " ON DOMAIN " + quote_qualified(domain) + " IS " +
         (comment ? quote_literal(*comment) : "NULL") + ";\n";
}

std::string owner_to(const ir::ObjectId& object, const std::string& role) {
  switch (object.kind) {
    case ir::ObjectKind::Schema:
    case ir::ObjectKind::Collation:
    case ir::ObjectKind::Enum:
    case ir::ObjectKind::CompositeType:
    case ir::ObjectKind::Domain:
    case ir::ObjectKind::Sequence:
    case ir::ObjectKind::Table:
    case ir::ObjectKind::View:
    case ir::ObjectKind::MaterializedView:
    case ir::ObjectKind::Function:
    case ir::ObjectKind::Procedure:
    case ir::ObjectKind::Aggregate:
      return "ALTER " + object_reference(object) + " OWNER TO " + role_name(role) + ";\n";
    default: return "";
  }
}

ir::Acl default_acl(ir::ObjectKind kind) {
  switch (kind) {
    case ir::ObjectKind::Function:
    case ir::ObjectKind::Procedure:
    case ir::ObjectKind::Aggregate: return {ir::Privilege{"PUBLIC", "EXECUTE", false}};
    case ir::ObjectKind::Enum:
    case ir::ObjectKind::CompositeType:
    case ir::ObjectKind::Domain: return {ir::Privilege{"PUBLIC", "USAGE", false}};
    default: return {};
  }
}

std::string acl_change(const ir::ObjectId& object, const ir::Acl& from, const ir::Acl& to) {
  std::string target = grant_target(object);
  // Revoke whole privileges that are gone or whose grant option changed; grant what is new.
  std::map<std::string, std::vector<std::string>> revokes;
  std::map<std::pair<std::string, bool>, std::vector<std::string>> grants;
  for (const auto& privilege : from) {
    if (!to.count(privilege)) revokes[privilege.grantee].push_back(privilege.privilege);
  }
  for (const auto& privilege : to) {
    if (!from.count(privilege)) grants[{privilege.grantee, privilege.grantable}].push_back(privilege.privilege);
  }
  std::string out;
  for (const auto& [grantee, privileges] : revokes) {
    out += "REVOKE " + privilege_list(object, privileges) + " ON " + target + " FROM " + role_name(grantee) + ";\n";
  }
  for (const auto& [key, privileges] : grants) {
    out += "GRANT " + privilege_list(object, privileges) + " ON " + target + " TO " + role_name(key.first) +
           (key.second ? " WITH GRANT OPTION" : "") + ";\n";
  }
  return out;
}

}  // namespace schemactl::emit
