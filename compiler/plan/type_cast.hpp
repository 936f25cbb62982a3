// What PostgreSQL does when a column changes type: whether the conversion needs a USING clause,
// whether the table is rewritten, whether values can be lost. Offline rules over format_type
// spellings, from pg_cast's implicit/assignment casts for built-in types.
#pragma once

#include <string>

namespace schemactl::plan {

// True when PostgreSQL converts `from` to `to` in ALTER COLUMN TYPE without a USING clause
// (an implicit or assignment cast exists, or both are the same type with another modifier).
bool assignment_castable(const std::string& from, const std::string& to);

// True when the conversion only relabels or widens (no table rewrite): varchar(n) to a wider
// varchar or to text, numeric to unconstrained numeric, and the like.
bool binary_coercible(const std::string& from, const std::string& to);

// True when some values of `from` cannot be represented in `to` (they fail or are truncated).
bool narrows(const std::string& from, const std::string& to);

}  // namespace schemactl::plan
