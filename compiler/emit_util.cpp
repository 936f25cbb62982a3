#include "compiler/emit_util.hpp"

#include "compiler/quote.hpp"

namespace schemactl::emit::detail {
namespace {

// True when the last line of `text` contains "--" outside quotes (a line comment).
bool ends_in_line_comment(std::string_view text) {
  size_t line_start = text.rfind('\n');
  line_start = line_start == std::string_view::npos ? 0 : line_start + 1;
  bool in_single = false;
  bool in_double = false;
  for (size_t i = line_start; i < text.size(); ++i) {
    char c = text[i];
    if (in_single) {
      if (c == '\'') in_single = false;
    } else if (in_double) {
      if (c == '"') in_double = false;
    } else if (c == '\'') {
      in_single = true;
    } else if (c == '"') {
      in_double = true;
    } else if (c == '-' && i + 1 < text.size() && text[i + 1] == '-') {
      return true;
    }
  }
  return false;
}

}  // namespace

std::string join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += separator;
    out += items[i];
  }
  return out;
}

std::string ident_list(const std::vector<std::string>& names) {
  std::vector<std::string> quoted;
  quoted.reserve(names.size());
  for (const auto& name : names) quoted.push_back(quote_ident(name));
  return join(quoted);
}

std::string role_name(const std::string& role) {
  if (role == "PUBLIC" || role == "public") return "PUBLIC";
  return quote_ident(role);
}

std::string dollar_quote(const std::string& body) {
  // The closing tag is the first occurrence of the tag after the opening one, so the tag must
  // first occur in body+tag exactly at the end (a body ending in '$' rules out $$).
  for (size_t underscores = 0;; ++underscores) {
    std::string tag = "$" + std::string(underscores, '_') + "$";
    if ((body + tag).find(tag) == body.size()) return tag + body + tag;
  }
}

std::string expr_text(const ir::Expr& expr) {
  if (ends_in_line_comment(expr.text)) return expr.text + "\n";
  return expr.text;
}

std::string terminate(std::string statement) {
  if (ends_in_line_comment(statement)) statement += "\n";
  statement += ";\n";
  return statement;
}

}  // namespace schemactl::emit::detail
