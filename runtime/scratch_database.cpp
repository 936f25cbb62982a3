// Scratch databases: created from template0 on the target's server, always dropped again.
#include "runtime/scratch_database.hpp"

#include <unistd.h>

#include <atomic>

#include <fmt/format.h>

#include "compiler/quote.hpp"
#include "runtime/database_admin.hpp"

namespace schemactl::runtime {
namespace {

std::atomic<int> counter{0};

// Schemas a fresh database has (besides public) or that belong to the system.
constexpr const char* kUserSchemas =
    "SELECT nspname FROM pg_catalog.pg_namespace WHERE nspname <> 'information_schema' AND nspname !~ '^pg_'"
    " ORDER BY 1";

}  // namespace

bool can_create_databases(Connection& connection) {
  Result r = connection.exec("SELECT rolcreatedb OR rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user");
  return r.rows() == 1 && r.boolean(0, 0);
}

ScratchDatabase::ScratchDatabase(const std::string& target_url, const std::optional<std::string>& dev_url) {
  if (dev_url) {
    url_ = *dev_url;
    name_ = database_name(*dev_url);
    Connection conn(url_);
    Result objects = conn.exec(
        "SELECT count(*) FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
        " WHERE n.nspname <> 'information_schema' AND n.nspname !~ '^pg_'");
    if (objects.integer(0, 0) != 0)
      throw InputError(fmt::format("the dev database {} is not empty: give --dev-url an empty database "
                                   "(schemactl empties it after each use)", name_));
    reset();
    return;
  }
  std::string base = database_name(target_url);
  std::string suffix = fmt::format("_schemactl_scratch_{}_{}", getpid(), counter++);
  if (base.size() + suffix.size() > 63) base.resize(63 - suffix.size());
  name_ = base + suffix;
  maintenance_url_ = maintenance_url(target_url);
  url_ = url_for_database(target_url, name_);
  Connection admin(maintenance_url_);
  if (!can_create_databases(admin))
    throw DatabaseError(fmt::format("role {} may not create databases, so schemactl cannot create a scratch "
                                    "database; pass --dev-url with an empty database to use instead",
                                    quote_ident(admin.user())));
  admin.exec(fmt::format("CREATE DATABASE {} TEMPLATE template0", quote_ident(name_)));
  created_ = true;
}

ScratchDatabase::~ScratchDatabase() {
  try {
    if (created_) {
      Connection admin(maintenance_url_);
      admin.exec(fmt::format("DROP DATABASE IF EXISTS {} WITH (FORCE)", quote_ident(name_)));
    } else {
      reset();
    }
  } catch (const std::exception&) {
    // A destructor cannot report; the scratch name carries the pid so leftovers are recognizable.
  }
}

void ScratchDatabase::reset() {
  Connection conn(url_);
  Result schemas = conn.exec(kUserSchemas);
  std::string sql;
  for (int r = 0; r < schemas.rows(); ++r)
    sql += fmt::format("DROP SCHEMA {} CASCADE;", quote_ident(schemas.str(r, 0)));
  sql += "CREATE SCHEMA public;";
  conn.exec(sql);
}

}  // namespace schemactl::runtime
