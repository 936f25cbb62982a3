// Shared by the compile_* end-to-end tests: the external corpus (cases and real-world schemas),
// the known-mismatch list, and an IR comparison that names what differs, per object kind.
#pragma once

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "compiler/compile.hpp"
#include "compiler/ir.hpp"
#include "compiler/ir_json.hpp"

namespace schemactl::test::corpus {

namespace fs = std::filesystem;

inline std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

// $SCHEMACTL_CORPUS, else <source dir>/../shared/corpus; empty when absent.
inline fs::path corpus_dir() {
  if (const char* env = std::getenv("SCHEMACTL_CORPUS"); env && *env) return fs::exists(env) ? fs::path(env) : fs::path();
  fs::path p = fs::path(SCHEMACTL_SOURCE_DIR) / ".." / "shared" / "corpus";
  return fs::exists(p / "cases") ? fs::weakly_canonical(p) : fs::path();
}

struct Input {
  std::string id;                  // "sqldef/tests_x" or "schemas/danbooru.sql"
  std::vector<SourceFile> sources; // setup.sql (when present) then desired.sql
  std::string user;                // meta.json "user": run as that role, search_path = user, public
  std::string roles_file;          // cases/<source>/_setup_roles.sql
  bool expects_error = false;
};

inline std::string json_string_field(const std::string& json, const std::string& key) {
  auto k = json.find("\"" + key + "\"");
  if (k == std::string::npos) return {};
  auto colon = json.find(':', k);
  auto q1 = json.find('"', colon + 1);
  auto nl = json.find_first_of(",}\n", colon + 1);
  if (q1 == std::string::npos || q1 > nl) return {};
  auto q2 = json.find('"', q1 + 1);
  return json.substr(q1 + 1, q2 - q1 - 1);
}

inline std::vector<Input> inputs(const fs::path& corpus) {
  std::vector<Input> out;
  std::vector<fs::path> case_dirs;
  for (const auto& source : fs::directory_iterator(corpus / "cases")) {
    if (!source.is_directory()) continue;
    for (const auto& c : fs::directory_iterator(source.path()))
      if (c.is_directory() && fs::exists(c.path() / "desired.sql")) case_dirs.push_back(c.path());
  }
  std::sort(case_dirs.begin(), case_dirs.end());
  for (const auto& dir : case_dirs) {
    Input in;
    in.id = dir.parent_path().filename().string() + "/" + dir.filename().string();
    std::string meta = fs::exists(dir / "meta.json") ? read_text(dir / "meta.json") : "";
    in.expects_error = meta.find("\"expects_error\": true") != std::string::npos;
    in.user = json_string_field(meta, "user");
    in.roles_file = (dir.parent_path() / "_setup_roles.sql").string();
    if (fs::exists(dir / "setup.sql")) in.sources.push_back({(dir / "setup.sql").string(), read_text(dir / "setup.sql")});
    in.sources.push_back({(dir / "desired.sql").string(), read_text(dir / "desired.sql")});
    out.push_back(std::move(in));
  }
  std::vector<fs::path> schemas;
  for (const auto& f : fs::directory_iterator(corpus / "schemas"))
    if (f.path().extension() == ".sql") schemas.push_back(f.path());
  std::sort(schemas.begin(), schemas.end());
  for (const auto& f : schemas) {
    Input in;
    in.id = "schemas/" + f.filename().string();
    in.sources.push_back({f.string(), read_text(f)});
    out.push_back(std::move(in));
  }
  return out;
}

// tests/e2e/compile_known_mismatches.txt: "<input id> <check> <reason...>" per line.
inline std::map<std::pair<std::string, std::string>, std::string> known_mismatches() {
  std::map<std::pair<std::string, std::string>, std::string> out;
  std::ifstream in(std::string(SCHEMACTL_SOURCE_DIR) + "/tests/e2e/compile_known_mismatches.txt");
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream ls(line);
    std::string id, check, reason;
    ls >> id >> check;
    std::getline(ls, reason);
    out[{id, check}] = reason;
  }
  return out;
}

inline CompileOptions options_for(const Input& in) {
  CompileOptions o;
  if (!in.user.empty()) o.search_path = {in.user, "public"};
  return o;
}

inline std::string first_error(const CompileResult& r) {
  for (const auto& d : r.diagnostics)
    if (d.severity == Severity::Error)
      return d.file + ":" + std::to_string(d.line) + ":" + std::to_string(d.column) + ": " + d.message;
  return {};
}

// One differing object.
struct Mismatch {
  std::string kind;    // tables, columns, constraints, indexes, ...
  std::string object;  // its name
};

// Per-kind tally: how many objects were compared and how many were equal.
using Tally = std::map<std::string, std::pair<int, int>>;

