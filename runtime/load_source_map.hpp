// Maps an emitted statement back to the object it creates, and so to the object's place in
// the schema file: the statement is parsed and its target looked up in the compiled catalog.
#pragma once

#include <string_view>

#include "compiler/ir.hpp"

namespace schemactl::runtime {

// The source span of the object that `statement` creates or alters; unknown when none is found.
ir::SourceSpan span_of_statement(const ir::Catalog& catalog, std::string_view statement);

}  // namespace schemactl::runtime
