// `schemactl new NAME` (alias `n`): writes an empty migration into the first migrations directory.
#include <chrono>
#include <iostream>

#include "cli/command.hpp"
#include "cli/global_options.hpp"
#include "runtime/migration_new.hpp"

namespace schemactl::cli {
namespace {

struct NewOptions {
  std::string name;
  std::string message;  // dbmate-style `--message NAME`
};

const RegisterCommand register_new(10, [](CLI::App& app) {
  auto options = std::make_shared<NewOptions>();
  auto* cmd = app.add_subcommand("new", "Create a new, empty migration file");
  cmd->alias("n");
  cmd->add_option("name", options->name, "Migration name, e.g. create_users");
  cmd->add_option("-m,--message", options->message, "Migration name (alternative to the positional)");
  cmd->callback([options] {
    runtime::Config config = global_config();
    const std::string& name = options->name.empty() ? options->message : options->name;
    auto path = runtime::create_migration_file(config.migrations_dirs.front(), name,
                                               std::chrono::system_clock::now());
    std::cout << path.string() << "\n";
  });
});

}  // namespace
}  // namespace schemactl::cli
