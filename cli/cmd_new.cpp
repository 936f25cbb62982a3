// `schemactl new NAME` (alias `n`): writes an empty migration into the first migrations directory.
#include <chrono>
#include <iostream>

#include "cli/command.hpp"
#include "cli/global_options.hpp"
#include "runtime/auto_migration.hpp"
#include "runtime/migration_new.hpp"

namespace schemactl::cli {
namespace {

struct NewOptions {
  std::string name;
  std::string message;  // dbmate-style `--message NAME`
  // --auto: generate the migration from the difference between the database and schema.sql
  bool automatic = false;
  bool no_verify = false;
  bool offline = false;
  std::string dev_url;
};

const RegisterCommand register_new(10, [](CLI::App& app) {
  auto options = std::make_shared<NewOptions>();
  auto* cmd = app.add_subcommand("new", "Create a new, empty migration file");
  cmd->alias("n");
  cmd->add_option("name", options->name, "Migration name, e.g. create_users");
  cmd->add_option("-m,--message", options->message, "Migration name (alternative to the positional)");
  cmd->add_flag("--auto", options->automatic,
                "Generate up and down from the difference between the database and the schema file");
  cmd->add_flag("--no-verify", options->no_verify, "With --auto: do not prove the migration in a scratch database");
  cmd->add_option("--dev-url", options->dev_url,
                  "With --auto: empty database to use as scratch instead of creating one (emptied after use)");
  cmd->add_flag("--offline", options->offline,
                "With --auto: take the desired state from the compiler alone, without the server");
  cmd->callback([options] {
    runtime::Config config = global_config();
    const std::string& name = options->name.empty() ? options->message : options->name;
    if (options->automatic) {
      runtime::NewAutoOptions auto_options;
      auto_options.name = name;
      auto_options.verify = !options->no_verify;
      auto_options.offline = options->offline;
      if (!options->dev_url.empty()) auto_options.dev_url = options->dev_url;
      runtime::new_auto_migration(config, auto_options, std::cout, std::cerr);
      return;
    }
    auto path = runtime::create_migration_file(config.migrations_dirs.front(), name,
                                               std::chrono::system_clock::now());
    std::cout << path.string() << "\n";
  });
});

}  // namespace
}  // namespace schemactl::cli
