#include "compiler/diagnostics.hpp"

#include "compiler/json_string.hpp"

#include <algorithm>
#include <map>

#include "compiler/compile.hpp"

namespace schemactl {

const char* severity_name(Severity severity) {
  switch (severity) {
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Note: return "note";
  }
  return "error";
}

void DiagnosticSink::report(const diag::Code& code, const SourceFile* file, int offset, int length,
                            std::string message) {
  Diagnostic d;
  d.severity = code.severity;
  d.code = std::string(code.id);
  d.message = std::move(message);
  if (file) {
    d.file = file->path;
    if (offset >= 0) {
      // Each file's line starts are found once: a file with thousands of warnings would
      // otherwise be scanned from its start for each of them.
      auto& lines = lines_[file];
      if (lines.empty()) lines = LineTable(file->text);
      TextPosition at = lines.position(std::min(static_cast<size_t>(offset), file->text.size()));
      d.line = at.line;
      d.column = at.column;
      d.offset = offset;
      d.length = length;
    }
  }
  if (d.severity == Severity::Error) ++errors_;
  diagnostics_.push_back(std::move(d));
}

namespace {


// The source line containing `offset` and a caret line under [offset, offset+length).
void append_excerpt(std::string& out, std::string_view text, int offset, int length) {
  if (offset < 0 || static_cast<size_t>(offset) > text.size()) return;
  size_t begin = text.rfind('\n', offset == 0 ? 0 : static_cast<size_t>(offset) - 1);
  begin = (begin == std::string_view::npos || offset == 0) ? 0 : begin + 1;
  if (offset == 0) begin = 0;
  size_t end = text.find('\n', static_cast<size_t>(offset));
  if (end == std::string_view::npos) end = text.size();
  std::string_view line = text.substr(begin, end - begin);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  out += line;
  out += '\n';
  // Keep tabs so that the caret lines up under the token in a terminal.
  for (size_t i = begin; i < static_cast<size_t>(offset); ++i) out += text[i] == '\t' ? '\t' : ' ';
  out += '^';
  size_t stop = std::min(end, static_cast<size_t>(offset) + static_cast<size_t>(std::max(length, 1)));
  for (size_t i = static_cast<size_t>(offset) + 1; i < stop; ++i) out += '~';
  out += '\n';
}

}  // namespace

std::string format_diagnostics(const std::vector<Diagnostic>& diagnostics,
                               const std::vector<SourceFile>& sources, bool json) {
  std::map<std::string_view, std::string_view> texts;
  for (const auto& s : sources) texts.emplace(s.path, s.text);
  std::string out;
  if (json) {
    out = "{\"diagnostics\": [";
    bool first = true;
    for (const auto& d : diagnostics) {
      out += first ? "\n  " : ",\n  ";
      first = false;
      out += fmt::format(
          "{{\"severity\": {}, \"code\": {}, \"message\": {}, \"file\": {}, \"line\": {}, \"column\": {}, "
          "\"offset\": {}, \"length\": {}}}",
          json::quote(severity_name(d.severity)), json::quote(d.code), json::quote(d.message),
          json::quote(d.file), d.line, d.column, d.offset, d.length);
    }
    out += first ? "]}\n" : "\n]}\n";
    return out;
  }
  for (const auto& d : diagnostics) {
    if (!d.file.empty() && d.line > 0) {
      out += fmt::format("{}:{}:{}: ", d.file, d.line, d.column);
    } else if (!d.file.empty()) {
      out += d.file + ": ";
    }
    out += fmt::format("{}: {} [{}]\n", severity_name(d.severity), d.message, d.code);
    auto it = texts.find(d.file);
    if (it != texts.end() && d.line > 0) append_excerpt(out, it->second, d.offset, d.length);
  }
  return out;
}

}  // namespace schemactl
