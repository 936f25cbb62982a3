// The IR as JSON (`schemactl compile --format json`): every compared field, in a fixed order,
// so the output is deterministic byte for byte. Metadata (source spans) is included under "span".
#pragma once

#include <string>

#include "compiler/ir.hpp"

namespace schemactl {

enum class JsonForm {
  Full,        // everything, expression texts and source spans included
  Comparison,  // only what ir's operator== compares: expression keys without their texts, no
               // spans, renames or data, no extension versions or comments (compared only when
               // both sides state them). Equal catalogs give equal text: the plan's fingerprints.
};

std::string catalog_to_json(const ir::Catalog& catalog, JsonForm form = JsonForm::Full);

}  // namespace schemactl
