// What the expression keys know about the types of built-in expressions: enough to mirror the
// parser's operator resolution where it rewrites the user's text (implicit casts it adds, casts
// to the type an operand already has that it drops). Types are in format_type spelling; an empty
// result means "not known here" and never triggers a rewrite.
#pragma once

#include <string>
#include <string_view>

namespace schemactl {

// Result type of a pg_catalog function whose every overload returns the same type
// (current_setting -> text, now -> timestamp with time zone); empty when unknown or when the
// result depends on the arguments (lower(anyrange), substr(bytea)).
std::string_view builtin_function_type(std::string_view name);

// Result type of an SQLValueFunction op ("SVFOP_CURRENT_DATE" -> date).
std::string_view sql_value_function_type(std::string_view op);

// The numeric category a type belongs to for arithmetic and comparison operators, ignoring
// type modifiers: 0 smallint, 1 integer, 2 bigint, 3 numeric, 4 real, 5 double precision; -1
// for anything else.
int numeric_rank(std::string_view type);

// The type the server implicitly casts an operand of `from` to when the other operand of a
// binary arithmetic or comparison operator has type `other`, or empty when the operator exists
// for the pair as it is (integer + bigint: int48pl; real * double precision: float48mul):
//   integer types with numeric -> numeric;
//   integer types or numeric with real or double precision -> double precision.
std::string_view implicit_operand_cast(std::string_view from, std::string_view other);

// The result type of a binary arithmetic operator (+ - * / %) over two numeric-category types,
// after implicit_operand_cast; empty when not both are numeric.
std::string arithmetic_result_type(std::string_view left, std::string_view right);

}  // namespace schemactl
