// schemactl entry point: builds the CLI from the registered commands and maps errors to exit codes.
#include <algorithm>
#include <exception>
#include <iostream>

#include <CLI/CLI.hpp>

#include "cli/command.hpp"
#include "cli/global_options.hpp"
#include "compiler/error.hpp"

namespace schemactl::cli {
std::vector<CommandEntry>& command_registry() {
  static std::vector<CommandEntry> registry;
  return registry;
}
int& command_exit_code() {
  static int code = 0;
  return code;
}
}  // namespace schemactl::cli

int main(int argc, char** argv) {
  using namespace schemactl;
  CLI::App app{"schemactl: declarative schema compiler and migration tool for PostgreSQL"};
  app.require_subcommand(1);
  // -v is the version flag, as in dbmate (urfave/cli), not a short --verbose.
  app.set_version_flag("-v,--version", std::string("schemactl ") + SCHEMACTL_VERSION);
  cli::add_global_options(app);
  auto& registry = cli::command_registry();
  std::stable_sort(registry.begin(), registry.end(),
                   [](const auto& a, const auto& b) { return a.order < b.order; });
  for (const auto& entry : registry) entry.setup(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? kExitOk : kExitInput;
  } catch (const Error& e) {
    std::cerr << "error: " << e.what() << "\n";
    return e.exit_code();
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return kExitInput;
  }
  return cli::command_exit_code();
}
