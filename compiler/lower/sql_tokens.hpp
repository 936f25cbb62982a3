// A light SQL tokenizer used to find the exact source slice of expressions and queries.
//
// libpg_query gives each node only its start location, and its deparser is not trustworthy, so
// the compiler keeps the user's own text: it locates the slice with these tokens (strings,
// quoted identifiers, dollar quotes and comments are recognised so that their contents never
// count as parentheses or keywords).
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace schemactl::lower {

enum class TokenKind { Word, QuotedIdent, String, Number, Param, Punct, Operator, Comment };

struct Token {
  TokenKind kind;
  size_t begin;  // byte offsets into the tokenized text
  size_t end;
};

class Tokens {
 public:
  // Tokenizes text[begin, end). Comments are kept only when `keep_comments`.
  Tokens(std::string_view text, size_t begin, size_t end, bool keep_comments = false);

  size_t size() const { return tokens_.size(); }
  const Token& operator[](size_t i) const { return tokens_[i]; }
  std::string_view text(size_t i) const { return text_.substr(tokens_[i].begin, tokens_[i].end - tokens_[i].begin); }
  // Case-insensitive comparison of a bare word (or punctuation) with `word`.
  bool is(size_t i, std::string_view word) const;
  // Index of the first token starting at or after `offset` (size() when none).
  size_t at_or_after(size_t offset) const;
  // Index of the last token starting before `offset` (npos when none).
  size_t before(size_t offset) const;
  // For an opening ( or [ at i: the index of its matching closer (size() when unbalanced).
  size_t match(size_t i) const;

  static constexpr size_t npos = static_cast<size_t>(-1);

 private:
  std::string_view text_;
  std::vector<Token> tokens_;
};

}  // namespace schemactl::lower
