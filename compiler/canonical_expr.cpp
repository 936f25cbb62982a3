// Canonical expression keys: a serialization of libpg_query's parse tree with locations
// dropped and PostgreSQL's own rewrites folded, so that the user's text and the server's
// pg_get_expr / pg_get_viewdef text (printed under an empty search_path) give equal keys.
//
// Every rule below names the PostgreSQL behaviour it mirrors; the pairs they were derived from
// (user text vs. the text a PostgreSQL 15 server printed back) are in tests/unit/canonical_expr_test.cpp.
#include "compiler/canonical_expr.hpp"

#include <algorithm>
#include <string>
#include <variant>

#include "compiler/canonical_expr_literal.hpp"
#include "compiler/canonical_expr_types.hpp"
#include "compiler/error.hpp"
#include "compiler/expr_type_name.hpp"
#include "compiler/pg_parse.hpp"
#include "compiler/quote.hpp"

namespace schemactl {
namespace {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

constexpr auto kOk = simdjson::SUCCESS;

// A node in libpg_query's JSON is {"NodeType": {fields}}; inline structs (TypeName, Alias)
// have lower-case field names instead.
bool as_node(element e, std::string_view& type, object& body) {
  object wrapper;
  if (e.get(wrapper) != kOk || wrapper.size() != 1) return false;
  for (auto field : wrapper) {
    if (field.key.empty() || field.key[0] < 'A' || field.key[0] > 'Z') return false;
    type = field.key;
    return field.value.get(body) == kOk;
  }
  return false;
}

bool is_node(element e, std::string_view type) {
  std::string_view t;
  object body;
  return as_node(e, t, body) && t == type;
}

std::string_view string_field(object o, std::string_view key) {
  std::string_view s;
  if (o[key].get(s) != kOk) return {};
  return s;
}

// The identifiers of a name list ([{"String": {"sval": "x"}}, ...]).
std::vector<std::string_view> name_list(element list) {
  std::vector<std::string_view> out;
  array items;
  if (list.get(items) != kOk) return out;
  for (element item : items) {
    std::string_view s;
    if (item["String"]["sval"].get(s) == kOk) out.push_back(s);
  }
  return out;
}

bool contains_column_ref(element e) {
  object o;
  array a;
  if (e.get(o) == kOk) {
    for (auto field : o) {
      if (field.key == "ColumnRef" || contains_column_ref(field.value)) return true;
    }
  } else if (e.get(a) == kOk) {
    for (element item : a) {
      if (contains_column_ref(item)) return true;
    }
  }
  return false;
}

bool is_comparison(std::string_view op) {
  return op == "=" || op == "<>" || op == "<" || op == ">" || op == "<=" || op == ">=";
}

bool is_text_type(std::string_view type) {
  return type == "text" || type == "character varying" || type == "bpchar";
}

bool is_numeric_type(std::string_view type) {
  return type == "numeric" || type == "double precision" || type == "real" || type == "bigint" ||
         type == "integer" || type == "smallint";
}

// One literal after its casts are folded.
struct Literal {
  enum class Kind { Null, Text, Bool, Bits } kind = Kind::Text;
  std::string text;
};

class KeyWriter {
 public:
  KeyWriter(std::string_view source, const ExprContext& context) : source_(source), context_(context) {}

  // A scalar expression; a literal at the top is interpreted with the context's target type.
  std::string top_expression(element node) {
    std::string out;
    Literal lit;
    if (literal_of(node, lit)) {
      if (!context_.target_type.empty()) normalize_for_type(lit, context_.target_type);
      append_literal(out, lit);
    } else {
      expr(out, node);
    }
    return out;
  }

  std::string statement(element node) {
    std::string out;
    expr(out, node);
    return out;
  }

  // What func_call writes for nextval('<regclass_text>'::regclass): the literal folded as a
  // regclass, and no fields after the arguments (a plain call's funcformat is skipped, its
  // location ignored). The unit tests hold it equal to the parsed form.
  std::string sequence_default(std::string_view regclass_text) const {
    std::string out = "F[nextval](";
    append_literal(out, Literal{Literal::Kind::Text, regclass_name(regclass_text)});
    out += "){}";
    return out;
  }

 private:
  std::string_view source_;
  const ExprContext& context_;
  // The single relation in scope of each enclosing SELECT (empty when none or several):
  // its visible name and, for an unaliased table, its schema.
  struct Scope {
    std::string name;
    std::string schema;
    bool single = false;
  };
  std::vector<Scope> scopes_;
  bool comparison_operand_ = false;

  bool is_default_schema(std::string_view schema) const {
    if (schema == "pg_catalog") return true;
    return std::find(context_.default_schemas.begin(), context_.default_schemas.end(), schema) !=
           context_.default_schemas.end();
  }

  // Qualified names (functions, operators, collations): pg_get_expr qualifies user objects
  // with their schema under an empty search_path; pg_catalog and default schemas are implied.
  std::string qualified(element list) const {
    auto names = name_list(list);
    if (names.size() > 1 && is_default_schema(names.front())) names.erase(names.begin());
    std::string out;
    for (size_t i = 0; i < names.size(); ++i) {
      if (i) out += '.';
      out += names[i];
    }
    return out;
  }

