#include "compiler/pg_parse.hpp"

#include <pg_query.h>

#include <cctype>
#include <cstring>
#include <stdexcept>
#include <variant>

namespace schemactl::pg {
namespace {

// Owners for libpg_query's C results.
struct ParseResult {
  PgQueryParseResult r;
  explicit ParseResult(const char* sql) : r(pg_query_parse(sql)) {}
  ~ParseResult() { pg_query_free_parse_result(r); }
  ParseResult(const ParseResult&) = delete;
  ParseResult& operator=(const ParseResult&) = delete;
};

struct SplitResult {
  PgQuerySplitResult r;
  SplitResult(const std::string& sql, bool with_parser)
      : r(with_parser ? pg_query_split_with_parser(sql.c_str()) : pg_query_split_with_scanner(sql.c_str())) {}
  ~SplitResult() { pg_query_free_split_result(r); }
  SplitResult(const SplitResult&) = delete;
  SplitResult& operator=(const SplitResult&) = delete;
};

// libpg_query reports cursorpos as a 1-based character position; we keep byte offsets,
// so convert by walking UTF-8 characters.
int byte_offset_of_cursor(std::string_view sql, int cursorpos) {
  if (cursorpos <= 0) return -1;
  int chars = 0;
  for (size_t i = 0; i < sql.size(); ++i) {
    if ((static_cast<unsigned char>(sql[i]) & 0xC0) != 0x80) {
      if (++chars == cursorpos) return static_cast<int>(i);
    }
  }
  return static_cast<int>(sql.size());
}

// Moves a scanner-reported statement start past whitespace (the scanner already skips comments
// for every statement but the first).
void collect(std::string_view sql, const PgQuerySplitResult& r, std::vector<StatementSlice>& out) {
  for (int i = 0; i < r.n_stmts; ++i) {
    size_t off = static_cast<size_t>(r.stmts[i]->stmt_location);
    size_t len = static_cast<size_t>(r.stmts[i]->stmt_len);
    if (len == 0) len = sql.size() - off;
    while (len > 0) {
      char c = sql[off];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
        ++off;
        --len;
      } else if (c == '-' && len > 1 && sql[off + 1] == '-') {
        while (len > 0 && sql[off] != '\n') { ++off; --len; }
      } else if (c == '/' && len > 1 && sql[off + 1] == '*') {
        size_t end = sql.find("*/", off + 2);
        size_t stop = end == std::string_view::npos ? off + len : std::min(off + len, end + 2);
        len -= stop - off;
        off = stop;
      } else {
        break;
      }
    }
    while (len > 0 && (sql[off + len - 1] == ' ' || sql[off + len - 1] == '\n' ||
                       sql[off + len - 1] == '\t' || sql[off + len - 1] == '\r' ||
                       sql[off + len - 1] == ';')) {
      --len;
    }
    if (len > 0) out.push_back({off, len});
  }
}

// Parsers given back by destroyed trees. A few are enough: trees nest at most a couple deep (a
// statement chunk's tree is alive while expression keys parse their own).
constexpr size_t kPooledParsers = 4;
thread_local std::vector<std::unique_ptr<simdjson::dom::parser>> parser_pool;

std::unique_ptr<simdjson::dom::parser> take_parser() {
  if (parser_pool.empty()) return std::make_unique<simdjson::dom::parser>();
  auto parser = std::move(parser_pool.back());
  parser_pool.pop_back();
  return parser;
}

void give_back(std::unique_ptr<simdjson::dom::parser> parser) {
  if (parser && parser_pool.size() < kPooledParsers) parser_pool.push_back(std::move(parser));
}

}  // namespace

ParseTree& ParseTree::operator=(ParseTree&& other) noexcept {
  if (this != &other) {
    give_back(std::move(parser_));
    parser_ = std::move(other.parser_);
    root_ = other.root_;
  }
  return *this;
}

ParseTree::~ParseTree() { give_back(std::move(parser_)); }

