#include "compiler/lower/sql_tokens.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>

namespace schemactl::lower {
namespace {

bool ident_start(unsigned char c) { return std::isalpha(c) || c == '_' || c >= 0x80; }
bool ident_char(unsigned char c) { return std::isalnum(c) || c == '_' || c == '$' || c >= 0x80; }
bool operator_char(char c) { return std::strchr("+-*/<>=~!@#%^&|`?", c) != nullptr; }

// End of a '...' literal starting at the quote `q`; `backslash` for E'' strings.
size_t skip_quoted(std::string_view t, size_t q, char quote, bool backslash) {
  size_t i = q + 1;
  while (i < t.size()) {
    if (backslash && t[i] == '\\') { i += 2; continue; }
    if (t[i] == quote) {
      if (i + 1 < t.size() && t[i + 1] == quote) { i += 2; continue; }
      return i + 1;
    }
    ++i;
  }
  return t.size();
}

}  // namespace

Tokens::Tokens(std::string_view text, size_t begin, size_t end, bool keep_comments) : text_(text) {
  size_t i = begin;
  end = std::min(end, text.size());
  std::string_view t = text.substr(0, end);
  while (i < end) {
    unsigned char c = static_cast<unsigned char>(t[i]);
    if (std::isspace(c)) { ++i; continue; }
    size_t start = i;
    if (c == '-' && i + 1 < end && t[i + 1] == '-') {
      while (i < end && t[i] != '\n') ++i;
      if (keep_comments) tokens_.push_back({TokenKind::Comment, start, i});
      continue;
    }
    if (c == '/' && i + 1 < end && t[i + 1] == '*') {
      int depth = 1;
      i += 2;
      while (i < end && depth > 0) {
        if (t[i] == '/' && i + 1 < end && t[i + 1] == '*') { ++depth; i += 2; }
        else if (t[i] == '*' && i + 1 < end && t[i + 1] == '/') { --depth; i += 2; }
        else ++i;
      }
      if (keep_comments) tokens_.push_back({TokenKind::Comment, start, i});
      continue;
    }
    if (c == '\'') {
      tokens_.push_back({TokenKind::String, start, skip_quoted(t, i, '\'', false)});
      i = tokens_.back().end;
      continue;
    }
    if (c == '"') {
      tokens_.push_back({TokenKind::QuotedIdent, start, skip_quoted(t, i, '"', false)});
      i = tokens_.back().end;
      continue;
    }
    if ((c == 'E' || c == 'e') && i + 1 < end && t[i + 1] == '\'') {
      tokens_.push_back({TokenKind::String, start, skip_quoted(t, i + 1, '\'', true)});
      i = tokens_.back().end;
      continue;
    }
    if ((c == 'B' || c == 'b' || c == 'X' || c == 'x' || c == 'N' || c == 'n') && i + 1 < end && t[i + 1] == '\'') {
      tokens_.push_back({TokenKind::String, start, skip_quoted(t, i + 1, '\'', false)});
      i = tokens_.back().end;
      continue;
    }
    if ((c == 'U' || c == 'u') && i + 2 < end && t[i + 1] == '&' && (t[i + 2] == '\'' || t[i + 2] == '"')) {
      char q = t[i + 2];
      tokens_.push_back({q == '\'' ? TokenKind::String : TokenKind::QuotedIdent, start, skip_quoted(t, i + 2, q, false)});
      i = tokens_.back().end;
      continue;
    }
    if (c == '$') {
      size_t j = i + 1;
      if (j < end && std::isdigit(static_cast<unsigned char>(t[j]))) {
        while (j < end && std::isdigit(static_cast<unsigned char>(t[j]))) ++j;
        tokens_.push_back({TokenKind::Param, start, j});
        i = j;
        continue;
      }
      while (j < end && ident_char(static_cast<unsigned char>(t[j])) && t[j] != '$') ++j;
      if (j < end && t[j] == '$') {
        std::string_view tag = t.substr(i, j - i + 1);
        size_t close = t.find(tag, j + 1);
        size_t stop = close == std::string_view::npos ? end : close + tag.size();
        tokens_.push_back({TokenKind::String, start, stop});
        i = stop;
        continue;
      }
    }
    if (ident_start(c)) {
      while (i < end && ident_char(static_cast<unsigned char>(t[i]))) ++i;
      tokens_.push_back({TokenKind::Word, start, i});
      continue;
    }
    if (std::isdigit(c) || (c == '.' && i + 1 < end && std::isdigit(static_cast<unsigned char>(t[i + 1])))) {
      while (i < end && (std::isalnum(static_cast<unsigned char>(t[i])) || t[i] == '.' || t[i] == '_')) {
        if ((t[i] == 'e' || t[i] == 'E') && i + 1 < end && (t[i + 1] == '+' || t[i + 1] == '-')) ++i;
        if (t[i] == '.' && i + 1 < end && t[i + 1] == '.') break;
        ++i;
      }
      tokens_.push_back({TokenKind::Number, start, i});
      continue;
    }
    if (c == ':' && i + 1 < end && t[i + 1] == ':') {
      tokens_.push_back({TokenKind::Punct, start, i + 2});
      i += 2;
      continue;
    }
    if (std::strchr("()[],;:.", c)) {
      tokens_.push_back({TokenKind::Punct, start, i + 1});
      ++i;
      continue;
    }
    if (operator_char(static_cast<char>(c))) {
      while (i < end && operator_char(t[i]) &&
             !(t[i] == '-' && i + 1 < end && t[i + 1] == '-' && i > start) &&
             !(t[i] == '/' && i + 1 < end && t[i + 1] == '*' && i > start))
        ++i;
      tokens_.push_back({TokenKind::Operator, start, i});
      continue;
    }
    tokens_.push_back({TokenKind::Punct, start, i + 1});
    ++i;
  }
}

bool Tokens::is(size_t i, std::string_view word) const {
  if (i >= tokens_.size()) return false;
  const Token& tok = tokens_[i];
  if (tok.kind != TokenKind::Word && tok.kind != TokenKind::Punct && tok.kind != TokenKind::Operator) return false;
  if (tok.end - tok.begin != word.size()) return false;
  for (size_t k = 0; k < word.size(); ++k) {
    if (std::tolower(static_cast<unsigned char>(text_[tok.begin + k])) != std::tolower(static_cast<unsigned char>(word[k])))
      return false;
  }
  return true;
}

size_t Tokens::at_or_after(size_t offset) const {
  auto it = std::lower_bound(tokens_.begin(), tokens_.end(), offset,
                             [](const Token& tok, size_t off) { return tok.begin < off; });
  return static_cast<size_t>(it - tokens_.begin());
}

size_t Tokens::before(size_t offset) const {
  size_t i = at_or_after(offset);
  return i == 0 ? npos : i - 1;
}

size_t Tokens::match(size_t i) const {
  int depth = 0;
  for (size_t k = i; k < tokens_.size(); ++k) {
    if (tokens_[k].kind != TokenKind::Punct) continue;
    char c = text_[tokens_[k].begin];
    if (c == '(' || c == '[') ++depth;
    else if (c == ')' || c == ']') {
      if (--depth == 0) return k;
    }
  }
  return tokens_.size();
}

}  // namespace schemactl::lower
