// Typed literals the way a PostgreSQL 15 server prints them back.
//
// The server stores a literal as the value its type's input function produced and prints it with
// the output function, so '2024-01-01 01:00+01' on a timestamptz column comes back as
// '2024-01-01 00:00:00+00', interval '90' minute as '01:30:00' and money '1.999' as '$2.00'.
// The expression keys (and partition bounds) apply the same input rules offline, so that the
// user's spelling and the server's compare equal. Only rules that do not depend on the server's
// settings are applied; everything else is left as written (see canonical_literal()).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace schemactl {

// The server's output text for the literal `text` of `type` (format_type spelling, e.g.
// "timestamp with time zone", "interval year", "interval(3)", "money", "date"), or nullopt
// when the type has no rule here or the text is not in a form the rule can decide offline:
//   timestamp without time zone, date, time without time zone: ISO text printed canonically
//     ('2024-01-01' -> '2024-01-01 00:00:00', 'T' separator, fractions rounded to microseconds);
//   timestamp with time zone: only with an explicit offset, printed as the UTC instant
//     ('2006-11-10 00:00:00+01' -> '2006-11-09 23:00:00+00'). Without an offset the instant
//     depends on the server's TimeZone setting, so it stays undecided;
//   interval: IntervalStyle postgres, with the type's field qualifier applied (a bare number is
//     in units of the last field; smaller fields are truncated: '1.5' year -> '1 year');
//   money: rounded to cents and printed as under lc_monetary C ('1234.5' -> '$1,234.50');
//   integer types and numeric: sign and leading zeros as the input functions read them.
// Assumes the server's defaults DateStyle ISO and IntervalStyle postgres, which pg_dump sets.
std::optional<std::string> canonical_literal(std::string_view text, std::string_view type);

}  // namespace schemactl
