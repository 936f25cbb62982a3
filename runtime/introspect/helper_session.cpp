#include "runtime/introspect/helper_session.hpp"

#include <string_view>

#include "compiler/quote.hpp"
#include "runtime/pipeline.hpp"

namespace schemactl::runtime::introspect_detail {

namespace {
// A conninfo string for a second connection to the very server `main` is connected to: its
// parameters, with the host and port it actually reached (a URL may list several hosts, and
// a snapshot can only be imported on the server that exported it).
std::string conninfo_of(const Connection& main) {
  PGconn* conn = main.raw();
  auto append = [](std::string& out, const char* keyword, const char* value) {
    if (!value || !*value) return;
    out += keyword;
    out += "='";
    for (const char* c = value; *c; ++c) {
      if (*c == '\'' || *c == '\\') out += '\\';
      out += *c;
    }
    out += "' ";
  };
  std::string out;
  if (PQconninfoOption* options = PQconninfo(conn)) {
    for (PQconninfoOption* option = options; option->keyword; ++option) {
      std::string_view keyword = option->keyword;
      if (keyword == "host" || keyword == "hostaddr" || keyword == "port") continue;
      append(out, option->keyword, option->val);
    }
    PQconninfoFree(options);
  }
  append(out, "host", PQhost(conn));
  append(out, "hostaddr", PQhostaddr(conn));
  append(out, "port", PQport(conn));
  return out;
}
}  // namespace

HelperSession::HelperSession(const Connection& main) {
  thread_ = std::thread(&HelperSession::work, this, conninfo_of(main));
}

HelperSession::~HelperSession() {
  {
    std::lock_guard lock(mutex_);
    if (!started_) cancelled_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

void HelperSession::run(const std::string& snapshot, const std::string& settings, std::vector<std::string> statements,
                        std::vector<std::optional<std::string>> parameters) {
  {
    std::lock_guard lock(mutex_);
    snapshot_ = snapshot;
    settings_ = settings;
    statements_ = std::move(statements);
    parameters_ = std::move(parameters);
    started_ = true;
  }
  changed_.notify_all();
}

void HelperSession::wait_imported() {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return imported_ || error_; });
  if (!imported_) std::rethrow_exception(error_);
}

Result HelperSession::next() {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return !results_.empty() || error_; });
  if (results_.empty()) std::rethrow_exception(error_);
  Result result = std::move(results_.front());
  results_.pop_front();
  return result;
}

void HelperSession::deliver(Result result) {
  {
    std::lock_guard lock(mutex_);
    results_.push_back(std::move(result));
  }
  changed_.notify_all();
}

void HelperSession::fail(std::exception_ptr error) {
  {
    std::lock_guard lock(mutex_);
    error_ = std::move(error);
  }
  changed_.notify_all();
}

void HelperSession::work(std::string conninfo) {
  try {
    Connection connection(conninfo);
    {
      std::unique_lock lock(mutex_);
      changed_.wait(lock, [&] { return started_ || cancelled_; });
      if (cancelled_) return;
    }
    Pipeline pipeline(connection);
    pipeline.send("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY");
    pipeline.send("SET TRANSACTION SNAPSHOT " + quote_literal(snapshot_));
    pipeline.send(settings_);
    for (const auto& statement : statements_) pipeline.send(statement, parameters_);
    pipeline.send("ROLLBACK");
    pipeline.sync();
    pipeline.next();
    pipeline.next();
    {
      std::lock_guard lock(mutex_);
      imported_ = true;
    }
    changed_.notify_all();
    pipeline.next();
    for (size_t i = 0; i < statements_.size(); ++i) deliver(pipeline.next());
    pipeline.next();
  } catch (...) {
    fail(std::current_exception());
  }
}

}  // namespace schemactl::runtime::introspect_detail
