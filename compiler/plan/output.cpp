// A plan as text: SQL with hazard comments, transaction sections, JSON, fingerprints.
#include <fmt/format.h>

#include "compiler/ir_json.hpp"
#include "compiler/json_string.hpp"
#include "compiler/plan.hpp"
#include "compiler/quote.hpp"

namespace schemactl::plan {
namespace {

using K = ir::ObjectKind;


const char* kind_code(K kind) {
  switch (kind) {
    case K::Schema: return "schema";
    case K::Extension: return "extension";
    case K::Enum: return "enum";
    case K::Domain: return "domain";
    case K::CompositeType: return "composite_type";
    case K::Sequence: return "sequence";
    case K::Table: return "table";
    case K::Column: return "column";
    case K::Constraint: return "constraint";
    case K::Index: return "index";
    case K::View: return "view";
    case K::MaterializedView: return "materialized_view";
    case K::Function: return "function";
    case K::Procedure: return "procedure";
    case K::Trigger: return "trigger";
    case K::Policy: return "policy";
    case K::Collation: return "collation";
    case K::Aggregate: return "aggregate";
  }
  return "object";
}

}  // namespace

std::vector<Section> sections(const Plan& plan) {
  std::vector<Section> out;
  for (const auto& step : plan.steps) {
    if (out.empty() || out.back().transactional != step.transactional) out.push_back({step.transactional, {}});
    out.back().steps.push_back(&step);
  }
  return out;
}

std::string plan_sql(const std::vector<const Step*>& steps) {
  std::string out;
  for (const Step* step : steps) {
    if (!out.empty()) out += "\n";
    out += "-- " + step->summary + "\n";
    for (const auto& h : step->hazards) out += fmt::format("-- hazard: {}: {}\n", hazard_code(h.hazard), h.message);
    out += step->sql();
  }
  return out;
}

std::string plan_sql(const Plan& plan) {
  std::vector<const Step*> steps;
  for (const auto& s : plan.steps) steps.push_back(&s);
  return plan_sql(steps);
}

std::string fingerprint(const ir::Catalog& catalog) {
  // FNV-1a over the catalog's comparison form: what operator== compares and nothing else, so a
  // database migrated to schema.sql has the fingerprint schema.sql had (the SQL that creates the
  // catalog would not do: it carries the user's expression texts, the server's differ).
  uint64_t hash = 0xcbf29ce484222325ULL;
  for (unsigned char c : catalog_to_json(catalog, JsonForm::Comparison)) {
    hash ^= c;
    hash *= 0x100000001b3ULL;
  }
  return fmt::format("{:016x}", hash);
}

std::string plan_json(const Plan& plan, const ir::Catalog& from, const ir::Catalog& to) {
  std::string out = "{\n";
  out += "  \"current_fingerprint\": " + json::quote(fingerprint(from)) + ",\n";
  out += "  \"desired_fingerprint\": " + json::quote(fingerprint(to)) + ",\n";
  out += fmt::format("  \"drift\": {},\n", plan.empty() ? "false" : "true");
  out += "  \"steps\": [";
  for (size_t i = 0; i < plan.steps.size(); ++i) {
    const Step& s = plan.steps[i];
    out += i ? ",\n    {\n" : "\n    {\n";
    out += "      \"summary\": " + json::quote(s.summary) + ",\n";
    out += "      \"object\": {\"kind\": " + json::quote(kind_code(s.object.kind));
    if (!s.object.name.schema.empty()) out += ", \"schema\": " + json::quote(s.object.name.schema);
    out += ", \"name\": " + json::quote(s.object.name.name);
    if (!s.object.sub.empty())
      out += std::string(", \"") + (s.object.kind == K::Function || s.object.kind == K::Procedure || s.object.kind == K::Aggregate ? "arguments" : "member") +
             "\": " + json::quote(s.object.sub);
    out += "},\n";
    out += "      \"sql\": " + json::quote(s.sql()) + ",\n";
    out += "      \"reverse_sql\": " + json::quote(s.reverse_sql()) + ",\n";
    out += fmt::format("      \"transactional\": {},\n", s.transactional ? "true" : "false");
    out += "      \"hazards\": [";
    for (size_t h = 0; h < s.hazards.size(); ++h)
      out += (h ? ", " : "") + std::string("{\"code\": ") + json::quote(hazard_code(s.hazards[h].hazard)) +
             ", \"message\": " + json::quote(s.hazards[h].message) + "}";
    out += "],\n";
    if (s.span.known())
      out += fmt::format("      \"source\": {{\"file\": {}, \"line\": {}, \"column\": {}}}\n", json::quote(s.span.file.str()),
                         s.span.line, s.span.column);
    else
      out += "      \"source\": null\n";
    out += "    }";
  }
  out += plan.steps.empty() ? "]\n" : "\n  ]\n";
  out += "}\n";
  return out;
}

}  // namespace schemactl::plan
