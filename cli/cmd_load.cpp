// `schemactl load`: creates the database when missing and applies a schema file to it in one
// transaction (the fast way to set up a test database from a dump or a schema.sql).
#include <iostream>

#include "cli/command.hpp"
#include "cli/global_options.hpp"
#include "runtime/database_admin.hpp"
#include "runtime/load.hpp"

namespace schemactl::cli {
namespace {

struct LoadFlags {
  std::string file;
  bool no_owners = false;
  bool no_privileges = false;
};

const RegisterCommand register_load(72, [](CLI::App& app) {
  auto flags = std::make_shared<LoadFlags>();
  auto* cmd = app.add_subcommand("load", "Create the database if missing and apply a schema file (default: the schema file)");
  cmd->add_option("file", flags->file, "Schema file to load (default: --schema-file)");
  cmd->add_flag("--no-owners", flags->no_owners, "Skip the file's ALTER ... OWNER TO statements");
  cmd->add_flag("--no-privileges", flags->no_privileges, "Skip the file's GRANT / REVOKE statements");
  cmd->callback([flags] {
    runtime::Config config = global_config();
    std::string file = flags->file.empty() ? config.schema_file : flags->file;
    runtime::LoadOptions options;
    options.owners = !flags->no_owners;
    options.privileges = !flags->no_privileges;
    // Read and compiled before touching the server: a bad file creates no database.
    auto script = runtime::prepare_load(read_schema_sources({file}), options);
    auto conn = runtime::connect_creating(config, std::cout);
    auto result = runtime::apply_load(conn, script);
    std::cout << "Loaded: " << file << " (" << result.statements << " statements)\n";
    if (config.verbose) std::cerr << "Round trips: " << result.round_trips << "\n";
  });
});

}  // namespace
}  // namespace schemactl::cli
