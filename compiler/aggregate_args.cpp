// Aggregate argument lists, as print_function_arguments() in ruleutils.c prints them.
#include "compiler/aggregate_args.hpp"

#include "compiler/quote.hpp"

namespace schemactl {

std::string aggregate_argument_list(const std::vector<ir::FunctionArgument>& arguments, const std::string& kind,
                                    int direct_args, bool with_names) {
  const int order_by_at = kind == "normal" ? -1 : direct_args;
  std::string out;
  int printed = 0;
  const int count = static_cast<int>(arguments.size());
  for (int i = 0; i < count; ++i) {
    if (printed == order_by_at) out += printed ? " ORDER BY " : "ORDER BY ";
    else if (printed) out += ", ";
    const auto& argument = arguments[static_cast<size_t>(i)];
    if (argument.mode == "VARIADIC") out += "VARIADIC ";
    if (with_names && argument.name && !argument.name->empty()) out += quote_ident(*argument.name) + " ";
    out += argument.type;
    ++printed;
    // The one VARIADIC argument of `VARIADIC "any" ORDER BY VARIADIC "any"` is printed twice.
    if (printed == order_by_at && i == count - 1) --i;
  }
  return out;
}

std::string aggregate_function_args(const std::string& identity_args) {
  static const std::string kOrderBy = " ORDER BY ";
  static const std::string kVariadic = "VARIADIC ";
  std::string direct = identity_args, aggregated;
  if (auto at = identity_args.find(kOrderBy); at != std::string::npos) {
    direct = identity_args.substr(0, at);
    aggregated = identity_args.substr(at + kOrderBy.size());
  } else if (identity_args.rfind("ORDER BY ", 0) == 0) {
    direct.clear();
    aggregated = identity_args.substr(kOrderBy.size() - 1);
  }
  // The doubled VARIADIC argument is one argument.
  if (aggregated.rfind(kVariadic, 0) == 0 && direct.size() >= aggregated.size() &&
      direct.compare(direct.size() - aggregated.size(), aggregated.size(), aggregated) == 0)
    aggregated.clear();
  std::string out = direct.empty() ? aggregated : aggregated.empty() ? direct : direct + ", " + aggregated;
  for (size_t at = out.find(kVariadic); at != std::string::npos; at = out.find(kVariadic, at)) {
    if (at == 0 || (at >= 2 && out.compare(at - 2, 2, ", ") == 0)) out.erase(at, kVariadic.size());
    else at += kVariadic.size();
  }
  return out;
}

std::optional<ir::QualifiedName> aggregate_support_function(const std::string& spelling) {
  std::vector<std::string> parts(1);
  bool quoted = false;
  for (size_t i = 0; i < spelling.size(); ++i) {
    char c = spelling[i];
    if (c == '"') {
      if (quoted && i + 1 < spelling.size() && spelling[i + 1] == '"') {
        parts.back() += '"';
        ++i;
      } else {
        quoted = !quoted;
      }
    } else if (c == '.' && !quoted) {
      parts.emplace_back();
    } else {
      parts.back() += c;
    }
  }
  if (parts.size() != 2) return std::nullopt;
  return ir::QualifiedName{parts[0], parts[1]};
}

}  // namespace schemactl
