// A fresh, uniquely named database on the test server (SCHEMACTL_TEST_URL, set by
// scripts/test), dropped again when the object goes out of scope.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace schemactl::test {

// The server URL from SCHEMACTL_TEST_URL; tests that need a server fail with a clear message
// when it is not set (run them through scripts/test).
std::string server_url();

// `url` with its database name replaced.
std::string url_with_database(const std::string& url, const std::string& database);

class TestDatabase {
 public:
  // Creates database `<prefix>_<pid>_<counter>`.
  explicit TestDatabase(const std::string& prefix = "t");
  ~TestDatabase();
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  const std::string& name() const { return name_; }
  const std::string& url() const { return url_; }

  // Runs SQL (several statements allowed); throws with the server's message on error.
  void exec(const std::string& sql) const;
  // First column of the first row, or nullopt when there is no row or it is NULL.
  std::optional<std::string> scalar(const std::string& sql) const;
  // First column of every row.
  std::vector<std::string> column(const std::string& sql) const;

 private:
  std::string name_;
  std::string url_;
};

// Runs SQL against any URL (used for cluster-wide statements such as CREATE ROLE).
void exec_sql(const std::string& url, const std::string& sql);

}  // namespace schemactl::test
