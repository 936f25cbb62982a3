#include "compiler/lower/context.hpp"

#include <algorithm>

#include "compiler/error.hpp"
#include "compiler/pg_parse.hpp"
#include "compiler/quote.hpp"
#include "grammar/annotation.hpp"

namespace schemactl::lower {

Context::Context(ir::Catalog& c, DiagnosticSink& d, const CompileOptions& o) : catalog(c), diags(d), options(o) {}

void Context::begin_statement(size_t begin, size_t end) {
  // Skip leading whitespace and comments so that the statement starts at its first token.
  while (begin < end) {
    char c = text[begin];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
      ++begin;
    } else if (c == '-' && begin + 1 < end && text[begin + 1] == '-') {
      while (begin < end && text[begin] != '\n') ++begin;
    } else if (c == '/' && begin + 1 < end && text[begin + 1] == '*') {
      size_t close = text.find("*/", begin + 2);
      begin = close == std::string_view::npos ? end : close + 2;
    } else {
      break;
    }
  }
  stmt_begin = begin;
  stmt_end = end;
  tokens_.reset();
}

const Tokens& Context::tokens() {
  if (!tokens_) tokens_.emplace(text, stmt_begin, stmt_end);
  return *tokens_;
}

int Context::location_of(Element node) const {
  int64_t lo = -1, hi = -1;
  json::location_range(node, lo, hi);
  return at(lo);
}

void Context::index_lines() {
  file_name = file ? ir::FileName(file->path) : ir::FileName();
  lines = LineTable(text);
}

ir::SourceSpan Context::span_at(int offset) const {
  TextPosition at = lines.position(offset);
  return ir::SourceSpan{file_name, at.line, at.column, offset};
}

std::string_view Context::call_slice(Element expr_node) {
  int64_t lo = -1, hi = -1;
  json::location_range(expr_node, lo, hi);
  if (lo < 0) return {};
  const Tokens& toks = tokens();
  size_t i = toks.at_or_after(base + static_cast<size_t>(lo));
  size_t k = i;
  while (k < toks.size() && !(toks[k].kind == TokenKind::Punct && toks.text(k) == "(")) ++k;
  if (k >= toks.size()) return i < toks.size() ? toks.text(i) : std::string_view{};
  size_t close = toks.match(k);
  if (close >= toks.size()) return {};
  return text.substr(toks[i].begin, toks[close].end - toks[i].begin);
}

std::string_view Context::element_slice(Element expr_node, bool* call) {
  int64_t lo = -1, hi = -1;
  json::location_range(expr_node, lo, hi);
  if (call) *call = false;
  if (lo < 0) return {};
  const Tokens& toks = tokens();
  size_t i = toks.at_or_after(base + static_cast<size_t>(lo));
  size_t name_end = i;  // a qualified function name: schema.name(
  while (name_end + 2 < toks.size() && toks.text(name_end + 1) == "." &&
         (toks[name_end + 2].kind == TokenKind::Word || toks[name_end + 2].kind == TokenKind::QuotedIdent))
    name_end += 2;
  if (name_end + 1 < toks.size() && (toks[i].kind == TokenKind::Word || toks[i].kind == TokenKind::QuotedIdent) &&
      toks.text(name_end + 1) == "(") {
    i = name_end;
    size_t close = toks.match(i + 1);
    bool ends_element = close + 1 >= toks.size() || toks.text(close + 1) == "," || toks.text(close + 1) == ")" ||
                        toks[close + 1].kind == TokenKind::Word;
    // A call starts the element only when nothing but '(' or ',' precedes it.
    size_t first = toks.at_or_after(base + static_cast<size_t>(lo));
    bool starts_element = first > 0 && (toks.text(first - 1) == "(" || toks.text(first - 1) == ",");
    if (close < toks.size() && ends_element && starts_element) {
      if (call) *call = true;
      return text.substr(toks[first].begin, toks[close].end - toks[first].begin);
    }
  }
  return paren_slice(expr_node);
}

std::optional<int64_t> Context::number_after(int64_t location) {
  const Tokens& toks = tokens();
  size_t i = toks.at_or_after(static_cast<size_t>(at(location)));
  for (; i < toks.size(); ++i) {
    if (toks[i].kind == TokenKind::Number) {
      bool negative = i > 0 && toks.text(i - 1) == "-";
      int64_t v = std::strtoll(std::string(toks.text(i)).c_str(), nullptr, 10);
      return negative ? -v : v;
    }
    if (toks.text(i) == "," || toks.text(i) == ")" || toks.text(i) == ";") break;
  }
  return std::nullopt;
}

