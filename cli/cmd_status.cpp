// `schemactl status`: every migration as `[X] file` (applied) or `[ ] file` (pending), then counts.
#include <iostream>

#include "cli/command.hpp"
#include "cli/global_options.hpp"
#include "runtime/database_admin.hpp"
#include "runtime/migration_runner.hpp"

namespace schemactl::cli {
namespace {

struct StatusOptions {
  bool exit_code = false;
  bool quiet = false;
};

const RegisterCommand register_status(34, [](CLI::App& app) {
  auto options = std::make_shared<StatusOptions>();
  auto* cmd = app.add_subcommand("status", "List applied and pending migrations");
  cmd->add_flag("--exit-code", options->exit_code, "Exit with 1 when a migration is pending");
  cmd->add_flag("-q,--quiet", options->quiet, "Print nothing (use with --exit-code)");
  cmd->callback([options] {
    runtime::Config config = global_config();
    auto migrations = runtime::load_migrations(config.migrations_dirs);
    auto conn = runtime::connect(config, std::cerr);
    auto status = runtime::MigrationRunner(config, std::move(migrations), std::cout).status(conn);
    if (!options->quiet) {
      for (const auto& entry : status.entries) {
        std::cout << (entry.applied ? "[X] " : "[ ] ")
                  << (entry.filename.empty() ? entry.version + " (file missing)" : entry.filename) << "\n";
      }
      std::cout << "\nApplied: " << status.applied << "\nPending: " << status.pending << "\n";
    }
    if (options->exit_code && status.pending > 0) command_exit_code() = kExitPending;
  });
});

}  // namespace
}  // namespace schemactl::cli
