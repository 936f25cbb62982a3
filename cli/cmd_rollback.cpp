// `schemactl rollback` (alias `down`): undoes the newest migration, or several with --steps/--to.
#include <iostream>

#include "cli/command.hpp"
#include "cli/global_options.hpp"
#include "runtime/database_admin.hpp"
#include "runtime/migration_runner.hpp"

namespace schemactl::cli {
namespace {

const RegisterCommand register_rollback(32, [](CLI::App& app) {
  auto request = std::make_shared<runtime::RollbackRequest>();
  auto* cmd = app.add_subcommand("rollback", "Undo the most recent migration (or several)");
  cmd->alias("down");
  auto* steps = cmd->add_option("--steps", request->steps, "Undo this many migrations (default 1)")
                    ->check(CLI::PositiveNumber);
  cmd->add_option("--to", request->to_version, "Undo every applied migration newer than VERSION")
      ->excludes(steps);
  cmd->callback([request] {
    runtime::Config config = global_config();
    auto migrations = runtime::load_migrations(config.migrations_dirs);  // reject bad files first
    auto conn = runtime::connect(config, std::cout);
    runtime::MigrationRunner(config, std::move(migrations), std::cout).rollback(conn, *request);
  });
});

}  // namespace
}  // namespace schemactl::cli
