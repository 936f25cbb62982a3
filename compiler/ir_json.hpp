// The IR as JSON (`schemactl compile --format json`): every compared field, in a fixed order,
// so the output is deterministic byte for byte. Metadata (source spans) is included under "span".
#pragma once

#include <string>

#include "compiler/ir.hpp"

namespace schemactl {

std::string catalog_to_json(const ir::Catalog& catalog);

}  // namespace schemactl