int Context::token_length(int offset) {
  if (offset < static_cast<int>(stmt_begin) || offset >= static_cast<int>(stmt_end)) return 1;
  const Tokens& toks = tokens();
  size_t i = toks.at_or_after(static_cast<size_t>(offset));
  if (i < toks.size() && toks[i].begin == static_cast<size_t>(offset)) return static_cast<int>(toks[i].end - toks[i].begin);
  return 1;
}

const std::string& Context::creation_schema() const {
  // PostgreSQL creates in the first schema of the path that exists; a schema created later in
  // the file (statements in any order) still counts when it is the only candidate.
  const std::string* first = nullptr;
  for (const auto& s : search_path) {
    if (s.empty() || s == "pg_catalog" || s == "$user") continue;
    if (s == "public" || catalog.schemas.count(s)) return s;
    if (!first) first = &s;
  }
  return first ? *first : options.default_schema;
}

std::vector<std::string> Context::expr_default_schemas() const {
  // Only the compile's default schema: a key must not depend on the search_path a file happens
  // to set, or the same qualified expression would compare differently in two files (pg_dump
  // output sets an empty path).
  return {options.default_schema};
}

ir::QualifiedName Context::qualify(Element range_var) const {
  std::string_view schema = json::str(range_var, "schemaname");
  return {schema.empty() ? creation_schema() : std::string(schema), std::string(json::str(range_var, "relname"))};
}

ir::QualifiedName Context::qualify(const std::vector<std::string>& names) const {
  if (names.size() >= 2) return {names[names.size() - 2], names.back()};
  if (names.size() == 1) return {creation_schema(), names[0]};
  return {};
}

bool Context::relation_taken(const std::string& schema, const std::string& name) const {
  return relations_.contains(schema, name);
}
void Context::claim_relation(const std::string& schema, const std::string& name) { relations_.insert(schema, name); }
void Context::release_relation(const std::string& schema, const std::string& name) { relations_.erase(schema, name); }
bool Context::constraint_taken(const std::string& schema, const std::string& name) const {
  return constraints_.contains(schema, name);
}
void Context::claim_constraint(const std::string& schema, const std::string& name) { constraints_.insert(schema, name); }
void Context::release_constraint(const std::string& schema, const std::string& name) { constraints_.erase(schema, name); }

ir::Table* Context::find_table(const ir::QualifiedName& name) {
  auto it = catalog.tables.find(name);
  return it == catalog.tables.end() ? nullptr : &it->second;
}

ir::Table* Context::find_table(const std::vector<std::string>& names) {
  if (names.empty()) return nullptr;
  if (names.size() >= 2) return find_table(ir::QualifiedName{names[names.size() - 2], names.back()});
  for (const auto& s : search_path) {
    if (auto* t = find_table(ir::QualifiedName{s, names[0]})) return t;
  }
  return find_table(ir::QualifiedName{creation_schema(), names[0]});
}

ir::QualifiedName Context::resolve_relation(Element range_var) const {
  std::string_view schema = json::str(range_var, "schemaname");
  std::string name(json::str(range_var, "relname"));
  if (!schema.empty()) return {std::string(schema), name};
  for (const auto& s : search_path) {
    ir::QualifiedName qn{s, name};
    if (catalog.tables.count(qn) || catalog.views.count(qn) || catalog.sequences.count(qn)) return qn;
  }
  return {creation_schema(), name};
}

namespace {
std::string lookup_type_schema(const void* p, std::string_view name) {
  const Context& ctx = *static_cast<const Context*>(p);
  for (const auto& s : ctx.search_path) {
    ir::QualifiedName qn{s, std::string(name)};
    if (ctx.catalog.enums.count(qn) || ctx.catalog.domains.count(qn) || ctx.catalog.composite_types.count(qn) ||
        ctx.catalog.tables.count(qn) || ctx.catalog.views.count(qn))
      return s;
  }
  return {};
}
}  // namespace

types::TypeRef Context::type(Element type_name) {
  types::TypeRef ref = types::canonical_type(type_name, text.substr(base), creation_schema(), lookup_type_schema, this);
  if (json::has(type_name, "pct_type")) {
    error(diag::kUnsupportedOption, json::integer(type_name, "location", -1), "%TYPE references are not supported");
  }
  if (ref.user && ref.user->schema != "pg_catalog" && ref.user->schema != "information_schema") {
    ir::QualifiedName user = *ref.user;
    int offset = at(json::integer(type_name, "location", -1));
    int length = token_length(offset);
    const SourceFile* f = file;
    finalizers.push_back([this, user, offset, length, f] {
      const auto& c = catalog;
      if (c.enums.count(user) || c.domains.count(user) || c.composite_types.count(user) || c.tables.count(user) ||
          c.views.count(user))
        return;
      // Types of extensions are not known to the compiler: accept them when an extension is declared.
      if (!c.extensions.empty()) return;
      diags.add(diag::kUnknownType, f, offset, length, "type {} does not exist", quote_qualified(user));
    });
  }
  return ref;
}

