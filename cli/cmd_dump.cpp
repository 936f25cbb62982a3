// `schemactl dump`: the live schema as a canonical schema file, plus the migrations rows.
#include <fmt/format.h>

#include <filesystem>
#include <iostream>

#include "cli/command.hpp"
#include "cli/global_options.hpp"
#include "runtime/database_admin.hpp"
#include "runtime/dump.hpp"

namespace schemactl::cli {
namespace {

struct DumpFlags {
  std::string output;
  bool force = false;
  bool owners = false;
  bool privileges = false;
  std::vector<std::string> schemas;
  std::vector<std::string> exclude_schemas;
};

const RegisterCommand register_dump(70, [](CLI::App& app) {
  auto flags = std::make_shared<DumpFlags>();
  auto* cmd = app.add_subcommand(
      "dump", "Write the database's schema as a canonical schema file (default: the schema file, only if it does not exist)");
  cmd->add_option("-o,--output", flags->output, "Write to FILE (- for stdout) instead of the schema file");
  cmd->add_flag("--force", flags->force, "Overwrite an existing schema file");
  cmd->add_flag("--owners", flags->owners, "Include ALTER ... OWNER TO statements");
  cmd->add_flag("--privileges", flags->privileges, "Include GRANT / REVOKE statements");
  cmd->add_option("--schema", flags->schemas, "Only this schema (repeatable)")->allow_extra_args(false);
  cmd->add_option("--exclude-schema", flags->exclude_schemas, "Leave this schema out (repeatable)")
      ->allow_extra_args(false);
  cmd->callback([flags] {
    runtime::Config config = global_config();
    const bool to_schema_file = flags->output.empty();
    const std::string target = to_schema_file ? config.schema_file : flags->output;
    // A hand-written schema file is the source of truth: never lose it to a dump by accident.
    // Checked before connecting, so the mistake costs nothing.
    if (target != "-" && !flags->force && to_schema_file && std::filesystem::exists(target)) {
      throw InputError(target + " already exists: dump writes the schema file only when there is none yet "
                                "(use --force to overwrite it, or -o FILE to write elsewhere)");
    }
    runtime::DumpOptions options;
    options.include_schemas = flags->schemas;
    options.exclude_schemas = flags->exclude_schemas;
    options.migrations_table = config.migrations_table;
    options.owners = flags->owners;
    options.privileges = flags->privileges;
    auto conn = runtime::connect(config, std::cerr);
    runtime::DumpResult result = runtime::dump_schema(conn, options);
    if (target == "-") {
      std::cout << result.sql << std::flush;
    } else {
      runtime::write_file_atomically(target, result.sql);
      std::cout << "Writing: " << target << "\n";
    }
    if (config.verbose) {
      const auto& stats = result.stats;
      std::cerr << fmt::format(
          "Catalog queries: {} in {} round trips ({:.3f} s waiting for the server, {:.3f} s reading results, {:.3f} s writing SQL)\n",
          stats.queries, stats.round_trips, stats.query_seconds, stats.client_seconds(), result.emit_seconds);
    }
  });
});

}  // namespace
}  // namespace schemactl::cli
