// `schemactl compile [-s PATH]... [PATH]...`: lowers schema.sql to the canonical IR and prints it
// as canonical SQL (or as JSON with --format json). Problems are reported like a compiler does
// (file:line:column, the line, a caret) and make the command exit with 2.
#include <iostream>
#include <memory>

#include "cli/command.hpp"
#include "cli/global_options.hpp"
#include "compiler/compile.hpp"
#include "compiler/emit.hpp"
#include "compiler/error.hpp"
#include "compiler/ir_json.hpp"

namespace schemactl::cli {
namespace {

struct CompileCommandOptions {
  std::vector<std::string> paths;
  std::string format = "sql";
  std::string default_schema = "public";
  bool owners = false;
  bool privileges = true;
  bool quiet = false;
};

const RegisterCommand register_compile(30, [](CLI::App& app) {
  auto options = std::make_shared<CompileCommandOptions>();
  auto* cmd = app.add_subcommand("compile", "Check schema.sql and print it in canonical form");
  cmd->add_option("paths", options->paths,
                  "Schema files or directories of *.sql files (default: --schema-file, DBMATE_SCHEMA_FILE, schema.sql)");
  cmd->add_option("--format", options->format, "Output: sql (canonical SQL) or json (the IR)")
      ->check(CLI::IsMember({"sql", "json"}));
  cmd->add_option("--default-schema", options->default_schema, "Schema for unqualified names (default public)");
  cmd->add_flag("--owners", options->owners, "Print OWNER TO statements");
  cmd->add_flag("!--no-privileges", options->privileges, "Leave GRANT/REVOKE statements out");
  cmd->add_flag("-q,--quiet", options->quiet, "Print only errors and warnings, not notes");
  cmd->callback([options] {
    std::vector<std::string> paths = options->paths;
    if (paths.empty()) paths.push_back(global_config().schema_file);
    auto sources = read_schema_sources(paths);
    CompileOptions compile_options;
    compile_options.default_schema = options->default_schema;
    CompileResult result = compile(sources, compile_options);
    bool json = options->format == "json";
    std::vector<Diagnostic> shown;
    for (const auto& d : result.diagnostics)
      if (!(options->quiet && d.severity == Severity::Note)) shown.push_back(d);
    if (!result.ok()) {
      std::cerr << format_diagnostics(shown, sources, json);
      size_t errors = 0;
      for (const auto& d : result.diagnostics) errors += d.severity == Severity::Error;
      throw InputError(fmt::format("{} error{} in schema", errors, errors == 1 ? "" : "s"));
    }
    if (!shown.empty() && !json) std::cerr << format_diagnostics(shown, sources, false);
    if (json) {
      std::cout << catalog_to_json(result.catalog);
    } else {
      EmitOptions emit_options;
      emit_options.owners = options->owners;
      emit_options.privileges = options->privileges;
      std::cout << emit_catalog(result.catalog, emit_options);
    }
  });
});

}  // namespace
}  // namespace schemactl::cli