std::optional<ir::Expr> Context::expr(std::string_view sql, int offset, const std::string& target_type,
                                      const ir::Table* columns_of) {
  ExprContext ec;
  ec.default_schemas = expr_default_schemas();
  ec.target_type = target_type;
  if (columns_of) {
    ec.column_type = [columns_of](std::string_view name) {
      const ir::Column* column = columns_of->find_column(std::string(name));
      return column ? column->type : std::string();
    };
  }
  const ExprKeyCache::Result& key = expr_keys_.key(sql, ec);
  if (!key.ok) {
    diags.add(diag::kInvalidExpression, file, offset, static_cast<int>(sql.size()), "invalid expression: {}", key.error);
    return std::nullopt;
  }
  return ir::Expr{std::string(sql), key.key};
}

ir::Expr Context::sequence_default(const ir::QualifiedName& sequence) const {
  std::string regclass = quote_qualified(sequence);
  ExprContext ec;
  ec.default_schemas = expr_default_schemas();
  std::string key = sequence_default_key(regclass, ec);
  return ir::Expr{"nextval(" + quote_literal(regclass) + "::regclass)", std::move(key)};
}

namespace {
// 'a.b', '"A".b' as regclass input reads them: parts split on dots, unquoted parts lower-cased.
std::vector<std::string> regclass_parts(std::string_view s) {
  std::vector<std::string> parts(1);
  bool quoted = false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '"') {
      if (quoted && i + 1 < s.size() && s[i + 1] == '"') { parts.back() += '"'; ++i; }
      else quoted = !quoted;
    } else if (c == '.' && !quoted) {
      parts.emplace_back();
    } else {
      parts.back() += quoted ? c : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  return parts;
}
}  // namespace

std::optional<ir::Expr> Context::column_default(std::string_view sql, int offset, const std::string& type, Element raw) {
  Element call, arg, cast, inner, cval;
  if (json::node_of(raw, "FuncCall", call)) {
    auto name = json::strings(call, "funcname");
    if (!name.empty() && name.back() == "nextval" && json::count(call, "args") == 1 &&
        (name.size() == 1 || name[0] == "pg_catalog")) {
      std::string literal;
      json::each(call, "args", [&](Element a) {
        Element c = a;
        if (json::node_of(a, "TypeCast", cast) && json::get(cast, "arg", inner)) c = inner;
        if (json::node_of(c, "A_Const", cval) && json::get(cval, "sval", arg)) literal = std::string(json::str(arg, "sval"));
      });
      if (!literal.empty()) {
        auto parts = regclass_parts(literal);
        ir::QualifiedName seq;
        if (parts.size() >= 2) {
          seq = {parts[parts.size() - 2], parts.back()};
        } else {
          seq = {creation_schema(), parts.back()};
          for (const auto& s : search_path) {
            if (catalog.sequences.count({s, parts.back()})) {
              seq.schema = s;
              break;
            }
          }
        }
        return sequence_default(seq);
      }
    }
  }
  return expr(sql, offset, type);
}

std::optional<ir::Expr> Context::query(std::string_view sql, int offset) {
  ExprContext ec;
  ec.default_schemas = expr_default_schemas();
  try {
    return ir::Expr{std::string(sql), query_key(sql, ec)};
  } catch (const std::exception& e) {
    diags.add(diag::kInvalidExpression, file, offset, static_cast<int>(sql.size()), "invalid query: {}", e.what());
    return std::nullopt;
  }
}

std::string_view Context::paren_slice(Element expr_node) {
  int64_t lo = -1, hi = -1;
  json::location_range(expr_node, lo, hi);
  if (lo < 0) return {};
  size_t abs_lo = base + static_cast<size_t>(lo), abs_hi = base + static_cast<size_t>(hi);
  const Tokens& toks = tokens();
  size_t i = toks.at_or_after(abs_lo);
  int depth = 0;
  for (size_t k = i; k-- > 0;) {
    std::string_view t = toks.text(k);
    if (toks[k].kind != TokenKind::Punct) continue;
    if (t == ")" || t == "]") {
      ++depth;
    } else if (t == "(" || t == "[") {
      if (depth > 0) {
        --depth;
        continue;
      }
      size_t close = toks.match(k);
      if (close < toks.size() && toks[close].begin > abs_hi) {
        if (close == k + 1) return {};
        size_t b = toks[k + 1].begin, e = toks[close - 1].end;
        return text.substr(b, e - b);
      }
    }
  }
  return {};
}

