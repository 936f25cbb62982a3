// Each subcommand lives in its own cli/cmd_*.cpp and registers itself with a static
// RegisterCommand object, so adding a command never touches main.cpp.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <string>
#include <vector>

namespace schemactl::cli {

// Adds one subcommand (with its options and callback) to the application.
using CommandSetup = std::function<void(CLI::App& app)>;

struct CommandEntry {
  int order;  // position in --help
  CommandSetup setup;
};

std::vector<CommandEntry>& command_registry();

// A command that finishes normally but must signal something (pending migrations, drift)
// sets this; main returns it after a successful parse.
int& command_exit_code();

struct RegisterCommand {
  RegisterCommand(int order, CommandSetup setup) {
    command_registry().push_back({order, std::move(setup)});
  }
};

}  // namespace schemactl::cli
