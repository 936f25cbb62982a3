// Compiling SQL text in unit tests: the errors as "line:column message" lines, and a compile
// that must succeed (failing the test with those errors otherwise).
#pragma once

#include <doctest/doctest.h>

#include <string>

#include "compiler/compile.hpp"

namespace schemactl::test_compile {

inline std::string errors_of(const CompileResult& r) {
  std::string out;
  for (const auto& d : r.diagnostics)
    if (d.severity == Severity::Error) out += std::to_string(d.line) + ":" + std::to_string(d.column) + " " + d.message + "\n";
  return out;
}

inline CompileResult ok(const std::string& sql) {
  auto r = compile_text(sql);
  REQUIRE_MESSAGE(r.ok(), errors_of(r));
  return r;
}

}  // namespace schemactl::test_compile
