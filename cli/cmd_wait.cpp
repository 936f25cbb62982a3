// `schemactl wait`: blocks until the server accepts connections or --wait-timeout passes.
#include <iostream>

#include "cli/command.hpp"
#include "cli/global_options.hpp"
#include "runtime/database_admin.hpp"

namespace schemactl::cli {
namespace {

const RegisterCommand register_wait(40, [](CLI::App& app) {
  auto* cmd = app.add_subcommand("wait", "Wait until the database server accepts connections");
  cmd->callback([] {
    runtime::Config config = global_config();
    runtime::wait_for_server(config.require_url(), config.wait_timeout, std::cerr);
  });
});

}  // namespace
}  // namespace schemactl::cli
