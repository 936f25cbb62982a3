// ALTER VIEW v ALTER COLUMN c SET/DROP DEFAULT: defaults that INSERT/UPDATE through the view use.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "compiler/lower/context.hpp"

namespace schemactl::lower {

// Sets (`sql` given) or drops the default of `column` of `view`. The column's type, which the
// comparison key needs ('' and ''::text are the same default of a text column), is known only
// once the view's output columns are resolved: the key is completed at the end of the compile.
void set_view_column_default(Context& ctx, ir::View& view, const std::string& column, std::optional<std::string_view> sql,
                             int64_t location);

}  // namespace schemactl::lower
