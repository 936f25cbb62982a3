// Identifier and literal quoting, exactly as PostgreSQL's quote_ident()/fmtId() decide it.
#pragma once

#include <string>
#include <string_view>

#include "compiler/ir.hpp"

namespace schemactl {

// True when `word` is a keyword that cannot be used as a bare identifier
// (every keyword category except UNRESERVED, as fmtId decides).
bool is_quoting_keyword(std::string_view word);

// Quotes `name` only when PostgreSQL needs it: upper case, a leading digit, characters other
// than [a-z0-9_], or a non-unreserved keyword.
std::string quote_ident(std::string_view name);

// "schema.name" with each part quoted as needed.
std::string quote_qualified(const ir::QualifiedName& name);

// A standard SQL string literal: 'it''s'. Backslashes are not special (standard_conforming_strings).
std::string quote_literal(std::string_view value);

}  // namespace schemactl
