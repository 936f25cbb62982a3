// `schemactl migrate`: applies every pending migration.
#include <iostream>

#include "cli/command.hpp"
#include "cli/global_options.hpp"
#include "runtime/database_admin.hpp"
#include "runtime/migration_runner.hpp"

namespace schemactl::cli {
namespace {

const RegisterCommand register_migrate(30, [](CLI::App& app) {
  auto* cmd = app.add_subcommand("migrate", "Apply every pending migration");
  cmd->callback([] {
    runtime::Config config = global_config();
    auto migrations = runtime::load_migrations(config.migrations_dirs);  // reject bad files first
    auto conn = runtime::connect(config, std::cout);
    runtime::MigrationRunner(config, std::move(migrations), std::cout).migrate(conn);
  });
});

}  // namespace
}  // namespace schemactl::cli
