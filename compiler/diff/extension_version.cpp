// version_before(): see extension_version.hpp.
#include "compiler/diff/extension_version.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

namespace schemactl::diff {
namespace {

std::vector<std::string> parts(const std::string& version) {
  std::vector<std::string> out(1);
  for (char ch : version) {
    if (ch == '.') out.emplace_back();
    else out.back() += ch;
  }
  return out;
}

bool numeric(const std::string& s) {
  return !s.empty() && s.size() < 18 && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

}  // namespace

bool version_before(const std::string& a, const std::string& b) {
  auto x = parts(a), y = parts(b);
  for (size_t i = 0; i < x.size() && i < y.size(); ++i) {
    if (x[i] == y[i]) continue;
    if (numeric(x[i]) && numeric(y[i])) return std::stoll(x[i]) < std::stoll(y[i]);
    return x[i] < y[i];
  }
  return x.size() < y.size();
}

}  // namespace schemactl::diff
