// libpg_query behind RAII: parse SQL into a simdjson DOM, and split SQL into statements.
//
// The JSON output is used (not protobuf): on a 2 MB schema it is ~3x faster to produce and
// unpack, and simdjson's DOM gives zero-copy access to the tree. Locations in the tree are
// byte offsets into the parsed text.
#pragma once

#include <simdjson.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace schemactl::pg {

struct SyntaxError {
  std::string message;  // libpg_query's message, e.g. `syntax error at or near "TABL"`
  int offset = -1;      // 0-based byte offset of the offending token in the input; -1 = unknown
};

// The parse tree of one input text. Keeps the simdjson parser alive as long as the tree is used.
// The parser comes from a small per-thread pool and goes back to it when the tree is destroyed:
// a dom::parser keeps its buffers, so the thousands of small parses of a compile (one per
// statement chunk, one per expression key) reuse them instead of allocating new ones.
class ParseTree {
 public:
  ParseTree() = default;
  ParseTree(ParseTree&&) noexcept = default;
  ParseTree& operator=(ParseTree&&) noexcept;
  ParseTree(const ParseTree&) = delete;
  ParseTree& operator=(const ParseTree&) = delete;
  ~ParseTree();

  // {"version": ..., "stmts": [{"stmt": {"CreateStmt": {...}}, "stmt_location": n, "stmt_len": n}]}
  simdjson::dom::element root() const { return root_; }
  simdjson::dom::array statements() const;

 private:
  friend std::variant<ParseTree, SyntaxError> parse(std::string_view sql);
  std::unique_ptr<simdjson::dom::parser> parser_;
  simdjson::dom::element root_;
};

// Parses `sql` (one or many statements). The input need not be NUL-terminated.
std::variant<ParseTree, SyntaxError> parse(std::string_view sql);

struct StatementSlice {
  size_t offset = 0;  // byte offset of the statement's first token (leading whitespace/comments skipped)
  size_t length = 0;  // bytes, without the terminating semicolon
};

// Splits `sql` into statements with libpg_query's scanner (no full parse, so it works on text with
// syntax errors and on statements such as CREATE INDEX CONCURRENTLY). Empty statements are dropped.
// Throws std::runtime_error only when the scanner itself fails (e.g. an unterminated literal);
// the message then carries the byte offset.
std::vector<StatementSlice> split_statements(std::string_view sql);

// The same split done by the full parser (the reference the benchmarks compare with).
std::optional<SyntaxError> split_with_parser(std::string_view sql, std::vector<StatementSlice>& out);

// The text cut into chunks of whole statements of about `chunk_bytes` each, for parsing one
// chunk at a time (a parse tree as JSON is ~15x the text, so a whole file's tree at once is the
// biggest cost in memory). A chunk ends just after the first top-level semicolon once it has
// `chunk_bytes`; the chunks cover [0, sql.size()) without gaps, so parsing them one by one gives
// the statements, stmt_location and stmt_len (relative to the chunk) that parsing the whole
// text gives. The cut is found with a light scan (comments, quoted strings and identifiers,
// dollar quotes, parentheses), much cheaper than libpg_query's scanner; where that scan could
// be wrong (an E'' string it misreads, a BEGIN ATOMIC body) the chunk before the cut does not
// parse, and the caller falls back to parsing the file whole. chunk_bytes 0: one chunk.
struct TextRange {
  size_t begin = 0;
  size_t end = 0;
};
std::vector<TextRange> statement_chunks(std::string_view sql, size_t chunk_bytes);

// 1-based line and column (in bytes) of a byte offset.
struct LineColumn {
  int line = 1;
  int column = 1;
};
LineColumn line_column(std::string_view text, size_t offset);

}  // namespace schemactl::pg
