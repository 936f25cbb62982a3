// Diagnostics: every problem found in schema.sql, collected rather than thrown so that one run
// reports all of them (slang's model: a table of codes with fmt message templates).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "compiler/line_table.hpp"

namespace schemactl {

enum class Severity { Error, Warning, Note };

struct Diagnostic {
  Severity severity = Severity::Error;
  std::string code;     // stable identifier, e.g. "syntax-error"
  std::string message;
  std::string file;
  int line = 0;         // 1-based; 0 when the problem has no position
  int column = 0;       // 1-based, in bytes
  int offset = -1;      // byte offset in the file
  int length = 0;       // bytes to underline (at least one caret is drawn)
};

// Codes and their severities; messages are formatted by the caller with fmt.
namespace diag {
struct Code {
  std::string_view id;
  Severity severity;
};
inline constexpr Code kSyntaxError{"syntax-error", Severity::Error};
inline constexpr Code kUnsupportedStatement{"unsupported-statement", Severity::Error};
inline constexpr Code kUnsupportedOption{"unsupported-option", Severity::Error};
inline constexpr Code kDuplicateObject{"duplicate-object", Severity::Error};
inline constexpr Code kUnknownObject{"unknown-object", Severity::Error};
inline constexpr Code kUnknownSchema{"unknown-schema", Severity::Error};
inline constexpr Code kUnknownTable{"unknown-table", Severity::Error};
inline constexpr Code kUnknownColumn{"unknown-column", Severity::Error};
inline constexpr Code kUnknownType{"unknown-type", Severity::Error};
inline constexpr Code kUnknownFunction{"unknown-function", Severity::Error};
inline constexpr Code kForeignKeyTarget{"foreign-key-target", Severity::Error};
inline constexpr Code kInvalidExpression{"invalid-expression", Severity::Error};
inline constexpr Code kInvalidDefinition{"invalid-definition", Severity::Error};
inline constexpr Code kAnnotation{"annotation", Severity::Error};
inline constexpr Code kOrphanAnnotation{"orphan-annotation", Severity::Error};
inline constexpr Code kFileError{"file-error", Severity::Error};
inline constexpr Code kUnmanagedStatement{"unmanaged-statement", Severity::Warning};
inline constexpr Code kColumnPrivilegeIgnored{"column-privilege-ignored", Severity::Warning};
inline constexpr Code kMetaCommand{"meta-command", Severity::Note};
inline constexpr Code kDataStatement{"data-statement", Severity::Note};
inline constexpr Code kIgnoredStatement{"ignored-statement", Severity::Note};
}  // namespace diag

struct SourceFile;

// Collects diagnostics for one compile run.
class DiagnosticSink {
 public:
  // Reports a problem at byte `offset` (-1: no position) of `file`.
  void report(const diag::Code& code, const SourceFile* file, int offset, int length, std::string message);

  template <typename... Args>
  void add(const diag::Code& code, const SourceFile* file, int offset, int length,
           fmt::format_string<Args...> format, Args&&... args) {
    report(code, file, offset, length, fmt::format(format, std::forward<Args>(args)...));
  }

  const std::vector<Diagnostic>& all() const { return diagnostics_; }
  std::vector<Diagnostic> take() { return std::move(diagnostics_); }
  bool has_errors() const { return errors_ > 0; }

 private:
  std::vector<Diagnostic> diagnostics_;
  int errors_ = 0;
  std::map<const SourceFile*, LineTable> lines_;  // made on a file's first diagnostic
};

const char* severity_name(Severity severity);

// `file:line:column: error: message [code]`, the source line and a caret under the token;
// or, with `json`, one JSON object {"diagnostics": [...]} with the same fields.
std::string format_diagnostics(const std::vector<Diagnostic>& diagnostics,
                               const std::vector<SourceFile>& sources, bool json);

}  // namespace schemactl
