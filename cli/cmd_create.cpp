// `schemactl create`: creates the database named in the URL.
#include <iostream>

#include "cli/command.hpp"
#include "cli/global_options.hpp"
#include "runtime/database_admin.hpp"

namespace schemactl::cli {
namespace {

const RegisterCommand register_create(22, [](CLI::App& app) {
  auto* cmd = app.add_subcommand("create", "Create the database named in the URL");
  cmd->callback([] {
    runtime::Config config = global_config();
    if (config.wait) runtime::wait_for_server(config.require_url(), config.wait_timeout, std::cerr);
    runtime::create_database(config.require_url(), std::cout);
  });
});

}  // namespace
}  // namespace schemactl::cli
