// `schemactl drop`: drops the database named in the URL (if it exists). Open sessions are not
// terminated; a database in use is reported with the server's error.
#include <iostream>

#include "cli/command.hpp"
#include "cli/global_options.hpp"
#include "runtime/database_admin.hpp"

namespace schemactl::cli {
namespace {

const RegisterCommand register_drop(24, [](CLI::App& app) {
  auto* cmd = app.add_subcommand("drop", "Drop the database named in the URL");
  cmd->callback([] {
    runtime::Config config = global_config();
    if (config.wait) runtime::wait_for_server(config.require_url(), config.wait_timeout, std::cerr);
    runtime::drop_database(config.require_url(), std::cout);
  });
});

}  // namespace
}  // namespace schemactl::cli
