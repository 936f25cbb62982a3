#include "grammar/migration_file.hpp"

#include <boost/spirit/home/x3.hpp>
#include <fmt/format.h>

#include <vector>

#include "compiler/error.hpp"

namespace schemactl::grammar {
namespace x3 = boost::spirit::x3;

namespace {

// `--` then optional blanks then `migrate:`: what makes a line a directive (dbmate's regexp
// `^--\s*migrate:`). Everything after it is checked by the directive grammar below.
const auto directive_prefix = x3::lit("--") >> *x3::blank >> x3::lit("migrate:");
const auto section_keyword = x3::rule<struct section_keyword, std::string>{"section"} =
    x3::lexeme[+(x3::alnum | x3::char_('_') | x3::char_('-'))];
const auto option_key = x3::rule<struct option_key, std::string>{"option"} =
    x3::lexeme[+(x3::alnum | x3::char_('_') | x3::char_('-'))];
const auto option_value = x3::rule<struct option_value, std::string>{"value"} = x3::lexeme[*x3::graph];
const auto transaction_value = x3::no_case[x3::lit("true") >> x3::attr(true) | x3::lit("false") >> x3::attr(false)];

struct Line {
  std::string_view text;  // without the line terminator
  size_t offset = 0;      // byte offset of the line in the file
  size_t next = 0;        // byte offset of the following line
  int number = 0;         // 1-based
};

std::vector<Line> split_lines(std::string_view text) {
  std::vector<Line> lines;
  size_t pos = 0;
  int number = 1;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    size_t end = nl == std::string_view::npos ? text.size() : nl;
    size_t next = nl == std::string_view::npos ? text.size() : nl + 1;
    size_t content_end = end > pos && text[end - 1] == '\r' ? end - 1 : end;
    lines.push_back({text.substr(pos, content_end - pos), pos, next, number++});
    pos = next;
  }
  return lines;
}

bool is_blank_or_comment(std::string_view line) {
  const char* it = line.data();
  const char* end = it + line.size();
  return x3::parse(it, end, *x3::space >> -(x3::lit("--") >> *x3::char_) >> x3::eoi);
}

struct Directive {
  bool up = true;
  bool transaction = true;
};

// Parses the directive on `line` (known to start with directive_prefix).
Directive parse_directive(const Line& line, std::string_view source) {
  const char* const begin = line.text.data();
  const char* const end = begin + line.text.size();
  const char* it = begin;
  auto fail = [&](const char* at, const std::string& what) {
    return InputError(fmt::format("{}:{}:{}: {}", source, line.number, at - begin + 1, what));
  };
  x3::parse(it, end, directive_prefix);
  const char* keyword_at = it;
  std::string keyword;
  x3::parse(it, end, section_keyword, keyword);
  Directive directive;
  if (keyword == "up") {
    directive.up = true;
  } else if (keyword == "down") {
    directive.up = false;
  } else {
    throw fail(keyword_at, fmt::format("unknown directive 'migrate:{}' (expected migrate:up or migrate:down)", keyword));
  }
  if (it != end && !x3::parse(it, end, &x3::space)) {
    throw fail(it, fmt::format("unexpected text after 'migrate:{}'", keyword));
  }
  while (true) {
    x3::parse(it, end, *x3::space);
    if (it == end) break;
    const char* key_at = it;
    std::string key;
    if (!x3::parse(it, end, option_key, key) || !x3::parse(it, end, x3::lit(':'))) {
      throw fail(key_at, "expected an option of the form key:value (e.g. transaction:false)");
    }
    const char* value_at = it;
    if (key != "transaction") {
      throw fail(key_at, fmt::format("unknown option '{}' (known: transaction:true|false)", key));
    }
    const char* probe = it;
    bool value = true;
    if (!x3::parse(probe, end, transaction_value, value) || (probe != end && !x3::parse(probe, end, &x3::space))) {
      std::string text;
      x3::parse(it, end, option_value, text);
      throw fail(value_at, fmt::format("transaction must be true or false, not '{}'", text));
    }
    it = probe;
    directive.transaction = value;
  }
  return directive;
}

}  // namespace

MigrationFile parse_migration_file(std::string_view text, std::string_view source) {
  auto lines = split_lines(text);
  std::optional<MigrationSection> up, down;
  MigrationSection* open = nullptr;  // the section receiving lines (non-owning: points into up/down)
  auto close = [&](size_t end_offset) {
    if (open) open->sql = std::string(text.substr(open->offset, end_offset - open->offset));
  };
  for (const auto& line : lines) {
    const char* it = line.text.data();
    const char* end = it + line.text.size();
    if (x3::parse(it, end, directive_prefix)) {
      Directive d = parse_directive(line, source);
      auto at = [&](const std::string& what) {
        return InputError(fmt::format("{}:{}:1: {}", source, line.number, what));
      };
      if (d.up && up) throw at(fmt::format("a second '-- migrate:up' section (the first is on line {})", up->directive_line));
      if (!d.up && down) throw at(fmt::format("a second '-- migrate:down' section (the first is on line {})", down->directive_line));
      if (!d.up && !up) throw at("'-- migrate:down' before '-- migrate:up' (the up section must come first)");
      close(line.offset);
      auto& slot = d.up ? up : down;
      slot = MigrationSection{};
      slot->offset = line.next;
      slot->line = line.number + 1;
      slot->directive_line = line.number;
      slot->transaction = d.transaction;
      open = &*slot;
      continue;
    }
    if (!open && !is_blank_or_comment(line.text)) {
      throw InputError(fmt::format("{}:{}:1: statement before '-- migrate:up' (every statement must be in an up or down section)",
                                   source, line.number));
    }
  }
  close(text.size());
  if (!up) throw InputError(fmt::format("{}:1:1: no '-- migrate:up' section", source));
  return MigrationFile{std::move(*up), std::move(down)};
}

}  // namespace schemactl::grammar
