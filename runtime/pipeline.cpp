#include "runtime/pipeline.hpp"

#include <poll.h>

#include <cerrno>
#include <cstring>

namespace schemactl::runtime {

namespace {
std::string connection_message(PGconn* conn) {
  std::string message = PQerrorMessage(conn);
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  return message;
}
}  // namespace

Pipeline::Pipeline(Connection& connection) : connection_(connection) {
  PGconn* conn = connection_.raw();
  if (PQenterPipelineMode(conn) != 1) throw DatabaseError("cannot enter pipeline mode: " + connection_message(conn));
  if (PQsetnonblocking(conn, 1) != 0) {
    PQexitPipelineMode(conn);
    throw DatabaseError("cannot make the connection non-blocking: " + connection_message(conn));
  }
}

Pipeline::~Pipeline() { drain(); }

void Pipeline::send(std::string_view sql, const std::vector<std::optional<std::string>>& params) {
  std::string owned(sql);
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
  if (PQsendQueryParams(connection_.raw(), owned.c_str(), static_cast<int>(values.size()), nullptr, values.data(),
                        nullptr, nullptr, 0) != 1) {
    throw DatabaseError(connection_message(connection_.raw()));
  }
  ++unread_statements_;
  ++unsynced_statements_;
}

void Pipeline::sync() {
  if (PQpipelineSync(connection_.raw()) != 1) throw DatabaseError(connection_message(connection_.raw()));
  unsynced_statements_ = 0;
  ++pending_syncs_;
}

PGresult* Pipeline::wait_for_result() {
  PGconn* conn = connection_.raw();
  for (;;) {
    int unsent = PQflush(conn);
    if (unsent < 0) throw DatabaseError(connection_message(conn));
    if (!PQisBusy(conn)) return PQgetResult(conn);
    pollfd fd{PQsocket(conn), static_cast<short>(POLLIN | (unsent ? POLLOUT : 0)), 0};
    if (poll(&fd, 1, -1) < 0) {
      if (errno == EINTR) continue;
      throw DatabaseError(std::string("poll: ") + std::strerror(errno));
    }
    if ((fd.revents & (POLLIN | POLLERR | POLLHUP)) != 0 && PQconsumeInput(conn) != 1) {
      throw DatabaseError(connection_message(conn));
    }
  }
}

Result Pipeline::next() {
  if (unread_statements_ <= unsynced_statements_) {
    throw DatabaseError("pipeline: no statement result to read (sync() not called?)");
  }
  PGresult* raw = wait_for_result();
  // The acknowledgement of a sync() sent between statements comes before the next results.
  while (raw && PQresultStatus(raw) == PGRES_PIPELINE_SYNC) {
    PQclear(raw);
    --pending_syncs_;
    raw = wait_for_result();
  }
  --unread_statements_;
  // A statement's results end with a null; each of ours has exactly one result.
  if (raw) {
    while (PGresult* extra = wait_for_result()) PQclear(extra);
  }
  if (raw && PQresultStatus(raw) == PGRES_PIPELINE_ABORTED) {
    PQclear(raw);
    throw DatabaseError("statement skipped: an earlier statement of the batch failed");
  }
  return connection_.check(raw, "");
}

void Pipeline::drain() noexcept {
  PGconn* conn = connection_.raw();
  try {
    // Statements queued without a sync would never run: end the batch so it can be drained.
    if (unsynced_statements_ > 0) sync();
    while (pending_syncs_ > 0) {
      PGresult* raw = wait_for_result();
      if (!raw) continue;  // the end of one statement's results
      if (PQresultStatus(raw) == PGRES_PIPELINE_SYNC) --pending_syncs_;
      PQclear(raw);
    }
  } catch (...) {
    // The connection is broken: nothing more will arrive, and its next use reports the error.
  }
  PQexitPipelineMode(conn);
  PQsetnonblocking(conn, 0);
}

}  // namespace schemactl::runtime
