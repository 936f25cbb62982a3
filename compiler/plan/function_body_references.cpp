// Relations and functions an SQL function body names (see function_body_references.hpp).
#include "compiler/plan/function_body_references.hpp"

#include <variant>

#include "compiler/json_util.hpp"
#include "compiler/pg_parse.hpp"

namespace schemactl::plan {
namespace {

using json::Element;

// Walks the whole tree: a body may be several statements, with subqueries and CTEs anywhere.
void collect(Element e, BodyReferences& out) {
  if (e.is_array()) {
    for (Element item : simdjson::dom::array(e)) collect(item, out);
    return;
  }
  if (!e.is_object()) return;
  for (auto field : simdjson::dom::object(e)) {
    if (field.key == "RangeVar") {
      out.relations.push_back({std::string(json::str(field.value, "schemaname")),
                               std::string(json::str(field.value, "relname"))});
      continue;
    }
    if (field.key == "FuncCall") {
      std::vector<std::string> parts;
      json::each(field.value, "funcname", [&](Element n) { parts.emplace_back(json::sval(n)); });
      if (parts.size() == 1) out.functions.push_back({"", parts[0]});
      else if (parts.size() == 2) out.functions.push_back({parts[0], parts[1]});
    }
    collect(field.value, out);
  }
}

std::string unquoted(std::string s) {
  while (!s.empty() && s.front() == ' ') s.erase(0, 1);
  while (!s.empty() && s.back() == ' ') s.pop_back();
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"') s = s.substr(1, s.size() - 2);
  return s;
}

}  // namespace

BodyReferences body_references(const ir::Function& f) {
  BodyReferences out;
  if (f.language != "sql" || f.body.empty()) return out;
  // A BEGIN ATOMIC / RETURN body is only valid inside its CREATE FUNCTION.
  std::string text = f.sql_body ? "CREATE FUNCTION f() RETURNS void LANGUAGE sql " + f.body : f.body;
  auto parsed = pg::parse(text);
  if (const auto* tree = std::get_if<pg::ParseTree>(&parsed)) collect(tree->root(), out);
  return out;
}

std::vector<std::string> body_search_path(const ir::Function& f) {
  for (const auto& entry : f.config) {
    if (entry.rfind("search_path=", 0) != 0) continue;
    std::vector<std::string> path;
    std::string list = entry.substr(12);
    for (size_t start = 0; start <= list.size();) {
      size_t comma = list.find(',', start);
      if (comma == std::string::npos) comma = list.size();
      std::string schema = unquoted(list.substr(start, comma - start));
      if (!schema.empty() && schema != "$user") path.push_back(schema);
      start = comma + 1;
    }
    return path;
  }
  if (f.name.schema == "public") return {"public"};
  return {"public", f.name.schema};
}

}  // namespace schemactl::plan
