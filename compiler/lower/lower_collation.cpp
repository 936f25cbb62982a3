// CREATE COLLATION (options or FROM an existing collation), and the resolution of unqualified
// COLLATE names to the user's own collations.
#include "compiler/lower/lower_collation.hpp"

#include <fmt/ranges.h>

#include "compiler/lower/constraints.hpp"
#include "compiler/quote.hpp"

namespace schemactl::lower {
namespace {

// Collations every database has, which an unqualified name finds in pg_catalog first.
bool builtin_collation(const std::string& name) {
  return name == "C" || name == "POSIX" || name == "default" || name == "ucs_basic";
}

// A collation of pg_catalog copied by FROM, as PostgreSQL describes it. initdb names ICU
// collations "<locale>-x-icu" and libc ones after their locale; "default" cannot be copied.
std::optional<ir::Collation> system_collation(const std::string& name) {
  ir::Collation c;
  static const std::string kIcu = "-x-icu";
  if (name == "default") return std::nullopt;
  if (name == "ucs_basic") {
    c.lc_collate = c.lc_ctype = "C";
  } else if (name.size() > kIcu.size() && name.compare(name.size() - kIcu.size(), kIcu.size(), kIcu) == 0) {
    c.provider = "icu";
    c.locale = name.substr(0, name.size() - kIcu.size());
  } else {
    c.lc_collate = c.lc_ctype = name;
  }
  return c;
}

std::string option_text(Element def) {
  Element arg;
  if (!json::get(def, "arg", arg)) return {};
  auto [kind, f] = json::node(arg);
  if (kind == "TypeName") {
    auto names = json::strings(f, "names");
    return names.empty() ? std::string() : names.back();
  }
  if (kind == "List") {
    auto names = json::strings(f, "items");
    return names.empty() ? std::string() : names.back();
  }
  return def_arg_text(arg);
}

bool option_true(const std::string& value) {
  std::string v;
  for (char c : value) v += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return v == "true" || v == "on" || v == "1" || v == "yes" || v == "t";
}

}  // namespace

ir::Collation* find_collation(Context& ctx, const std::vector<std::string>& names) {
  if (names.empty()) return nullptr;
  if (names.size() >= 2) {
    auto it = ctx.catalog.collations.find({names[names.size() - 2], names.back()});
    return it == ctx.catalog.collations.end() ? nullptr : &it->second;
  }
  for (const auto& schema : ctx.search_path) {
    auto it = ctx.catalog.collations.find({schema, names[0]});
    if (it != ctx.catalog.collations.end()) return &it->second;
  }
  auto it = ctx.catalog.collations.find(ctx.qualify(names));
  return it == ctx.catalog.collations.end() ? nullptr : &it->second;
}

bool transform_define_collation(Context& ctx, Element stmt) {
  if (json::str(stmt, "kind") != "OBJECT_COLLATION") return false;
  int offset = static_cast<int>(ctx.stmt_begin);
  ir::Collation c;
  c.name = ctx.qualify(json::strings(stmt, "defnames"));
  c.span.value = ctx.span_at(offset);
  if (ctx.catalog.collations.count(c.name)) {
    if (!json::boolean(stmt, "if_not_exists"))
      ctx.error(diag::kDuplicateObject, -1, "collation {} is defined twice", quote_qualified(c.name));
    return true;
  }
  std::optional<std::string> locale, lc_collate, lc_ctype;
  bool from = false;
  json::each(stmt, "definition", [&](Element item) {
    Element def;
    if (!json::node_of(item, "DefElem", def)) return;
    std::string_view option = json::str(def, "defname");
    std::string value = option_text(def);
    if (option == "from") {
      from = true;
      Element arg, list;
      std::vector<std::string> source;
      if (json::get(def, "arg", arg) && json::node_of(arg, "List", list)) source = json::strings(list, "items");
      if (const ir::Collation* user = source.size() == 1 && builtin_collation(source[0]) ? nullptr : find_collation(ctx, source)) {
        ir::Collation copy = *user;
        c.provider = copy.provider;
        c.locale = copy.locale;
        c.lc_collate = copy.lc_collate;
        c.lc_ctype = copy.lc_ctype;
        c.deterministic = copy.deterministic;
      } else if (auto system = source.empty() ? std::nullopt : system_collation(source.back());
                 system && (source.size() == 1 || source[0] == "pg_catalog")) {
        c.provider = system->provider;
        c.locale = system->locale;
        c.lc_collate = system->lc_collate;
        c.lc_ctype = system->lc_ctype;
      } else {
        ctx.error(diag::kUnknownObject, json::integer(def, "location", -1), "collation {} cannot be copied: it is not defined",
                  fmt::format("{}", fmt::join(source, ".")));
      }
    } else if (option == "provider") {
      c.provider = value == "i" || value == "icu" ? "icu" : "libc";
    } else if (option == "locale") {
      locale = value;
    } else if (option == "lc_collate") {
      lc_collate = value;
    } else if (option == "lc_ctype") {
      lc_ctype = value;
    } else if (option == "deterministic") {
      c.deterministic = option_true(value);
    } else if (option != "version") {
      ctx.error(diag::kUnsupportedOption, json::integer(def, "location", -1), "collation option {} is not supported", option);
    }
  });
  if (!from) {
    if (c.provider == "icu") {
      c.locale = locale;
      if (!c.locale) ctx.error(diag::kUnsupportedOption, -1, "ICU collation {} needs a locale", quote_qualified(c.name));
    } else {
      c.lc_collate = lc_collate ? lc_collate : locale;
      c.lc_ctype = lc_ctype ? lc_ctype : locale;
      if (!c.lc_collate || !c.lc_ctype)
        ctx.error(diag::kUnsupportedOption, -1, "collation {} needs lc_collate and lc_ctype (or locale)", quote_qualified(c.name));
    }
  }
  require_schema(ctx, c.name.schema, -1);
  bool first = ctx.catalog.collations.empty();
  ctx.catalog.collations.emplace(c.name, std::move(c));
  if (first) {
    std::vector<std::string> path = ctx.search_path.empty() ? ctx.options.search_path : ctx.search_path;
    if (path.empty()) path.push_back(ctx.creation_schema());
    ctx.finalizers.push_back([&ctx, path] { resolve_collation_references(ctx.catalog, path); });
  }
  return true;
}

void resolve_collation_references(ir::Catalog& catalog, const std::vector<std::string>& search_path) {
  static const std::string kPrefix = "pg_catalog.";
  // collation_name() spells an unqualified COLLATE name as pg_catalog.<name>.
  auto resolve = [&](auto& collation) {  // a std::optional or an ir::Boxed
    if (!collation || collation->rfind(kPrefix, 0) != 0) return;
    std::string quoted = collation->substr(kPrefix.size());
    for (const auto& [name, c] : catalog.collations) {
      if (quote_ident(name.name) != quoted || builtin_collation(name.name)) continue;
      for (const auto& schema : search_path) {
        if (schema != name.schema) continue;
        *collation = quote_qualified(name);
        return;
      }
    }
  };
  for (auto& [n, table] : catalog.tables)
    for (auto& column : table.columns) resolve(column.collation);
  for (auto& [n, domain] : catalog.domains) resolve(domain.collation);
  for (auto& [n, type] : catalog.composite_types)
    for (auto& attribute : type.attributes) resolve(attribute.collation);
  for (auto& [n, index] : catalog.indexes)
    for (auto& element : index.elements) resolve(element.collation);
}

}  // namespace schemactl::lower