simdjson::dom::array ParseTree::statements() const {
  simdjson::dom::array stmts;
  if (root_["stmts"].get(stmts) != simdjson::SUCCESS) return {};
  return stmts;
}

std::variant<ParseTree, SyntaxError> parse(std::string_view sql) {
  // libpg_query wants a NUL-terminated string; one buffer per thread, grown once.
  thread_local std::string terminated;
  terminated.assign(sql);
  ParseResult result(terminated.c_str());
  if (result.r.error) {
    return SyntaxError{result.r.error->message ? result.r.error->message : "syntax error",
                       byte_offset_of_cursor(sql, result.r.error->cursorpos)};
  }
  ParseTree tree;
  tree.parser_ = take_parser();
  auto err = tree.parser_->parse(result.r.parse_tree, std::strlen(result.r.parse_tree)).get(tree.root_);
  if (err) throw std::runtime_error(std::string("libpg_query produced unreadable JSON: ") + simdjson::error_message(err));
  return tree;
}

namespace {
void join_atomic_bodies(std::string_view sql, std::vector<StatementSlice>& slices);
}  // namespace

std::vector<StatementSlice> split_statements(std::string_view sql) {
  std::string owned(sql);
  SplitResult result(owned, false);
  if (result.r.error) {
    throw std::runtime_error(std::string(result.r.error->message ? result.r.error->message : "cannot split SQL") +
                             " at byte " + std::to_string(byte_offset_of_cursor(sql, result.r.error->cursorpos)));
  }
  std::vector<StatementSlice> out;
  collect(sql, result.r, out);
  join_atomic_bodies(sql, out);
  return out;
}

std::optional<SyntaxError> split_with_parser(std::string_view sql, std::vector<StatementSlice>& out) {
  std::string owned(sql);
  SplitResult result(owned, true);
  if (result.r.error) {
    return SyntaxError{result.r.error->message ? result.r.error->message : "syntax error",
                       byte_offset_of_cursor(sql, result.r.error->cursorpos)};
  }
  collect(sql, result.r, out);
  return std::nullopt;
}

namespace {

bool identifier_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$' || static_cast<unsigned char>(c) >= 0x80;
}