  // libpg_query 15-4.0.0 writes A_Const's ival only when it is positive ({} for 0 and for
  // negative numbers), so the value is read back from the source text at the node's location:
  // signs, blanks and parentheses, then digits (the parser folds `-1`, `- 1` and `-(1)` into
  // one negative constant).
  std::string int_text(object aconst) const {
    int64_t value = 0;
    if (aconst["ival"]["ival"].get(value) == kOk && value != 0) return std::to_string(value);
    int64_t location = -1;
    if (aconst["location"].get(location) != kOk || location < 0) return "0";
    bool negative = false;
    size_t i = static_cast<size_t>(location);
    for (; i < source_.size(); ++i) {
      char c = source_[i];
      if (c == '-') negative = !negative;
      else if (c == '+' || c == '(' || c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
      else break;
    }
    size_t start = i;
    while (i < source_.size() && source_[i] >= '0' && source_[i] <= '9') ++i;
    std::string digits(source_.substr(start, i - start));
    size_t nonzero = digits.find_first_not_of('0');
    if (nonzero == std::string::npos) return "0";
    digits.erase(0, nonzero);
    return negative ? "-" + digits : digits;
  }

  bool const_literal(object aconst, Literal& lit) const {
    element v;
    bool isnull = false;
    if (aconst["isnull"].get(isnull) == kOk && isnull) {
      lit = {Literal::Kind::Null, "NULL"};
    } else if (aconst["sval"].get(v) == kOk) {
      lit = {Literal::Kind::Text, std::string(string_field(v.get_object().value(), "sval"))};
    } else if (aconst["ival"].get(v) == kOk) {
      // Numbers and strings share one form: PostgreSQL prints an integer default written as
      // '5' as 5, and a negative one as '-1'::integer.
      lit = {Literal::Kind::Text, int_text(aconst)};
    } else if (aconst["fval"].get(v) == kOk) {
      lit = {Literal::Kind::Text, std::string(string_field(v.get_object().value(), "fval"))};
    } else if (aconst["boolval"].get(v) == kOk) {
      bool b = false;
      if (v["boolval"].get(b) != kOk) b = false;  // false is omitted like 0
      lit = {Literal::Kind::Bool, b ? "true" : "false"};
    } else if (aconst["bsval"].get(v) == kOk) {
      // B'0101' and X'1F' are printed as '00011111'::"bit": the literal's bits as a string.
      std::string_view bits = string_field(v.get_object().value(), "bsval");
      std::string text;
      if (!bits.empty() && (bits[0] == 'x' || bits[0] == 'X')) {
        for (char c : bits.substr(1)) {
          int n = (c >= '0' && c <= '9') ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 : (c >= 'A' && c <= 'F') ? c - 'A' + 10 : 0;
          for (int bit = 3; bit >= 0; --bit) text += ((n >> bit) & 1) ? '1' : '0';
        }
      } else {
        text = std::string(bits.empty() ? bits : bits.substr(1));
      }
      lit = {Literal::Kind::Text, text};
    } else {
      return false;
    }
    return true;
  }

  // A regclass literal names a relation: 'users_id_seq', 'public.users_id_seq' and
  // '"Users_id_seq"' are folded like identifiers (nextval('x') is stored as
  // nextval('public.x'::regclass) and printed schema-qualified under an empty search_path).
  std::string regclass_name(std::string_view text) const {
    std::vector<std::string> parts;
    std::string part;
    bool quoted = false;
    for (size_t i = 0; i < text.size(); ++i) {
      char c = text[i];
      if (quoted) {
        if (c == '"') {
          if (i + 1 < text.size() && text[i + 1] == '"') { part += '"'; ++i; }
          else quoted = false;
        } else {
          part += c;
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == '.') {
        parts.push_back(part);
        part.clear();
      } else if (c != ' ') {
        part += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
      }
    }
    parts.push_back(part);
    if (parts.size() > 1 && is_default_schema(parts.front())) parts.erase(parts.begin());
    std::string out;
    for (size_t i = 0; i < parts.size(); ++i) {
      if (i) out += '.';
      out += quote_ident(parts[i]);
    }
    return out;
  }

  // What a literal cast to `type` means, so that forms PostgreSQL prints differently compare equal.
  void normalize_for_type(Literal& lit, std::string_view type) const {
    if (lit.kind != Literal::Kind::Text) return;
    if (type == "boolean") {
      // boolin accepts t/true/yes/on/1 (any case); the server prints true/false.
      std::string v;
      for (char c : lit.text) {
        if (c != ' ') v += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
      }
      if (v == "t" || v == "true" || v == "y" || v == "yes" || v == "on" || v == "1") lit = {Literal::Kind::Bool, "true"};
      else if (v == "f" || v == "false" || v == "n" || v == "no" || v == "off" || v == "0") lit = {Literal::Kind::Bool, "false"};
    } else if (type == "regclass") {
      lit.text = regclass_name(lit.text);
    } else if (auto printed = canonical_literal(lit.text, type)) {
      // The value the type's input function reads, as its output function prints it back
      // (timestamp '2020-01-01' -> '2020-01-01 00:00:00'::timestamp without time zone).
      lit.text = *printed;
    }
  }

  // A constant, possibly under casts. PostgreSQL casts every untyped literal to the type it
  // resolved ('a' -> 'a'::text, 'a'::character varying, '-1'::integer, (2000)::numeric), so
  // casts of literals carry no information the context does not already imply and are dropped.
  // (An explicit cast that chooses an operator overload, e.g. '2020-01-01'::date + 1 vs.
  // ::timestamp + 1, is the one case this folds too far.)
  bool literal_of(element node, Literal& lit) const {
    std::string_view type;
    object body;
    if (!as_node(node, type, body)) return false;
    if (type == "A_Const") return const_literal(body, lit);
    if (type == "TypeCast") {
      element arg;
      if (body["arg"].get(arg) != kOk || !literal_of(arg, lit)) return false;
      element type_name;
      if (body["typeName"].get(type_name) == kOk) {
        normalize_for_type(lit, canonical_type_name(type_name, context_.default_schemas));
      }
      return true;
    }
    return false;
  }

  bool all_literal_array(object array_expr) const {
    array elements;
    if (array_expr["elements"].get(elements) != kOk) return true;  // ARRAY[]
    for (element e : elements) {
      Literal lit;
      std::string_view type;
      object body;
      if (literal_of(e, lit)) continue;
      if (as_node(e, type, body) && type == "A_ArrayExpr" && all_literal_array(body)) continue;
      return false;
    }
    return true;
  }

  static void append_literal(std::string& out, const Literal& lit) {
    switch (lit.kind) {
      case Literal::Kind::Null: out += "NULL"; return;
      case Literal::Kind::Bool: out += lit.text; return;
      case Literal::Kind::Bits: out += "B"; break;
      case Literal::Kind::Text: break;
    }
    out += '\'';
    for (char c : lit.text) {
      if (c == '\'') out += '\'';
      out += c;
    }
    out += '\'';
  }

  static void append_quoted(std::string& out, std::string_view s) {
    out += '"';
    for (char c : s) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }

  // ---- dispatch --------------------------------------------------------------------------

  void expr(std::string& out, element node) {
    std::string_view type;
    object body;
    if (!as_node(node, type, body)) {
      value(out, node);
      return;
    }
    bool operand = comparison_operand_;
    comparison_operand_ = false;
    if (type == "A_Const" || type == "TypeCast") {
      Literal lit;
      if (literal_of(node, lit)) append_literal(out, lit);
      else type_cast(out, body, operand);
    } else if (type == "A_Expr") {
      a_expr(out, body);
    } else if (type == "BoolExpr") {
      bool_expr(out, body);
    } else if (type == "FuncCall") {
      func_call(out, body);
    } else if (type == "ColumnRef") {
      column_ref(out, body);
    } else if (type == "RangeVar") {
      range_var(out, body);
    } else if (type == "SelectStmt") {
      select_stmt(out, body);
    } else if (type == "SortBy") {
      sort_by(out, body);
    } else if (type == "CollateClause") {
      out += "COLLATE(";
      element arg;
      if (body["arg"].get(arg) == kOk) expr(out, arg);
      out += ',';
      element names;
      if (body["collname"].get(names) == kOk) append_quoted(out, qualified(names));
      out += ')';
    } else if (type == "RowExpr") {
      // (a, b) and ROW(a, b) are the same row; row_format only says how it was spelled.
      generic(out, type, body, {"row_format"});
    } else if (type == "String") {
      append_quoted(out, string_field(body, "sval"));
    } else if (type == "List") {
      out += '(';
      list(out, body["items"]);
      out += ')';
    } else {
      generic(out, type, body, {});
    }
  }

  void value(std::string& out, element v) {
    switch (v.type()) {
      case simdjson::dom::element_type::OBJECT: {
        std::string_view type;
        object body;
        if (as_node(v, type, body)) {
          expr(out, v);
        } else {
          generic(out, "", v.get_object().value(), {});
        }
        return;
      }
      case simdjson::dom::element_type::ARRAY:
        out += '[';
        list(out, v);
        out += ']';
        return;
      case simdjson::dom::element_type::STRING:
        append_quoted(out, v.get_string().value());
        return;
      case simdjson::dom::element_type::INT64: out += std::to_string(v.get_int64().value()); return;
      case simdjson::dom::element_type::UINT64: out += std::to_string(v.get_uint64().value()); return;
      case simdjson::dom::element_type::DOUBLE: out += std::to_string(v.get_double().value()); return;
      case simdjson::dom::element_type::BOOL: out += v.get_bool().value() ? "true" : "false"; return;
      case simdjson::dom::element_type::NULL_VALUE: out += "null"; return;
    }
  }

  void list(std::string& out, element items) {
    array a;
    if (items.get(a) != kOk) return;
    bool first = true;
    for (element item : a) {
      if (!first) out += ',';
      first = false;
      expr(out, item);
    }
  }

  // Any node without a rule: its fields in the parser's order, locations dropped.
  void generic(std::string& out, std::string_view type, object body, std::initializer_list<std::string_view> skip) {
    out += type;
    out += '{';
    bool first = true;
    for (auto field : body) {
      if (field.key == "location") continue;
      if (std::find(skip.begin(), skip.end(), field.key) != skip.end()) continue;
      if (!first) out += ',';
      first = false;
      out += field.key;
      out += '=';
      value(out, field.value);
    }
    out += '}';
  }

  // ---- rules -----------------------------------------------------------------------------

  // Explicit casts are kept, except those PostgreSQL inserts itself: varchar/bpchar columns
  // are relabelled to text wherever a text operator or function applies ((b)::text = 'x'::text,
  // length((b)::text)), and comparison operands are widened to the other side's type
  // ((c)::numeric > 1.5). Casts of arrays of literals ((ARRAY['a'::character varying])::text[])
  // are literal casts.
  void type_cast(std::string& out, object body, bool comparison_operand) {
    element arg;
    element type_name;
    if (body["arg"].get(arg) != kOk || body["typeName"].get(type_name) != kOk) {
      generic(out, "TypeCast", body, {});
      return;
    }
    std::string type = canonical_type_name(type_name, context_.default_schemas);
    std::string_view arg_type;
    object arg_body;
    if (as_node(arg, arg_type, arg_body)) {
      if (arg_type == "A_ArrayExpr" && all_literal_array(arg_body)) {
        expr(out, arg);
        return;
      }
      if (arg_type == "ColumnRef" &&
          (is_text_type(type) || (comparison_operand && is_numeric_type(type)))) {
        expr(out, arg);
        return;
      }
    }
    // coerce_type adds no cast when the operand already has the target type (same modifiers):
    // current_setting('x')::text is stored as current_setting('x'::text).
    if (std::string own = static_type(arg); !own.empty() && own == type) {
      expr(out, arg);
      return;
    }
    out += "CAST(";
    expr(out, arg);
    out += ',';
    out += type;
    out += ')';
  }

  // The type of an expression as far as the key can tell without a catalog ("" when unknown,
  // "unknown" for an untyped string literal or NULL, as the parser types them).
  std::string static_type(element node) const {
    std::string_view type;
    object body;
    if (!as_node(node, type, body)) return {};
    if (type == "TypeCast") {
      element type_name;
      return body["typeName"].get(type_name) == kOk ? canonical_type_name(type_name, context_.default_schemas) : "";
    }
    if (type == "A_Const") {
      element v;
      bool isnull = false;
      if (body["isnull"].get(isnull) == kOk && isnull) return "unknown";
      if (body["sval"].get(v) == kOk) return "unknown";
      if (body["boolval"].get(v) == kOk) return "boolean";
      if (body["ival"].get(v) == kOk) return "integer";
      if (body["fval"].get(v) == kOk) {
        // make_const: a number without a point or exponent that does not fit int4 is int8 if it
        // fits, numeric otherwise.
        std::string_view f = string_field(v.get_object().value(), "fval");
        if (f.find_first_of(".eE") != std::string_view::npos) return "numeric";
        size_t digits = f.size() - (!f.empty() && (f[0] == '-' || f[0] == '+'));
        return digits <= 18 ? "bigint" : "numeric";
      }
      return {};
    }
    if (type == "ColumnRef") {
      if (!context_.column_type) return {};
      auto names = name_list(body["fields"]);
      array fields;
      if (names.empty() || body["fields"].get(fields) != kOk || names.size() != fields.size()) return {};
      return context_.column_type(names.back());
    }
    if (type == "FuncCall") {
      auto names = name_list(body["funcname"]);
      if (names.empty() || (names.size() == 2 && names.front() != "pg_catalog") || names.size() > 2) return {};
      if (names.back() == "abs") {
        // abs is overloaded per numeric type and returns its argument's type.
        array args;
        if (body["args"].get(args) == kOk && args.size() == 1) {
          std::string arg = static_type(args.at(0).value());
          return numeric_rank(arg) >= 0 ? arg : "";
        }
        return {};
      }
      return std::string(builtin_function_type(names.back()));
    }
    if (type == "SQLValueFunction") return std::string(sql_value_function_type(string_field(body, "op")));
    if (type == "A_ArrayExpr") {
      array elements;
      if (body["elements"].get(elements) != kOk) return {};
      std::string element_type;
      for (element e : elements) {
        std::string t = static_type(e);
        if (t.empty() || (!element_type.empty() && t != "unknown" && element_type != "unknown" && t != element_type)) {
          return {};
        }
        if (element_type.empty() || element_type == "unknown") element_type = t;
      }
      if (element_type.empty()) return {};
      // An ARRAY[] of untyped literals is text[] (select_common_type resolves unknown to text).
      return (element_type == "unknown" ? "text" : element_type) + "[]";
    }
    if (type == "A_Expr" && string_field(body, "kind") == "AEXPR_OP") {
      element name;
      std::string op = body["name"].get(name) == kOk ? qualified(name) : "";
      element left;
      element right;
      bool has_left = body["lexpr"].get(left) == kOk;
      if (body["rexpr"].get(right) != kOk) return {};
      if (is_comparison(op)) return "boolean";
      std::string right_type = static_type(right);
      if (!has_left) return op == "-" || op == "+" ? (numeric_rank(right_type) >= 0 ? right_type : "") : "";
      if (op == "+" || op == "-" || op == "*" || op == "/" || op == "%") {
        std::string left_type = static_type(left);
        return arithmetic_result_type(literal_numeric_type(left_type, right_type), literal_numeric_type(right_type, left_type));
      }
      return {};
    }
    return {};
  }

  // An untyped literal operand takes the other operand's type (unknown-type resolution).
  static std::string literal_numeric_type(const std::string& type, const std::string& other) {
    return type == "unknown" ? other : type;
  }

  static bool is_arithmetic(std::string_view op) {
    return op == "+" || op == "-" || op == "*" || op == "/" || op == "%";
  }

  // One operand of a binary operator, with what the parser adds when it resolves the operator
  // from the operand types: the implicit cast of the lower-ranked numeric operand
  // ((quantity)::numeric * unit_price), and an untyped literal read by the other operand's type
  // (ts > '2020-01-01 00:00+01' is stored as ts > '2019-12-31 23:00:00+00'::timestamp with time zone).
  // Casts of literals carry no information in the key, and a column compared to a constant
  // keeps its cast dropped as type_cast does ((c)::numeric > 1.5).
  void operand(std::string& out, element node, element other, bool comparison) {
    Literal lit;
    if (literal_of(node, lit)) {
      std::string own = static_type(node);
      std::string other_type = own == "unknown" && lit.kind == Literal::Kind::Text ? static_type(other) : "";
      if (!other_type.empty() && other_type != "unknown") normalize_for_type(lit, other_type);
      append_literal(out, lit);
      return;
    }
    std::string own = static_type(node);
    std::string other_type = static_type(other);
    std::string_view cast = own.empty() || other_type.empty() ? std::string_view() : implicit_operand_cast(own, other_type);
    if (!cast.empty() && comparison && is_node(node, "ColumnRef")) cast = {};
    if (cast.empty()) {
      comparison_operand_ = comparison;
      expr(out, node);
      comparison_operand_ = false;
      return;
    }
    out += "CAST(";
    expr(out, node);
    out += ',';
    out += cast;
    out += ')';
  }

  void operator_call(std::string& out, std::string_view op, element left, element right, bool has_left) {
    bool comparison = is_comparison(op);
    out += "OP[";
    out += op;
    out += "](";
    if (has_left && (comparison || is_arithmetic(op))) {
      operand(out, left, right, comparison);
      out += ',';
      operand(out, right, left, comparison);
      out += ')';
      return;
    }
    if (has_left) {
      comparison_operand_ = comparison;
      expr(out, left);
      out += ',';
    }
    comparison_operand_ = comparison;
    expr(out, right);
    comparison_operand_ = false;
    out += ')';
  }

  void array_of(std::string& out, const std::vector<element>& items) {
    out += "A_ArrayExpr{elements=[";
    for (size_t i = 0; i < items.size(); ++i) {
      if (i) out += ',';
      expr(out, items[i]);
    }
    out += "]}";
  }

  // x IN (a, b): PostgreSQL's transformAExprIn turns the elements without column references
  // into x = ANY (ARRAY[...]) when there are at least two of them, and compares every other
  // element separately, OR-ing the results (x NOT IN: <> ALL, AND-ed). A single element is a
  // plain comparison: x IN (1) is printed as (x = 1).
  void in_list(std::string& out, std::string_view op, element left, element right) {
    std::vector<element> items;
    array a;
    if (right["List"]["items"].get(a) == kOk) {
      for (element item : a) items.push_back(item);
    }
    std::vector<element> constants;
    std::vector<element> others;
    for (element item : items) (contains_column_ref(item) ? others : constants).push_back(item);
    std::vector<std::string> parts;
    if (constants.size() > 1) {
      std::string part = op == "=" ? "ANY[=](" : "ALL[" + std::string(op) + "](";
      comparison_operand_ = true;
      expr(part, left);
      comparison_operand_ = false;
      part += ',';
      array_of(part, constants);
      part += ')';
      parts.push_back(part);
    } else {
      others.insert(others.begin(), constants.begin(), constants.end());
    }
    for (element item : others) {
      std::string part;
      operator_call(part, op, left, item, true);
      parts.push_back(part);
    }
    if (parts.size() == 1) {
      out += parts.front();
      return;
    }
    out += op == "=" ? "OR(" : "AND(";
    for (size_t i = 0; i < parts.size(); ++i) {
      if (i) out += ',';
      out += parts[i];
    }
    out += ')';
  }

  // BETWEEN is expanded by the parser's transformAExprBetween: x >= a AND x <= b;
  // NOT BETWEEN: x < a OR x > b.
  bool between_parts(object body, std::string_view bool_op, std::vector<std::string>& parts) {
    std::string_view kind = string_field(body, "kind");
    bool between = kind == "AEXPR_BETWEEN";
    if (!(between && bool_op == "AND") && !(kind == "AEXPR_NOT_BETWEEN" && bool_op == "OR")) return false;
    element left;
    array bounds;
    if (body["lexpr"].get(left) != kOk || body["rexpr"]["List"]["items"].get(bounds) != kOk || bounds.size() != 2) {
      return false;
    }
    std::string low;
    std::string high;
    operator_call(low, between ? ">=" : "<", left, bounds.at(0).value(), true);
    operator_call(high, between ? "<=" : ">", left, bounds.at(1).value(), true);
    parts.push_back(low);
    parts.push_back(high);
    return true;
  }

  void a_expr(std::string& out, object body) {
    std::string_view kind = string_field(body, "kind");
    element name;
    std::string op = body["name"].get(name) == kOk ? qualified(name) : "";
    element left;
    element right;
    bool has_left = body["lexpr"].get(left) == kOk;
    bool has_right = body["rexpr"].get(right) == kOk;
    if (!has_right) {
      generic(out, "A_Expr", body, {});
      return;
    }
    // LIKE, ILIKE and SIMILAR TO are operators (~~, ~~*, ~ similar_to_escape(...)) that the
    // server prints in operator form: a ~~ 'x%'::text.
    if (kind == "AEXPR_OP" || kind == "AEXPR_LIKE" || kind == "AEXPR_ILIKE" || kind == "AEXPR_SIMILAR") {
      operator_call(out, op, left, right, has_left);
    } else if ((kind == "AEXPR_OP_ANY" || kind == "AEXPR_OP_ALL") && has_left) {
      out += kind == "AEXPR_OP_ANY" ? "ANY[" : "ALL[";
      out += op;
      out += "](";
      comparison_operand_ = is_comparison(op);
      expr(out, left);
      comparison_operand_ = false;
      out += ',';
      expr(out, right);
      out += ')';
    } else if (kind == "AEXPR_IN" && has_left) {
      in_list(out, op, left, right);
    } else if (kind == "AEXPR_BETWEEN" || kind == "AEXPR_NOT_BETWEEN") {
      std::vector<std::string> parts;
      if (!between_parts(body, kind == "AEXPR_BETWEEN" ? "AND" : "OR", parts)) {
        generic(out, "A_Expr", body, {});
        return;
      }
      out += kind == "AEXPR_BETWEEN" ? "AND(" : "OR(";
      out += parts[0] + "," + parts[1] + ")";
    } else {
      out += "A_Expr[";
      out += kind;
      out += ',';
      out += op;
      out += "](";
      if (has_left) expr(out, left);
      out += ',';
      expr(out, right);
      out += ')';
    }
  }

  // a AND (b AND c) is a AND b AND c: the planner flattens nested ANDs/ORs, and the printed
  // form's parenthesization depends on how the tree was built (IN and BETWEEN expansions).
  void collect_bool(element node, std::string_view bool_op, std::vector<std::string>& parts) {
    std::string_view type;
    object body;
    if (as_node(node, type, body)) {
      if (type == "BoolExpr" && string_field(body, "boolop") == bool_op) {
        array args;
        if (body["args"].get(args) == kOk) {
          for (element arg : args) collect_bool(arg, bool_op, parts);
        }
        return;
      }
      if (type == "A_Expr" && between_parts(body, bool_op == "AND_EXPR" ? "AND" : "OR", parts)) return;
    }
    std::string part;
    expr(part, node);
    parts.push_back(part);
  }

  void bool_expr(std::string& out, object body) {
    std::string_view op = string_field(body, "boolop");
    if (op != "AND_EXPR" && op != "OR_EXPR") {
      generic(out, "BoolExpr", body, {});
      return;
    }
    std::vector<std::string> parts;
    array args;
    if (body["args"].get(args) == kOk) {
      for (element arg : args) collect_bool(arg, op, parts);
    }
    out += op == "AND_EXPR" ? "AND(" : "OR(";
    for (size_t i = 0; i < parts.size(); ++i) {
      if (i) out += ',';
      out += parts[i];
    }
    out += ')';
  }

  // Function names lose pg_catalog/default-schema qualification; funcformat (whether the
  // server prints SQL syntax such as EXTRACT(... FROM ...)) is presentation only. The first
  // argument of the sequence functions is a regclass even when written as a bare string.
  void func_call(std::string& out, object body) {
    element names;
    std::string name = body["funcname"].get(names) == kOk ? qualified(names) : "";
    bool sequence_function = name == "nextval" || name == "currval" || name == "setval";
    out += "F[";
    out += name;
    out += "](";
    // f(VARIADIC ARRAY[a, b]) is f(a, b): the parser collects the variadic arguments into an
    // array and ruleutils prints that call with VARIADIC ARRAY[...].
    std::vector<element> args;
    array written;
    if (body["args"].get(written) == kOk) {
      for (element arg : written) args.push_back(arg);
    }
    bool variadic = false;
    object last;
    std::string_view last_type;
    array spread;
    if (body["func_variadic"].get(variadic) == kOk && variadic && !args.empty() &&
        as_node(args.back(), last_type, last) && last_type == "A_ArrayExpr") {
      args.pop_back();
      if (last["elements"].get(spread) == kOk) {
        for (element e : spread) args.push_back(e);
      }
    } else {
      variadic = false;
    }
    {
      bool first = true;
      for (element arg : args) {
        if (!first) out += ',';
        Literal lit;
        if (first && sequence_function && literal_of(arg, lit) && lit.kind == Literal::Kind::Text) {
          lit.text = regclass_name(lit.text);
          append_literal(out, lit);
        } else {
          expr(out, arg);
        }
        first = false;
      }
    }
    out += ')';
    if (variadic) generic(out, "", body, {"funcname", "args", "funcformat", "func_variadic"});
    else generic(out, "", body, {"funcname", "args", "funcformat"});
  }

  // pg_get_viewdef qualifies every column with its relation (t.a) when the query has a FROM
  // list; a user's unqualified column means the same when only one relation is in scope.
  void column_ref(std::string& out, object body) {
    std::vector<std::string> fields;
    array items;
    if (body["fields"].get(items) == kOk) {
      for (element item : items) {
        std::string_view s;
        if (item["String"]["sval"].get(s) == kOk) fields.emplace_back(s);
        else if (is_node(item, "A_Star")) fields.emplace_back("*");
      }
    }
    if (!scopes_.empty() && scopes_.back().single) {
      const Scope& scope = scopes_.back();
      if (fields.size() == 2 && fields[0] == scope.name) {
        fields.erase(fields.begin());
      } else if (fields.size() == 3 && !scope.schema.empty() && fields[1] == scope.name &&
                 (fields[0] == scope.schema || (is_default_schema(fields[0]) && is_default_schema(scope.schema)))) {
        fields.erase(fields.begin(), fields.begin() + 2);
      }
    }
    out += "C[";
    for (size_t i = 0; i < fields.size(); ++i) {
      if (i) out += '.';
      append_quoted(out, fields[i]);
    }
    out += ']';
  }

  // Relations are printed schema-qualified under an empty search_path (public.t).
  void range_var(std::string& out, object body) {
    std::string_view schema = string_field(body, "schemaname");
    out += "R[";
    if (!schema.empty() && !is_default_schema(schema)) {
      append_quoted(out, schema);
      out += '.';
    }
    append_quoted(out, string_field(body, "relname"));
    out += ']';
    generic(out, "", body, {"schemaname", "relname", "catalogname"});
  }

  // ASC and the default NULLS placement for the direction are implied (the server omits them).
  void sort_by(std::string& out, object body) {
    std::string_view dir = string_field(body, "sortby_dir");
    std::string_view nulls = string_field(body, "sortby_nulls");
    bool descending = dir == "SORTBY_DESC";
    bool default_nulls = nulls.empty() || nulls == "SORTBY_NULLS_DEFAULT" ||
                         (descending ? nulls == "SORTBY_NULLS_FIRST" : nulls == "SORTBY_NULLS_LAST");
    out += "SORT[";
    out += descending ? "DESC" : (dir == "SORTBY_USING" ? "USING" : "ASC");
    if (!default_nulls) out += nulls == "SORTBY_NULLS_FIRST" ? ",NULLS FIRST" : ",NULLS LAST";
    out += "](";
    element node;
    if (body["node"].get(node) == kOk) expr(out, node);
    out += ')';
    generic(out, "", body, {"node", "sortby_dir", "sortby_nulls"});
  }

  // The relations visible in a FROM list, to decide whether column qualification is implied.
  void collect_ranges(element node, std::vector<Scope>& ranges) const {
    std::string_view type;
    object body;
    if (!as_node(node, type, body)) return;
    std::string alias;
    std::string_view s;
    if (body["alias"]["aliasname"].get(s) == kOk) alias = s;
    if (type == "RangeVar") {
      if (!alias.empty()) {
        ranges.push_back({alias, "", true});
      } else {
        std::string_view schema = string_field(body, "schemaname");
        ranges.push_back({std::string(string_field(body, "relname")),
                          schema.empty() ? context_.default_schemas.empty() ? "public" : context_.default_schemas.front()
                                         : std::string(schema),
                          true});
      }
    } else if (type == "JoinExpr") {
      if (!alias.empty()) {
        ranges.push_back({alias, "", true});
        return;
      }
      element side;
      if (body["larg"].get(side) == kOk) collect_ranges(side, ranges);
      if (body["rarg"].get(side) == kOk) collect_ranges(side, ranges);
    } else {
      ranges.push_back({alias, "", true});
    }
  }

  // PostgreSQL's FigureColname: the output name of an unnamed target (pg_get_viewdef prints
  // AS only where the name differs from it).
  std::string figure_colname(element node) const {
    std::string_view type;
    object body;
    if (!as_node(node, type, body)) return "?column?";
    if (type == "ColumnRef") {
      auto names = name_list(body["fields"]);
      return names.empty() ? "?column?" : std::string(names.back());
    }
    if (type == "A_Indirection") {
      array ind;
      if (body["indirection"].get(ind) == kOk && ind.size() > 0) {
        std::string_view s;
        element last = ind.at(ind.size() - 1).value();
        if (last["String"]["sval"].get(s) == kOk) return std::string(s);
      }
      element arg;
      return body["arg"].get(arg) == kOk ? figure_colname(arg) : "?column?";
    }
    if (type == "FuncCall") {
      auto names = name_list(body["funcname"]);
      return names.empty() ? "?column?" : std::string(names.back());
    }
    if (type == "TypeCast") {
      element arg;
      std::string name = body["arg"].get(arg) == kOk ? figure_colname(arg) : "?column?";
      if (name != "?column?") return name;
      auto names = name_list(body["typeName"]["names"]);
      return names.empty() ? name : std::string(names.back());
    }
    if (type == "CollateClause") {
      element arg;
      return body["arg"].get(arg) == kOk ? figure_colname(arg) : "?column?";
    }
    if (type == "CaseExpr") return "case";
    if (type == "CoalesceExpr") return "coalesce";
    if (type == "A_ArrayExpr") return "array";
    if (type == "RowExpr") return "row";
    if (type == "NullIfExpr") return "nullif";
    if (type == "MinMaxExpr") return string_field(body, "op") == "IS_GREATEST" ? "greatest" : "least";
    if (type == "SQLValueFunction") {
      std::string op(string_field(body, "op"));
      if (op.rfind("SVFOP_", 0) == 0) op.erase(0, 6);
      std::transform(op.begin(), op.end(), op.begin(), [](char c) { return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c; });
      // CURRENT_TIME(3) etc. share the name of the plain form.
      for (std::string_view suffix : {"_n"}) {
        if (op.size() > suffix.size() && op.compare(op.size() - suffix.size(), suffix.size(), suffix) == 0) {
          op.erase(op.size() - suffix.size());
        }
      }
      return op;
    }
    if (type == "SubLink") {
      std::string_view link = string_field(body, "subLinkType");
      if (link == "EXISTS_SUBLINK") return "exists";
      if (link == "ARRAY_SUBLINK") return "array";
      if (link == "EXPR_SUBLINK") {
        array targets;
        if (body["subselect"]["SelectStmt"]["targetList"].get(targets) == kOk && targets.size() == 1) {
          element target = targets.at(0).value()["ResTarget"];
          std::string_view n;
          if (target["name"].get(n) == kOk) return std::string(n);
          element val;
          if (target["val"].get(val) == kOk) return figure_colname(val);
        }
      }
      return "?column?";
    }
    return "?column?";
  }

  void select_stmt(std::string& out, object body) {
    Scope scope;
    array from;
    if (body["fromClause"].get(from) == kOk) {
      std::vector<Scope> ranges;
      for (element item : from) collect_ranges(item, ranges);
      if (ranges.size() == 1 && !ranges.front().name.empty()) scope = ranges.front();
    }
    scopes_.push_back(scope);
    out += "SELECT{";
    array targets;
    if (body["targetList"].get(targets) == kOk) {
      out += "targets=[";
      bool first = true;
      for (element target : targets) {
        if (!first) out += ',';
        first = false;
        object rt;
        if (target["ResTarget"].get(rt) != kOk) {
          expr(out, target);
          continue;
        }
        element val;
        bool has_val = rt["val"].get(val) == kOk;
        std::string_view name = string_field(rt, "name");
        out += "T[";
        append_quoted(out, name.empty() && has_val ? figure_colname(val) : std::string(name));
        out += "](";
        if (has_val) expr(out, val);
        out += ')';
      }
      out += "],";
    }
    generic(out, "", body, {"targetList"});
    out += '}';
    scopes_.pop_back();
  }
};

pg::ParseTree parse_or_throw(std::string_view sql, std::string_view what, std::string_view original) {
  auto result = pg::parse(sql);
  if (auto* error = std::get_if<pg::SyntaxError>(&result)) {
    throw InputError(std::string("cannot parse ") + std::string(what) + " `" + std::string(original) + "`: " + error->message);
  }
  return std::move(std::get<pg::ParseTree>(result));
}

}  // namespace

std::string expression_key(std::string_view expr_sql, const ExprContext& context) {
  std::string wrapped = "SELECT ";
  wrapped += expr_sql;
  pg::ParseTree tree = parse_or_throw(wrapped, "expression", expr_sql);
  auto stmts = tree.statements();
  object select;
  array targets;
  element value;
  if (stmts.size() != 1 || stmts.at(0)["stmt"]["SelectStmt"].get(select) != kOk ||
      select["targetList"].get(targets) != kOk || targets.size() != 1 || select.size() != 3 ||
      targets.at(0)["ResTarget"]["val"].get(value) != kOk || targets.at(0)["ResTarget"]["name"].error() == kOk) {
    throw InputError("not a single expression: `" + std::string(expr_sql) + "`");
  }
  KeyWriter writer(wrapped, context);
  return writer.top_expression(value);
}

std::string sequence_default_key(std::string_view sequence, const ExprContext& context) {
  return KeyWriter(sequence, context).sequence_default(sequence);
}

std::string query_key(std::string_view query_sql, const ExprContext& context) {
  pg::ParseTree tree = parse_or_throw(query_sql, "query", query_sql);
  auto stmts = tree.statements();
  element stmt;
  if (stmts.size() != 1 || stmts.at(0)["stmt"].get(stmt) != kOk) {
    throw InputError("not a single query: `" + std::string(query_sql) + "`");
  }
  KeyWriter writer(query_sql, context);
  return writer.statement(stmt);
}

}  // namespace schemactl
