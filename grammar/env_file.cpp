#include "grammar/env_file.hpp"

#include <boost/spirit/home/x3.hpp>
#include <fmt/format.h>

#include <algorithm>

#include "compiler/error.hpp"

namespace schemactl::grammar {
namespace x3 = boost::spirit::x3;

namespace {

// The grammar of one assignment; the value alternatives are tried in order.
const auto key = x3::rule<struct key_rule, std::string>{"variable name"} =
    x3::lexeme[(x3::alpha | x3::char_('_')) >> *(x3::alnum | x3::char_('_') | x3::char_('.'))];

const auto escaped_char = (x3::lit("\\n") >> x3::attr('\n')) | (x3::lit("\\t") >> x3::attr('\t')) |
                          (x3::lit("\\r") >> x3::attr('\r')) | (x3::lit('\\') >> x3::char_);
const auto double_quoted = x3::rule<struct double_quoted_rule, std::string>{"double-quoted value"} =
    x3::lexeme['"' >> *(escaped_char | ~x3::char_('"')) >> '"'];
const auto single_quoted = x3::rule<struct single_quoted_rule, std::string>{"single-quoted value"} =
    x3::lexeme['\'' >> *~x3::char_('\'') >> '\''];
// A bare value runs to the end of the line or to a comment that follows whitespace.
const auto bare_value = x3::rule<struct bare_value_rule, std::string>{"value"} =
    x3::lexeme[*(~x3::char_("\r\n") - (+x3::blank >> '#'))];

const auto blank_or_comment_to_eol = *x3::blank >> -('#' >> *~x3::char_("\r\n")) >> (x3::eol | x3::eoi);

std::string trim_right(std::string s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.pop_back();
  return s;
}

}  // namespace

std::vector<EnvEntry> parse_env_file(std::string_view text, std::string_view source) {
  std::vector<EnvEntry> entries;
  const char* const begin = text.data();
  const char* const end = begin + text.size();
  const char* it = begin;
  auto where = [&](const char* p) {
    int line = 1, column = 1;
    for (const char* q = begin; q < p; ++q) {
      if (*q == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    return fmt::format("{}:{}:{}", source, line, column);
  };
  auto line_of = [&](const char* p) { return static_cast<int>(std::count(begin, p, '\n')) + 1; };

  while (it != end) {
    if (x3::parse(it, end, x3::omit[*x3::blank] >> ('#' >> *~x3::char_("\r\n") | x3::eps) >> x3::eol)) {
      continue;  // blank line or comment line
    }
    x3::parse(it, end, *x3::blank);
    if (it == end) break;
    const char* statement_start = it;
    {
      // `export KEY=...`: the keyword needs at least one blank after it.
      const char* probe = it;
      if (x3::parse(probe, end, x3::lit("export") >> +x3::blank)) it = probe;
    }
    EnvEntry entry;
    entry.line = line_of(statement_start);
    const char* key_at = it;
    if (!x3::parse(it, end, key, entry.key)) {
      throw InputError(fmt::format("{}: expected a variable name (KEY=VALUE)", where(key_at)));
    }
    x3::parse(it, end, *x3::blank);
    if (!x3::parse(it, end, x3::lit('=') | x3::lit(':'))) {
      throw InputError(fmt::format("{}: expected '=' after {}", where(it), entry.key));
    }
    x3::parse(it, end, *x3::blank);
    const char* value_at = it;
    if (it != end && *it == '"') {
      if (!x3::parse(it, end, double_quoted, entry.value)) {
        throw InputError(fmt::format("{}: unterminated double-quoted value", where(value_at)));
      }
    } else if (it != end && *it == '\'') {
      if (!x3::parse(it, end, single_quoted, entry.value)) {
        throw InputError(fmt::format("{}: unterminated single-quoted value", where(value_at)));
      }
    } else {
      x3::parse(it, end, bare_value, entry.value);
      entry.value = trim_right(entry.value);
    }
    x3::parse(it, end, *x3::blank);
    if (!x3::parse(it, end, blank_or_comment_to_eol)) {
      throw InputError(fmt::format("{}: unexpected text after the value of {}", where(it), entry.key));
    }
    entries.push_back(std::move(entry));
  }
  return entries;
}

}  // namespace schemactl::grammar
