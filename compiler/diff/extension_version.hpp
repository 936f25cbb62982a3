// Ordering extension versions ("1.3" < "1.4" < "1.10"), to tell an upgrade from a downgrade:
// extensions ship update scripts forwards only, so going back means dropping the extension and
// creating it at the old version.
#pragma once

#include <string>

namespace schemactl::diff {

// True when `a` is an earlier version than `b`: dot-separated parts compared numerically where
// both are numbers, as text otherwise; a prefix is earlier ("1.2" < "1.2.1").
bool version_before(const std::string& a, const std::string& b);

}  // namespace schemactl::diff
