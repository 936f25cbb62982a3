#include "compiler/naming.hpp"

#include <algorithm>

namespace schemactl::naming {
namespace {

// FigureColnameInternal: returns 0 (no name), 1 (a type name) or 2 (a good name).
int figure_colname(json::Element e, std::string& name) {
  auto [kind, f] = json::node(e);
  if (kind == "ColumnRef") {
    std::string last;
    json::each(f, "fields", [&](json::Element field) {
      if (json::kind(field) == "String") last = std::string(json::sval(field));
    });
    if (!last.empty()) {
      name = last;
      return 2;
    }
    return 0;
  }
  if (kind == "A_Indirection") {
    std::string last;
    json::each(f, "indirection", [&](json::Element field) {
      if (json::kind(field) == "String") last = std::string(json::sval(field));
    });
    if (!last.empty()) {
      name = last;
      return 2;
    }
    json::Element arg;
    return json::get(f, "arg", arg) ? figure_colname(arg, name) : 0;
  }
  if (kind == "FuncCall") {
    auto parts = json::strings(f, "funcname");
    if (parts.empty()) return 0;
    name = parts.back();
    return 2;
  }
  if (kind == "A_Expr") {
    if (json::str(f, "kind") == "AEXPR_NULLIF") {
      name = "nullif";
      return 2;
    }
    return 0;
  }
  if (kind == "TypeCast") {
    json::Element arg, type_name;
    int strength = json::get(f, "arg", arg) ? figure_colname(arg, name) : 0;
    if (strength <= 1 && json::get(f, "typeName", type_name)) {
      auto parts = json::strings(type_name, "names");
      if (!parts.empty()) {
        name = parts.back();
        return 1;
      }
    }
    return strength;
  }
  if (kind == "CollateClause") {
    json::Element arg;
    return json::get(f, "arg", arg) ? figure_colname(arg, name) : 0;
  }
  if (kind == "GroupingFunc") { name = "grouping"; return 2; }
  if (kind == "SubLink") {
    std::string_view type = json::str(f, "subLinkType");
    if (type == "EXISTS_SUBLINK") { name = "exists"; return 2; }
    if (type == "ARRAY_SUBLINK") { name = "array"; return 2; }
    if (type == "EXPR_SUBLINK" || type == "MULTIEXPR_SUBLINK") {
      json::Element sub, select;
      if (json::get(f, "subselect", sub) && json::node_of(sub, "SelectStmt", select)) {
        int strength = 0;
        bool first = true;
        json::each(select, "targetList", [&](json::Element target) {
          if (!first) return;
          first = false;
          json::Element rt;
          if (json::node_of(target, "ResTarget", rt) && !json::str(rt, "name").empty()) {
            name = std::string(json::str(rt, "name"));
            strength = 2;
          }
        });
        return strength;
      }
    }
    return 0;
  }
  if (kind == "CaseExpr") {
    json::Element def;
    int strength = json::get(f, "defresult", def) ? figure_colname(def, name) : 0;
    if (strength <= 1) {
      name = "case";
      return 1;
    }
    return strength;
  }
  if (kind == "A_ArrayExpr") { name = "array"; return 2; }
  if (kind == "RowExpr") { name = "row"; return 2; }
  if (kind == "CoalesceExpr") { name = "coalesce"; return 2; }
  if (kind == "MinMaxExpr") {
    name = json::str(f, "op") == "IS_GREATEST" ? "greatest" : "least";
    return 2;
  }
  if (kind == "SQLValueFunction") {
    static const std::pair<std::string_view, std::string_view> names[] = {
        {"SVFOP_CURRENT_DATE", "current_date"}, {"SVFOP_CURRENT_TIME", "current_time"},
        {"SVFOP_CURRENT_TIME_N", "current_time"}, {"SVFOP_CURRENT_TIMESTAMP", "current_timestamp"},
        {"SVFOP_CURRENT_TIMESTAMP_N", "current_timestamp"}, {"SVFOP_LOCALTIME", "localtime"},
        {"SVFOP_LOCALTIME_N", "localtime"}, {"SVFOP_LOCALTIMESTAMP", "localtimestamp"},
        {"SVFOP_LOCALTIMESTAMP_N", "localtimestamp"}, {"SVFOP_CURRENT_ROLE", "current_role"},
        {"SVFOP_CURRENT_USER", "current_user"}, {"SVFOP_USER", "user"},
        {"SVFOP_SESSION_USER", "session_user"}, {"SVFOP_CURRENT_CATALOG", "current_catalog"},
        {"SVFOP_CURRENT_SCHEMA", "current_schema"}};
    std::string_view op = json::str(f, "op");
    for (const auto& [k, v] : names) {
      if (k == op) {
        name = std::string(v);
        return 2;
      }
    }
    return 0;
  }
  if (kind == "XmlExpr") {
    static const std::pair<std::string_view, std::string_view> names[] = {
        {"IS_XMLCONCAT", "xmlconcat"}, {"IS_XMLELEMENT", "xmlelement"}, {"IS_XMLFOREST", "xmlforest"},
        {"IS_XMLPARSE", "xmlparse"}, {"IS_XMLPI", "xmlpi"}, {"IS_XMLROOT", "xmlroot"},
        {"IS_XMLSERIALIZE", "xmlserialize"}};
    std::string_view op = json::str(f, "op");
    for (const auto& [k, v] : names) {
      if (k == op) {
        name = std::string(v);
        return 2;
      }
    }
    return 0;
  }
  if (kind == "XmlSerialize") { name = "xmlserialize"; return 2; }
  return 0;
}

}  // namespace

std::string clip(std::string_view name, size_t max_bytes) {
  if (name.size() <= max_bytes) return std::string(name);
  size_t len = max_bytes;
  // Step back over UTF-8 continuation bytes so that no character is cut in half.
  while (len > 0 && (static_cast<unsigned char>(name[len]) & 0xC0) == 0x80) --len;
  return std::string(name.substr(0, len));
}

std::string make_object_name(std::string_view name1, std::string_view name2, std::string_view label) {
  size_t name1chars = name1.size();
  size_t name2chars = name2.size();
  size_t overhead = 0;
  if (!name2.empty()) ++overhead;
  if (!label.empty()) overhead += label.size() + 1;
  size_t avail = kMaxIdentifierBytes > overhead ? kMaxIdentifierBytes - overhead : 0;
  while (name1chars + name2chars > avail) {
    if (name1chars > name2chars) --name1chars;
    else --name2chars;
  }
  std::string result = clip(name1, name1chars);
  if (!name2.empty()) result += "_" + clip(name2, name2chars);
  if (!label.empty()) result += "_" + std::string(label);
  return result;
}

std::string choose_name(std::string_view name1, std::string_view name2, std::string_view label,
                        const std::function<bool(const std::string&)>& taken) {
  std::string modlabel(label);
  for (int pass = 0;; ) {
    std::string candidate = make_object_name(name1, name2, modlabel);
    if (!taken(candidate)) return candidate;
    modlabel = std::string(label) + std::to_string(++pass);
  }
}

std::string name_addition(const std::vector<std::string>& names) {
  std::string buf;
  for (const auto& name : names) {
    if (!buf.empty()) buf += '_';
    buf += clip(name, kMaxIdentifierBytes);
    if (buf.size() >= kMaxIdentifierBytes + 1) break;
  }
  return buf;
}

std::vector<std::string> index_column_names(const std::vector<std::string>& names) {
  std::vector<std::string> result;
  for (const auto& orig : names) {
    std::string current = orig;
    for (int i = 1; std::find(result.begin(), result.end(), current) != result.end(); ++i) {
      std::string suffix = std::to_string(i);
      current = clip(orig, kMaxIdentifierBytes - suffix.size()) + suffix;
    }
    result.push_back(current);
  }
  return result;
}

std::string index_expression_name(json::Element expr) {
  std::string name;
  figure_colname(expr, name);
  return name.empty() ? std::string("expr") : name;
}

std::string column_name(json::Element expr) {
  std::string name;
  figure_colname(expr, name);
  return name.empty() ? std::string("?column?") : name;
}

}  // namespace schemactl::naming
