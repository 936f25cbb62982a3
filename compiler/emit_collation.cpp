// CREATE/DROP COLLATION.
#include "compiler/emit_objects.hpp"
#include "compiler/quote.hpp"

namespace schemactl::emit {

std::string create_collation(const ir::Collation& collation) {
  std::string out = "CREATE COLLATION " + quote_qualified(collation.name) + " (provider = " + collation.provider;
  if (collation.provider == "icu") {
    out += ", locale = " + quote_literal(collation.locale.value_or(""));
  } else if (collation.lc_collate == collation.lc_ctype) {
    out += ", locale = " + quote_literal(collation.lc_collate.value_or(""));
  } else {
    out += ", lc_collate = " + quote_literal(collation.lc_collate.value_or("")) +
           ", lc_ctype = " + quote_literal(collation.lc_ctype.value_or(""));
  }
  if (!collation.deterministic) out += ", deterministic = false";
  return out + ");\n";
}

std::string drop_collation(const ir::QualifiedName& collation) {
  return "DROP COLLATION " + quote_qualified(collation) + ";\n";
}

}  // namespace schemactl::emit
