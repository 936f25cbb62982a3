// `schemactl up`: creates the database when it does not exist, then applies pending migrations.
#include <iostream>

#include "cli/command.hpp"
#include "cli/global_options.hpp"
#include "runtime/database_admin.hpp"
#include "runtime/migration_runner.hpp"

namespace schemactl::cli {
namespace {

const RegisterCommand register_up(20, [](CLI::App& app) {
  auto* cmd = app.add_subcommand("up", "Create the database if needed and apply every pending migration");
  cmd->callback([] {
    runtime::Config config = global_config();
    auto migrations = runtime::load_migrations(config.migrations_dirs);  // reject bad files first
    auto conn = runtime::connect_creating(config, std::cout);
    runtime::MigrationRunner(config, std::move(migrations), std::cout).migrate(conn);
  });
});

}  // namespace
}  // namespace schemactl::cli
