// The compiler front end: schema.sql (one or more files) lowered to the canonical IR.
//
// compile() reads nothing but the texts it is given and never throws for problems in them:
// every syntax error, unsupported statement and unresolved reference becomes a Diagnostic,
// so one run reports all of them.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "compiler/diagnostics.hpp"
#include "compiler/ir.hpp"

namespace schemactl {

struct SourceFile {
  std::string path;  // as shown in diagnostics
  std::string text;
};

struct CompileOptions {
  // Schema that unqualified names resolve to until the file sets search_path itself.
  std::string default_schema = "public";
  // search_path each file starts with (as a session's would be); empty: just default_schema.
  std::vector<std::string> search_path;
  // Statements are parsed in chunks of about this many bytes, each chunk's tree freed once it is
  // lowered (a parse tree takes ~15x the text it comes from, and the pooled simdjson parser keeps
  // buffers of ~8x the tree's JSON for the rest of the compile: 64 KB chunks cost 8 MB of peak,
  // 8 KB ones 1 MB, at no measurable cost in time). The result does not depend on it; 0 parses
  // each file whole.
  size_t parse_chunk_bytes = 8 * 1024;
  // The migrations history table ("table" in default_schema, or "schema.table"), left out of
  // the catalog as introspection leaves it out (compiler/migrations_table.hpp). Empty: keep
  // every table (`load` must create the table a dump contains).
  std::string migrations_table;
};

struct CompileResult {
  ir::Catalog catalog;
  std::vector<Diagnostic> diagnostics;
  bool ok() const {
    for (const auto& d : diagnostics)
      if (d.severity == Severity::Error) return false;
    return true;
  }
};

CompileResult compile(const std::vector<SourceFile>& sources, const CompileOptions& options = {});

// Convenience for one text (tests, tools): path is used in diagnostics only.
CompileResult compile_text(const std::string& text, const std::string& path = "schema.sql",
                           const CompileOptions& options = {});

// Reads each path: a file, or a directory whose *.sql files are read in path order.
// Throws InputError when a path does not exist or cannot be read.
std::vector<SourceFile> read_schema_sources(const std::vector<std::string>& paths);

}  // namespace schemactl