std::string_view Context::slice_after(size_t from, std::string_view keyword, const std::vector<std::string_view>& stop_words) {
  const Tokens& toks = tokens();
  size_t i = toks.at_or_after(from);
  if (!keyword.empty()) {
    while (i < toks.size() && !toks.is(i, keyword)) ++i;
    ++i;
  }
  if (i >= toks.size()) return {};
  size_t first = i;
  int depth = 0;
  size_t last = i;
  for (; i < toks.size(); ++i) {
    std::string_view t = toks.text(i);
    if (toks[i].kind == TokenKind::Punct) {
      if (t == "(" || t == "[") ++depth;
      else if (t == ")" || t == "]") {
        if (depth == 0) break;
        --depth;
      } else if (depth == 0 && (t == "," || t == ";")) {
        break;
      }
    } else if (depth == 0 && i > first && toks[i].kind == TokenKind::Word) {
      bool stop = false;
      for (auto w : stop_words) stop = stop || toks.is(i, w);
      if (stop) break;
    }
    last = i;
  }
  return text.substr(toks[first].begin, toks[last].end - toks[first].begin);
}

bool Context::defer_or_report(const std::string& what, int64_t location) {
  if (!final_pass) {
    deferred.push_back({file, base, stmt_begin, stmt_end, current_stmt, search_path});
    return true;
  }
  error(diag::kUnknownObject, location, "{} does not exist", what);
  return false;
}

void index_annotations(Context& ctx) {
  if (ctx.text.find("schemactl:") == std::string_view::npos) return;
  Tokens toks(ctx.text, 0, ctx.text.size(), true);
  for (size_t i = 0; i < toks.size(); ++i) {
    if (toks[i].kind != TokenKind::Comment) continue;
    std::string_view comment = toks.text(i);
    if (comment.substr(0, 2) != "--") continue;
    auto parsed = grammar::parse_annotation(comment.substr(2));
    if (!parsed) continue;
    int offset = static_cast<int>(toks[i].begin);
    if (auto* err = std::get_if<grammar::AnnotationError>(&*parsed)) {
      int col = std::max(err->column, 1);
      ctx.diags.add(diag::kAnnotation, ctx.file, offset + 2 + col - 1, 1, "{}", err->message);
      continue;
    }
    const auto& rf = std::get<grammar::RenamedFrom>(*parsed);
    PendingAnnotation a;
    a.file = ctx.file;
    a.offset = offset;
    a.line = ctx.line_of(static_cast<int>(toks[i].begin));
    size_t line_start = ctx.text.rfind('\n', toks[i].begin == 0 ? 0 : toks[i].begin - 1);
    line_start = (line_start == std::string_view::npos || toks[i].begin == 0) ? 0 : line_start + 1;
    a.own_line = ctx.text.substr(line_start, toks[i].begin - line_start).find_first_not_of(" \t\r") == std::string_view::npos;
    a.renamed_from = ir::QualifiedName{rf.schema, rf.name};
    ctx.annotation_lines_[{ctx.file, a.line}] = ctx.annotations.size();
    ctx.annotations.push_back(std::move(a));
  }
}

PendingAnnotation* Context::annotation_for(int offset) {
  if (annotations.empty()) return nullptr;
  int line = line_of(offset);
  auto same = annotation_lines_.find({file, line});
  if (same != annotation_lines_.end() && !annotations[same->second].own_line) return &annotations[same->second];
  auto above = annotation_lines_.find({file, line - 1});
  if (above != annotation_lines_.end() && annotations[above->second].own_line) return &annotations[above->second];
  return nullptr;
}

void require_schema(Context& ctx, const std::string& schema, int64_t location) {
  if (schema == "public" || schema == "pg_catalog" || schema == "information_schema") return;
  int offset = ctx.at(location);
  const SourceFile* f = ctx.file;
  ctx.finalizers.push_back([&ctx, schema, offset, f] {
    if (ctx.catalog.schemas.count(schema)) return;
    ctx.diags.add(diag::kUnknownSchema, f, offset, 1, "schema {} does not exist", quote_ident(schema));
  });
}

std::string role_name(Element role_spec) {
  std::string_view type = json::str(role_spec, "roletype");
  if (type == "ROLESPEC_PUBLIC") return "PUBLIC";
  if (type == "ROLESPEC_CURRENT_USER") return "CURRENT_USER";
  if (type == "ROLESPEC_SESSION_USER") return "SESSION_USER";
  if (type == "ROLESPEC_CURRENT_ROLE") return "CURRENT_ROLE";
  return std::string(json::str(role_spec, "rolename"));
}

}  // namespace schemactl::lower