// The end (exclusive) of the comment, literal or quoted identifier starting at i, or i when none
// starts there.
size_t skip_quoted(std::string_view sql, size_t i) {
  const size_t n = sql.size();
  char c = sql[i];
  if (c == '-' && i + 1 < n && sql[i + 1] == '-') {
    size_t eol = sql.find('\n', i);
    return eol == std::string_view::npos ? n : eol + 1;
  }
  if (c == '/' && i + 1 < n && sql[i + 1] == '*') {
    int depth = 0;
    for (size_t k = i; k + 1 < n; ++k) {
      if (sql[k] == '/' && sql[k + 1] == '*') {
        ++depth;
        ++k;
      } else if (sql[k] == '*' && sql[k + 1] == '/') {
        ++k;
        if (--depth == 0) return k + 1;
      }
    }
    return n;
  }
  if (c == '\'' || c == '"') {
    bool backslashes = c == '\'' && i > 0 && (sql[i - 1] == 'E' || sql[i - 1] == 'e') &&
                       (i < 2 || !identifier_char(sql[i - 2]));
    for (size_t k = i + 1; k < n; ++k) {
      if (backslashes && sql[k] == '\\') {
        ++k;
      } else if (sql[k] == c) {
        if (k + 1 < n && sql[k + 1] == c) ++k;  // doubled: the quote itself
        else return k + 1;
      }
    }
    return n;
  }
  if (c == '$' && (i == 0 || !identifier_char(sql[i - 1]))) {
    size_t k = i + 1;
    while (k < n && sql[k] != '$' && (std::isalnum(static_cast<unsigned char>(sql[k])) || sql[k] == '_' ||
                                      static_cast<unsigned char>(sql[k]) >= 0x80))
      ++k;
    if (k >= n || sql[k] != '$' || (k > i + 1 && std::isdigit(static_cast<unsigned char>(sql[i + 1])))) return i;
    std::string_view tag = sql.substr(i, k - i + 1);
    size_t close = sql.find(tag, k + 1);
    return close == std::string_view::npos ? n : close + tag.size();
  }
  return i;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

// libpg_query's scanner split ends a statement at every top-level semicolon, but the body of
// CREATE FUNCTION/PROCEDURE ... BEGIN ATOMIC ... END holds semicolons of its own. psql keeps such
// a body in one statement with a heuristic (psqlscan.l, PostgreSQL 14+): in a statement that
// starts with CREATE [OR REPLACE] FUNCTION|PROCEDURE, outside parentheses, BEGIN opens a block,
// CASE inside a block opens one too, and END closes one; a semicolon ends the statement only
// when no block is open. The same rule joins the scanner's pieces here.
void join_atomic_bodies(std::string_view sql, std::vector<StatementSlice>& slices) {
  std::vector<StatementSlice> joined;
  joined.reserve(slices.size());
  int blocks = 0;
  int words = 0;        // words of the current statement seen so far
  bool routine = false;  // the statement is CREATE [OR REPLACE] FUNCTION|PROCEDURE
  bool or_replace = false;
  for (const auto& slice : slices) {
    bool continuing = blocks > 0 && !joined.empty();
    if (!continuing) {
      words = 0;
      routine = or_replace = false;
    }
    std::string_view text = sql.substr(slice.offset, slice.length);
    int parens = 0;
    for (size_t i = 0; i < text.size();) {
      size_t after = skip_quoted(text, i);
      if (after != i) {
        i = after;
        continue;
      }
      char c = text[i];
      if (c == '(' || c == ')') {
        parens += c == '(' ? 1 : (parens > 0 ? -1 : 0);
        ++i;
        continue;
      }
      if (!identifier_char(c)) {
        ++i;
        continue;
      }
      size_t end = i;
      while (end < text.size() && identifier_char(text[end])) ++end;
      std::string_view word = text.substr(i, end - i);
      i = end;
      ++words;
      if (words == 1) {
        if (!iequals(word, "create")) words = 100;  // not a routine: stop classifying
      } else if (words == 2 && iequals(word, "or")) {
        or_replace = true;
      } else if (words == (or_replace ? 4 : 2)) {
        routine = iequals(word, "function") || iequals(word, "procedure");
      }
      if (!routine || parens > 0) continue;
      if (iequals(word, "begin")) ++blocks;
      else if (iequals(word, "case") && blocks > 0) ++blocks;
      else if (iequals(word, "end") && blocks > 0) --blocks;
    }
    if (continuing) joined.back().length = slice.offset + slice.length - joined.back().offset;
    else joined.push_back(slice);
  }
  slices = std::move(joined);
}

}  // namespace

std::vector<TextRange> statement_chunks(std::string_view sql, size_t chunk_bytes) {
  std::vector<TextRange> chunks;
  if (sql.empty()) return chunks;
  size_t begin = 0;
  if (chunk_bytes > 0) {
    int depth = 0;
    for (size_t i = 0; i < sql.size();) {
      size_t after = skip_quoted(sql, i);
      if (after != i) {
        i = after;
        continue;
      }
      char c = sql[i++];
      if (c == '(') ++depth;
      else if (c == ')') depth = depth > 0 ? depth - 1 : 0;
      else if (c == ';' && depth == 0 && i - begin >= chunk_bytes && i < sql.size()) {
        chunks.push_back({begin, i});
        begin = i;
      }
    }
  }
  chunks.push_back({begin, sql.size()});
  return chunks;
}

LineColumn line_column(std::string_view text, size_t offset) {
  LineColumn lc;
  if (offset > text.size()) offset = text.size();
  for (size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++lc.line;
      lc.column = 1;
    } else {
      ++lc.column;
    }
  }
  return lc;
}

}  // namespace schemactl::pg
