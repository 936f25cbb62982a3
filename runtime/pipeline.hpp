// libpq pipeline mode (PostgreSQL 14+ libpq): a batch of statements is sent at once and the
// results are read back in order. The server runs the next statement while the client is still
// reading the results of an earlier one, and the batch costs one round trip instead of one per
// statement. Used by introspection, whose catalog queries do not depend on each other's results.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/connection.hpp"

namespace schemactl::runtime {

class Pipeline {
 public:
  // Enters pipeline mode; the connection must be idle (no statement in progress).
  explicit Pipeline(Connection& connection);
  // Reads and discards whatever the server still owes (after an error, or results not asked
  // for) and leaves pipeline mode, so that the connection can be used again.
  ~Pipeline();
  Pipeline(const Pipeline&) = delete;
  Pipeline& operator=(const Pipeline&) = delete;

  // Queues one statement with text parameters (NULL for nullopt). Nothing runs before sync().
  void send(std::string_view sql, const std::vector<std::optional<std::string>>& params = {});
  // Ends the batch: the server runs the statements queued so far, in order. More statements
  // may be sent after it, and synced again, before or while their results are read.
  void sync();
  // The result of the next statement, in the order they were sent; throws ServerError for a
  // statement that failed (the statements after it in the batch are skipped by the server).
  Result next();

 private:
  // The next PGresult (or the null that ends a statement's results), flushing queued output
  // while waiting: the connection is non-blocking, so that a large batch cannot deadlock
  // against a server that is blocked sending results nobody reads yet.
  PGresult* wait_for_result();
  void drain() noexcept;

  Connection& connection_;
  int unread_statements_ = 0;    // sent, result not read yet
  int unsynced_statements_ = 0;  // sent since the last sync()
  int pending_syncs_ = 0;        // sync() calls whose acknowledgement was not read yet
};

}  // namespace schemactl::runtime
