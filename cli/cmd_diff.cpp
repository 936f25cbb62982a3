// `schemactl diff`: the plan from the live database to schema.sql, printed, never written.
#include <iostream>

#include "cli/command.hpp"
#include "cli/global_options.hpp"
#include "runtime/auto_migration.hpp"
#include "runtime/database_admin.hpp"

namespace schemactl::cli {
namespace {

struct DiffOptions {
  bool exit_code = false;
  std::string format = "sql";
  std::string dev_url;
  bool offline = false;
};

const RegisterCommand register_diff(60, [](CLI::App& app) {
  auto options = std::make_shared<DiffOptions>();
  auto* cmd = app.add_subcommand("diff", "Print the migration from the database to the schema file (writes nothing)");
  cmd->add_flag("--exit-code", options->exit_code, "Exit with 1 when the database differs from the schema (for CI)");
  cmd->add_option("--format", options->format, "Output format: sql or json")->check(CLI::IsMember({"sql", "json"}));
  cmd->add_option("--dev-url", options->dev_url,
                  "Empty database to use as scratch instead of creating one (emptied after use)");
  cmd->add_flag("--offline", options->offline,
                "Take the desired state from the compiler alone, without a scratch database");
  cmd->callback([options] {
    runtime::Config config = global_config();
    const std::string& url = config.require_url();
    runtime::Connection conn = runtime::connect(config, std::cerr);
    runtime::AutoMigrationOptions auto_options;
    auto_options.schema_files = {config.schema_file};
    if (!options->dev_url.empty()) auto_options.dev_url = options->dev_url;
    auto_options.offline = options->offline;
    auto_options.verify = false;
    auto_options.introspect.migrations_table = config.migrations_table;
    runtime::AutoMigration m = runtime::plan_auto_migration(conn, url, auto_options);
    for (const auto& note : m.notes) std::cerr << "note: " << note << "\n";
    if (options->format == "json") {
      std::cout << plan::plan_json(m.up, m.current, m.desired);
    } else if (m.up.empty()) {
      std::cerr << "No changes: the database matches " << config.schema_file << ".\n";
    } else {
      std::cout << plan::plan_sql(m.up);
    }
    if (options->exit_code && !m.up.empty()) command_exit_code() = kExitPending;
  });
});

}  // namespace
}  // namespace schemactl::cli
