#include "tests/support/test_db.hpp"

#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <stdexcept>

namespace schemactl::test {
namespace {

struct ConnCloser {
  void operator()(PGconn* c) const { PQfinish(c); }
};
struct ResultClearer {
  void operator()(PGresult* r) const { PQclear(r); }
};
using ConnPtr = std::unique_ptr<PGconn, ConnCloser>;
using ResultPtr = std::unique_ptr<PGresult, ResultClearer>;

ConnPtr connect(const std::string& url) {
  ConnPtr conn(PQconnectdb(url.c_str()));
  if (!conn || PQstatus(conn.get()) != CONNECTION_OK) {
    throw std::runtime_error("test database: cannot connect: " +
                             std::string(conn ? PQerrorMessage(conn.get()) : "out of memory"));
  }
  // "database ... does not exist, skipping" and similar notices are expected; keep test output clean.
  PQsetNoticeProcessor(conn.get(), [](void*, const char*) {}, nullptr);
  return conn;
}

ResultPtr run(PGconn* conn, const std::string& sql) {
  ResultPtr res(PQexec(conn, sql.c_str()));
  auto status = PQresultStatus(res.get());
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    throw std::runtime_error("test database: " + std::string(PQerrorMessage(conn)) + "in: " + sql);
  }
  return res;
}

}  // namespace

std::string server_url() {
  const char* url = std::getenv("SCHEMACTL_TEST_URL");
  if (!url || !*url) {
    throw std::runtime_error("SCHEMACTL_TEST_URL is not set: run the tests through scripts/test");
  }
  return url;
}

std::string url_with_database(const std::string& url, const std::string& database) {
  // postgres://user[:pass]@host[:port]/db[?params]
  auto scheme_end = url.find("://");
  auto path = url.find('/', scheme_end == std::string::npos ? 0 : scheme_end + 3);
  auto query = url.find('?');
  std::string base = path == std::string::npos ? url.substr(0, query) : url.substr(0, path);
  std::string params = query == std::string::npos ? "" : url.substr(query);
  return base + "/" + database + params;
}

TestDatabase::TestDatabase(const std::string& prefix) {
  static std::atomic<int> counter{0};
  name_ = prefix + "_" + std::to_string(getpid()) + "_" + std::to_string(counter++);
  auto admin = connect(server_url());
  run(admin.get(), "DROP DATABASE IF EXISTS \"" + name_ + "\"");
  run(admin.get(), "CREATE DATABASE \"" + name_ + "\"");
  url_ = url_with_database(server_url(), name_);
}

TestDatabase::~TestDatabase() {
  try {
    auto admin = connect(server_url());
    run(admin.get(), "DROP DATABASE IF EXISTS \"" + name_ + "\" WITH (FORCE)");
  } catch (...) {
    // A destructor must not throw; a leftover database only costs disk in the throwaway server.
  }
}

void TestDatabase::exec(const std::string& sql) const { exec_sql(url_, sql); }

std::optional<std::string> TestDatabase::scalar(const std::string& sql) const {
  auto conn = connect(url_);
  auto res = run(conn.get(), sql);
  if (PQntuples(res.get()) == 0 || PQgetisnull(res.get(), 0, 0)) return std::nullopt;
  return std::string(PQgetvalue(res.get(), 0, 0));
}

std::vector<std::string> TestDatabase::column(const std::string& sql) const {
  auto conn = connect(url_);
  auto res = run(conn.get(), sql);
  std::vector<std::string> out;
  for (int i = 0; i < PQntuples(res.get()); ++i) out.emplace_back(PQgetvalue(res.get(), i, 0));
  return out;
}

void exec_sql(const std::string& url, const std::string& sql) {
  auto conn = connect(url);
  run(conn.get(), sql);
}

}  // namespace schemactl::test
