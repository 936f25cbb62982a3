#include "runtime/dump.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "compiler/emit.hpp"
#include "compiler/quote.hpp"

namespace schemactl::runtime {

namespace {

// The migrations table, when it exists: its qualified name and its versions in order.
struct MigrationRows {
  std::optional<ir::QualifiedName> table;
  std::vector<std::string> versions;
};

std::string configured_table_sql(const std::string& configured) {
  auto dot = configured.find('.');
  if (dot == std::string::npos) return quote_ident(configured);
  return quote_ident(configured.substr(0, dot)) + "." + quote_ident(configured.substr(dot + 1));
}

MigrationRows read_migration_rows(Connection& connection, const std::string& configured, IntrospectStats& stats) {
  MigrationRows rows;
  auto start = std::chrono::steady_clock::now();
  auto count_query = [&] {
    ++stats.queries;
    ++stats.round_trips;
    stats.query_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };
  // Resolved with the session's own search_path, as the runner resolves it.
  Result where = connection.exec_params(
      "SELECT n.nspname, c.relname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
      " WHERE c.oid = pg_catalog.to_regclass($1)",
      {configured_table_sql(configured)});
  count_query();
  if (where.rows() == 0) return rows;
  rows.table = ir::QualifiedName{where.str(0, 0), where.str(0, 1)};
  Result versions = connection.exec(
      fmt::format("SELECT version::text FROM {} ORDER BY version", quote_qualified(*rows.table)));
  count_query();
  for (int r = 0; r < versions.rows(); ++r) rows.versions.push_back(versions.str(r, 0));
  return rows;
}

// dbmate's own format, so that dbmate and schemactl read each other's dumps.
std::string migrations_insert(const ir::QualifiedName& table, const std::vector<std::string>& versions) {
  if (versions.empty()) return "";
  std::string out = fmt::format("\n--\n-- Dbmate schema migrations\n--\n\nINSERT INTO {} (version) VALUES\n",
                                quote_qualified(table));
  for (size_t i = 0; i < versions.size(); ++i) {
    out += "    (" + quote_literal(versions[i]) + (i + 1 < versions.size() ? "),\n" : ");\n");
  }
  return out;
}

}  // namespace

DumpResult dump_schema(Connection& connection, const DumpOptions& options) {
  DumpResult result;
  MigrationRows rows = read_migration_rows(connection, options.migrations_table, result.stats);

  IntrospectOptions introspect_options;
  introspect_options.include_schemas = options.include_schemas;
  introspect_options.exclude_schemas = options.exclude_schemas;
  introspect_options.owners = options.owners;
  introspect_options.pinned_extension_versions_only = true;
  // The dump carries the migrations table itself (dbmate's dump does): nothing is left out here.
  introspect_options.migrations_table = "";
  IntrospectStats rows_stats = result.stats;
  ir::Catalog catalog = introspect(connection, introspect_options, &result.stats);
  result.stats.queries += rows_stats.queries;
  result.stats.round_trips += rows_stats.round_trips;
  result.stats.query_seconds += rows_stats.query_seconds;
  result.stats.total_seconds += rows_stats.query_seconds;
  result.stats.query_seconds_by_reader.insert(result.stats.query_seconds_by_reader.begin(), {"migration rows", rows_stats.query_seconds});

  EmitOptions emit_options;
  emit_options.owners = options.owners;
  emit_options.privileges = options.privileges;
  emit_options.data = false;
  auto emit_start = std::chrono::steady_clock::now();
  result.sql = emit_catalog(catalog, emit_options);
  result.emit_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - emit_start).count();
  if (rows.table && catalog.tables.count(*rows.table)) result.sql += migrations_insert(*rows.table, rows.versions);
  return result;
}

namespace {

void write_all(const std::string& path, const std::string& text, std::ios::openmode mode) {
  std::ofstream out(path, mode);
  if (!out) throw InputError(fmt::format("cannot write {}: {}", path, std::strerror(errno)));
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  out.flush();
  if (!out) throw InputError(fmt::format("cannot write {}: {}", path, std::strerror(errno)));
}

}  // namespace

void write_file_atomically(const std::string& path, const std::string& text) {
  namespace fs = std::filesystem;
  std::error_code ec;
  // Through a symlink, replace the file it points to, not the link.
  fs::path target = fs::weakly_canonical(path, ec);
  if (ec) target = path;
  // A device, pipe or socket (-o /dev/stdout, a FIFO) is written in place: renaming a regular
  // file over it would replace the device node itself.
  auto status = fs::status(target, ec);
  if (!ec && fs::exists(status) && !fs::is_regular_file(status)) {
    write_all(target.string(), text, std::ios::binary | std::ios::out);
    return;
  }
  std::string temporary = target.string() + ".tmp." + std::to_string(getpid());
  try {
    write_all(temporary, text, std::ios::binary | std::ios::trunc);
  } catch (...) {
    std::remove(temporary.c_str());
    throw;
  }
  if (std::rename(temporary.c_str(), target.c_str()) != 0) {
    int error = errno;
    std::remove(temporary.c_str());
    throw InputError(fmt::format("cannot write {}: {}", path, std::strerror(error)));
  }
}

}  // namespace schemactl::runtime