// Compares `expected` with `actual` object by object. Owners are ignored (dumps are taken
// without them) and so are extension comments (set by the extension's own script).
inline std::vector<Mismatch> compare(ir::Catalog expected, ir::Catalog actual, Tally& tally) {
  std::vector<Mismatch> out;
  auto note = [&](const std::string& kind, const std::string& object, bool equal) {
    auto& t = tally[kind];
    t.first += 1;
    t.second += equal ? 1 : 0;
    if (!equal) out.push_back({kind, object});
  };
  for (auto* c : {&expected, &actual}) {
    for (auto& [n, e] : c->extensions) e.comment.reset(), e.version.reset();
    for (auto& [n, s] : c->schemas) s.owner.reset();
    for (auto& [n, t] : c->tables) t.owner.reset();
    // pg_dump --schema-only always writes materialized views WITH NO DATA.
    for (auto& [n, v] : c->views) v.owner.reset(), v.with_data = true;
    for (auto& [n, f] : c->functions) f.owner.reset();
    for (auto& [n, a] : c->aggregates) a.owner.reset();
    for (auto& [n, s] : c->sequences) s.owner.reset();
    for (auto& [n, e] : c->enums) e.owner.reset();
    for (auto& [n, co] : c->collations) co.owner.reset();
    for (auto& [n, d] : c->domains) d.owner.reset();
    for (auto& [n, t] : c->composite_types) t.owner.reset();
  }
  auto qn = [](const ir::QualifiedName& q) { return q.schema + "." + q.name; };
  auto simple = [&](const std::string& kind, const auto& a, const auto& b, auto name_of) {
    std::set<std::string> seen;
    for (const auto& [k, v] : a) {
      auto it = b.find(k);
      note(kind, name_of(k), it != b.end() && it->second == v);
      seen.insert(name_of(k));
    }
    for (const auto& [k, v] : b)
      if (!a.count(k)) note(kind, name_of(k) + " (only in the dump)", false);
  };
  auto id = [](const std::string& s) { return s; };
  simple("schemas", expected.schemas, actual.schemas, id);
  simple("extensions", expected.extensions, actual.extensions, id);
  simple("collations", expected.collations, actual.collations, qn);
  simple("enums", expected.enums, actual.enums, qn);
  simple("domains", expected.domains, actual.domains, qn);
  simple("composite types", expected.composite_types, actual.composite_types, qn);
  simple("sequences", expected.sequences, actual.sequences, qn);
  simple("indexes", expected.indexes, actual.indexes, qn);
  simple("aggregates", expected.aggregates, actual.aggregates, id);
  for (const auto& [k, t] : expected.tables) {
    auto it = actual.tables.find(k);
    if (it == actual.tables.end()) {
      note("tables", qn(k), false);
      continue;
    }
    ir::Table a = t, b = it->second;
    // Comments and grants are tallied on their own; the rest of the table by part.
    auto strip = [](ir::Table& x) {
      x.comment.reset();
      x.acl.clear();
      for (auto& c : x.columns) c.comment.reset(), c.acl.clear();
      for (auto& [n, c] : x.constraints) c.comment.reset();
      for (auto& [n, p] : x.policies) p.comment.reset();
      for (auto& [n, tr] : x.triggers) tr.comment.reset();
    };
    bool comments_equal = t.comment == it->second.comment;
    bool grants_equal = t.acl == it->second.acl;
    if (t.columns.size() == it->second.columns.size()) {
      for (size_t i = 0; i < t.columns.size(); ++i) {
        comments_equal = comments_equal && t.columns[i].comment == it->second.columns[i].comment;
        grants_equal = grants_equal && t.columns[i].acl == it->second.columns[i].acl;
      }
    }
    strip(a);
    strip(b);
    note("columns", qn(k), a.columns == b.columns);
    note("constraints", qn(k), a.constraints == b.constraints);
    note("triggers", qn(k), a.triggers == b.triggers);
    note("policies", qn(k), a.policies == b.policies);
    note("comments", qn(k), comments_equal);
    note("grants", qn(k), grants_equal);
    a.columns.clear(), b.columns.clear();
    a.constraints.clear(), b.constraints.clear();
    a.triggers.clear(), b.triggers.clear();
    a.policies.clear(), b.policies.clear();
    note("tables", qn(k), a == b);
  }
  for (const auto& [k, t] : actual.tables)
    if (!expected.tables.count(k)) note("tables", qn(k) + " (only in the dump)", false);
  for (const auto& [k, v] : expected.views) {
    auto it = actual.views.find(k);
    if (it == actual.views.end()) {
      note("views", qn(k), false);
      continue;
    }
    note("view queries", qn(k), v.query == it->second.query);
    ir::View a = v, b = it->second;
    a.query = b.query;
    note("views", qn(k), a == b);
  }
  for (const auto& [k, v] : actual.views)
    if (!expected.views.count(k)) note("views", qn(k) + " (only in the dump)", false);
  for (const auto& [k, f] : expected.functions) {
    auto it = actual.functions.find(k);
    if (it == actual.functions.end()) {
      note("functions", k, false);
      continue;
    }
    note("function bodies", k, f.body == it->second.body);
    ir::Function a = f, b = it->second;
    a.body = b.body;
    a.sql_body = b.sql_body;
    note("functions", k, a == b);
  }
  for (const auto& [k, f] : actual.functions)
    if (!expected.functions.count(k)) note("functions", k + " (only in the dump)", false);
  return out;
}

}  // namespace schemactl::test::corpus
