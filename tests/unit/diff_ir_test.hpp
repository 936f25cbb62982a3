// Builders for hand-made IR in the differ's and planner's unit tests.
#pragma once

#include <string>
#include <vector>

#include "compiler/diff.hpp"
#include "compiler/emit_objects.hpp"
#include "compiler/ir.hpp"
#include "compiler/plan.hpp"

namespace schemactl::test_ir {

inline ir::QualifiedName q(const std::string& name) { return {"public", name}; }

inline ir::Expr expr(const std::string& text) { return {text, text}; }

inline ir::Column col(const std::string& name, const std::string& type, bool not_null = false,
                      std::optional<std::string> default_expr = std::nullopt) {
  ir::Column c;
  c.name = name;
  c.type = type;
  c.not_null = not_null;
  if (default_expr) c.default_expr = expr(*default_expr);
  return c;
}

inline ir::Table table(const std::string& name, std::vector<ir::Column> columns) {
  ir::Table t;
  t.name = q(name);
  t.columns = std::move(columns);
  return t;
}

inline ir::Constraint pk(const std::string& name, std::vector<std::string> columns) {
  ir::Constraint c;
  c.name = name;
  c.kind = ir::ConstraintKind::PrimaryKey;
  c.columns = std::move(columns);
  return c;
}

inline ir::Constraint unique(const std::string& name, std::vector<std::string> columns) {
  ir::Constraint c = pk(name, std::move(columns));
  c.kind = ir::ConstraintKind::Unique;
  return c;
}

inline ir::Constraint fk(const std::string& name, std::vector<std::string> columns, const std::string& ref,
                         std::vector<std::string> ref_columns) {
  ir::Constraint c;
  c.name = name;
  c.kind = ir::ConstraintKind::ForeignKey;
  c.columns = std::move(columns);
  ir::ForeignKey key;
  key.ref_table = q(ref);
  key.ref_columns = std::move(ref_columns);
  c.foreign_key = key;
  return c;
}

inline ir::Constraint check(const std::string& name, const std::string& text) {
  ir::Constraint c;
  c.name = name;
  c.kind = ir::ConstraintKind::Check;
  c.check = expr(text);
  return c;
}

inline void add(ir::Catalog& c, ir::Table t) { c.tables[t.name] = std::move(t); }
inline void add_constraint(ir::Catalog& c, const std::string& table, ir::Constraint k) {
  c.tables.at(q(table)).constraints[k.name] = std::move(k);
}

inline ir::Catalog with_public() {
  ir::Catalog c;
  c.schemas["public"].name = "public";
  return c;
}

// All statements of a plan, in order.
inline std::vector<std::string> statements(const plan::Plan& p) {
  std::vector<std::string> out;
  for (const auto& s : p.steps)
    for (std::string st : s.statements) {
      // Compare statements without their terminator.
      if (st.size() >= 2 && st.compare(st.size() - 2, 2, ";\n") == 0) st.resize(st.size() - 2);
      out.push_back(st);
    }
  return out;
}

// An emitter statement as statements() shows it (without the final terminator).
inline std::string unterminated(std::string s) {
  if (s.size() >= 2 && s.compare(s.size() - 2, 2, ";\n") == 0) s.resize(s.size() - 2);
  return s;
}

inline plan::Plan plan_of(const ir::Catalog& from, const ir::Catalog& to) { return plan::make_plan(from, to); }

inline bool has_hazard(const plan::Step& s, plan::Hazard h) {
  for (const auto& n : s.hazards)
    if (n.hazard == h) return true;
  return false;
}

}  // namespace schemactl::test_ir
