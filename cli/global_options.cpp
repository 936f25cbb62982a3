#include "cli/global_options.hpp"

namespace schemactl::cli {
namespace {

runtime::ConfigFlags& parsed_flags() {
  static runtime::ConfigFlags flags;
  return flags;
}

}  // namespace

void add_global_options(CLI::App& app) {
  auto& flags = parsed_flags();
  // Subcommands inherit fallthrough when they are created, so this must precede their setup.
  app.fallthrough();
  const char* group = "Global options (before or after the command)";
  app.add_option("-u,--url", flags.url, "Database URL (overrides the variable named by --env)")
      ->group(group);
  app.add_option("-e,--env", flags.env_name, "Variable holding the database URL")
      ->default_str("DATABASE_URL")
      ->group(group);
  app.add_option("--env-file", flags.env_files, "File(s) of KEY=VALUE variables (default .env; missing files are ignored)")
      ->allow_extra_args(false)
      ->group(group);
  app.add_option("-d,--migrations-dir", flags.migrations_dirs,
                 "Migrations directory, repeatable [env DBMATE_MIGRATIONS_DIR] (default ./migrations)")
      ->allow_extra_args(false)
      ->group(group);
  app.add_option("--migrations-table", flags.migrations_table,
                 "History table, optionally schema.table [env DBMATE_MIGRATIONS_TABLE] (default schema_migrations)")
      ->group(group);
  app.add_option("-s,--schema-file", flags.schema_file,
                 "Declarative schema file [env DBMATE_SCHEMA_FILE] (default schema.sql)")
      ->group(group);
  app.add_flag("--strict", flags.strict,
               "Fail if a pending migration is older than the newest applied one [env DBMATE_STRICT]")
      ->group(group);
  app.add_flag("--verbose", flags.verbose, "Print more detail [env DBMATE_VERBOSE]")->group(group);
  app.add_flag("--wait", flags.wait, "Wait for the server before running the command [env DBMATE_WAIT]")
      ->group(group);
  app.add_option("--wait-timeout", flags.wait_timeout, "How long --wait waits [env DBMATE_WAIT_TIMEOUT] (default 60s)")
      ->group(group);
  // dbmate writes schema.sql after every migration; schemactl never does (schema.sql is the
  // hand-written source of truth), so the flag is accepted for compatibility and changes nothing.
  static bool no_dump_schema = true;
  app.add_flag("--no-dump-schema", no_dump_schema, "Accepted for dbmate compatibility: schemactl never dumps after migrating")
      ->group(group);
}

runtime::Config global_config() {
  const auto& flags = parsed_flags();
  std::vector<std::string> env_files = flags.env_files.empty() ? std::vector<std::string>{".env"} : flags.env_files;
  return runtime::resolve_config(flags, runtime::load_environment(env_files, runtime::process_environment()));
}

}  // namespace schemactl::cli
