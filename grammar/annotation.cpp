#include "grammar/annotation.hpp"

#include <boost/spirit/home/x3.hpp>

#include <algorithm>
#include <cctype>

namespace schemactl::grammar {
namespace x3 = boost::spirit::x3;

namespace {

// An SQL identifier: bare (folded to lower case) or double-quoted (kept, "" unescaped).
const auto bare_ident = x3::rule<struct bare_ident, std::string>{"identifier"} =
    x3::lexeme[(x3::alpha | x3::char_('_')) >> *(x3::alnum | x3::char_('_') | x3::char_('$'))];
const auto quoted_ident = x3::rule<struct quoted_ident, std::string>{"quoted identifier"} =
    x3::lexeme['"' >> *((x3::lit("\"\"") >> x3::attr('"')) | ~x3::char_('"')) >> '"'];

struct Ident {
  std::string text;
  bool quoted = false;
};

std::string fold(const Ident& id) {
  if (id.quoted) return id.text;
  std::string out = id.text;
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

// Parses one identifier at `it`; false when none.
bool parse_ident(const char*& it, const char* end, Ident& out) {
  std::string text;
  if (x3::parse(it, end, quoted_ident, text)) {
    out = {text, true};
    return true;
  }
  if (x3::parse(it, end, bare_ident, text)) {
    out = {text, false};
    return true;
  }
  return false;
}

}  // namespace

std::optional<Annotation> parse_annotation(std::string_view comment) {
  const char* const begin = comment.data();
  const char* const end = begin + comment.size();
  const char* it = begin;
  x3::parse(it, end, *x3::blank);
  if (!x3::parse(it, end, x3::lit("schemactl:"))) return std::nullopt;

  std::string keyword;
  const char* keyword_at = it;
  x3::parse(it, end, x3::lexeme[+(x3::alnum | x3::char_('-') | x3::char_('_'))], keyword);
  auto col = [&](const char* p) { return static_cast<int>(p - begin) + 1; };
  if (keyword != "renamed-from") {
    return AnnotationError{col(keyword_at), "unknown annotation 'schemactl:" + keyword +
                                                "' (known: schemactl:renamed-from)"};
  }
  x3::parse(it, end, *x3::blank);
  const char* name_at = it;
  Ident first, second;
  if (!parse_ident(it, end, first)) {
    return AnnotationError{col(name_at), "schemactl:renamed-from needs the old name"};
  }
  RenamedFrom result{"", fold(first)};
  if (it != end && *it == '.') {
    ++it;
    if (!parse_ident(it, end, second)) {
      return AnnotationError{col(it), "expected a name after '.'"};
    }
    result = {fold(first), fold(second)};
  }
  x3::parse(it, end, *x3::space);
  if (it != end) {
    return AnnotationError{col(it), "unexpected text after the old name"};
  }
  return result;
}

}  // namespace schemactl::grammar
