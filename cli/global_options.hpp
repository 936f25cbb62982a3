// Options every command shares (--url, --env, --env-file, --migrations-dir, --migrations-table,
// --schema-file, --strict, --verbose, --wait, --wait-timeout, --no-dump-schema). They are defined
// on the top-level app and accepted before or after the subcommand (CLI11 fallthrough).
#pragma once

#include <CLI/CLI.hpp>

#include "runtime/config.hpp"

namespace schemactl::cli {

// Called once by main before the commands are registered.
void add_global_options(CLI::App& app);

// The configuration resolved from the parsed flags, the environment, the .env files and the
// defaults (flag > variable > .env > default). Call it from a command's callback, after parsing.
// Throws InputError on a malformed .env file or a bad value.
runtime::Config global_config();

}  // namespace schemactl::cli
