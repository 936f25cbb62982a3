// A throwaway database on the target's server, where schemactl lets PostgreSQL itself be the
// oracle: schema.sql is applied there to learn how the server spells it, and generated
// migrations are proven there before they are written.
#pragma once

#include <optional>
#include <string>

#include "runtime/connection.hpp"

namespace schemactl::runtime {

class ScratchDatabase {
 public:
  // With `dev_url`: uses that database (it must be empty of user objects and is emptied again
  // after each use). Without: creates `<target db>_schemactl_scratch_<pid>_<n>` on the server of
  // `target_url` and drops it in the destructor. DatabaseError when the role may not create
  // databases (the message says to pass --dev-url).
  ScratchDatabase(const std::string& target_url, const std::optional<std::string>& dev_url);
  ~ScratchDatabase();
  ScratchDatabase(const ScratchDatabase&) = delete;
  ScratchDatabase& operator=(const ScratchDatabase&) = delete;

  const std::string& url() const { return url_; }
  const std::string& name() const { return name_; }

  // Empties the database: every non-system schema dropped, public recreated. After this it is
  // as a new database would be.
  void reset();

 private:
  std::string url_;
  std::string name_;
  std::string maintenance_url_;
  bool created_ = false;
};

// True when the connected role may create databases (CREATEDB or superuser).
bool can_create_databases(Connection& connection);

}  // namespace schemactl::runtime
