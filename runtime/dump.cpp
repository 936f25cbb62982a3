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
  IntrospectOptions introspect_options;
  introspect_options.include_schemas = options.include_schemas;
  introspect_options.exclude_schemas = options.exclude_schemas;
  introspect_options.owners = options.owners;
  introspect_options.pinned_extension_versions_only = true;
  // The dump carries the migrations table itself (dbmate's dump does): nothing is left out here.
  introspect_options.migrations_table = "";
  // Its rows come with the catalog, from the same snapshot.
  introspect_options.history_table = options.migrations_table;
  introspect_options.second_session = true;
  MigrationHistory history;
  ir::Catalog catalog = introspect(connection, introspect_options, &result.stats, &history);

  EmitOptions emit_options;
  emit_options.owners = options.owners;
  emit_options.privileges = options.privileges;
  emit_options.data = false;
  auto emit_start = std::chrono::steady_clock::now();
  result.sql = emit_catalog(catalog, emit_options);
  result.emit_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - emit_start).count();
  if (history.table && catalog.tables.count(*history.table)) result.sql += migrations_insert(*history.table, history.versions);
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
