// RAII wrappers around libpq: one Connection per PGconn, one Result per PGresult.
// Every error message is free of credentials (URLs are redacted before they are shown).
#pragma once

#include <libpq-fe.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/error.hpp"

namespace schemactl::runtime {

// An error reported by the server for a statement, with the fields a diagnostic needs.
class ServerError : public DatabaseError {
 public:
  ServerError(const std::string& message, std::string sqlstate, int position, std::string detail,
              std::string hint)
      : DatabaseError(message), sqlstate_(std::move(sqlstate)), position_(position),
        detail_(std::move(detail)), hint_(std::move(hint)) {}
  const std::string& sqlstate() const { return sqlstate_; }
  int position() const { return position_; }  // 1-based character offset in the statement; 0 = none
  const std::string& detail() const { return detail_; }
  const std::string& hint() const { return hint_; }

 private:
  std::string sqlstate_;
  int position_;
  std::string detail_;
  std::string hint_;
};

class Result {
 public:
  Result() = default;
  explicit Result(PGresult* res) : res_(res) {}
  int rows() const { return res_ ? PQntuples(res_.get()) : 0; }
  int columns() const { return res_ ? PQnfields(res_.get()) : 0; }
  bool is_null(int row, int col) const { return PQgetisnull(res_.get(), row, col) != 0; }
  std::string_view get(int row, int col) const {
    return {PQgetvalue(res_.get(), row, col), static_cast<size_t>(PQgetlength(res_.get(), row, col))};
  }
  std::string str(int row, int col) const { return std::string(get(row, col)); }
  std::optional<std::string> opt(int row, int col) const {
    if (is_null(row, col)) return std::nullopt;
    return str(row, col);
  }
  bool boolean(int row, int col) const { return !is_null(row, col) && get(row, col) == "t"; }
  long long integer(int row, int col) const;
  int column_index(const char* name) const { return PQfnumber(res_.get(), name); }
  PGresult* raw() const { return res_.get(); }

 private:
  struct Clear {
    void operator()(PGresult* r) const { PQclear(r); }
  };
  std::unique_ptr<PGresult, Clear> res_;
};

class Connection {
 public:
  // Connects to a postgres:// URL or a libpq conninfo string; throws DatabaseError (redacted).
  explicit Connection(const std::string& url);
  Connection(Connection&&) noexcept = default;
  Connection& operator=(Connection&&) noexcept = default;

  // Runs one or more statements (simple query protocol); throws ServerError on failure.
  Result exec(std::string_view sql);
  // Runs one statement with text parameters (NULL for nullopt); throws ServerError on failure.
  Result exec_params(std::string_view sql, const std::vector<std::optional<std::string>>& params);

  std::string database() const { return PQdb(conn_.get()); }
  std::string user() const { return PQuser(conn_.get()); }
  int server_version() const { return PQserverVersion(conn_.get()); }
  PGconn* raw() const { return conn_.get(); }

 private:
  friend class Pipeline;  // turns its results into Result / ServerError the same way
  Result check(PGresult* res, std::string_view sql);
  struct Finish {
    void operator()(PGconn* c) const { PQfinish(c); }
  };
  std::unique_ptr<PGconn, Finish> conn_;
};

// The URL with any password replaced by "xxxxx", for messages and logs.
std::string redact_url(std::string_view url);

// Removes anything that looks like a password from a message (libpq sometimes echoes conninfo).
std::string redact_message(std::string_view message, std::string_view url);

}  // namespace schemactl::runtime
