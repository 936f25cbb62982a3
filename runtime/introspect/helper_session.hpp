// A second session that runs part of an introspection batch on the main session's snapshot
// (internal header). Most of what a small dump costs the server is fixed: a fresh backend plans
// every catalog query and fills its catalog caches on the way. Two backends do that work in
// parallel, as pg_dump -j shares one snapshot among its workers: the main session exports its
// snapshot, the helper imports it, so both read the same catalog.
//
// The helper connects (with the main connection's parameters) and runs its statements on a
// thread of its own, collecting their results as they arrive: the main thread neither waits for
// the connection nor for the helper's server, and reads the results in the order the readers
// need them.
#pragma once

#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "runtime/connection.hpp"

namespace schemactl::runtime::introspect_detail {

class HelperSession {
 public:
  // Starts connecting, on the helper's thread, with the parameters of `main`.
  explicit HelperSession(const Connection& main);
  // Waits for the thread: the statements still running finish first (the server cannot be
  // interrupted cheaply, and they are read-only).
  ~HelperSession();
  HelperSession(const HelperSession&) = delete;
  HelperSession& operator=(const HelperSession&) = delete;

  // Runs, as soon as the connection is made, in one batch: a read-only REPEATABLE READ
  // transaction that imports `snapshot`, the `settings` query, `statements` (each with
  // `parameters`), and ROLLBACK. Returns at once; call it once.
  void run(const std::string& snapshot, const std::string& settings, std::vector<std::string> statements,
           std::vector<std::optional<std::string>> parameters);
  // Waits until the snapshot has been imported: the main session must keep its transaction
  // open until then. Throws DatabaseError when the helper could not connect or import it (too
  // many connections, say): the caller then runs the statements itself.
  void wait_imported();
  // The result of the next of `statements`, in order; throws the error of the statement that
  // failed (or of the connection).
  Result next();
  // What the helper sends besides `statements`: BEGIN, the snapshot, the settings, ROLLBACK.
  static constexpr int kSessionStatements = 4;

 private:
  void work(std::string conninfo);
  void deliver(Result result);
  void fail(std::exception_ptr error);

  std::mutex mutex_;
  std::condition_variable changed_;
  // Set by the main thread.
  bool started_ = false;
  bool cancelled_ = false;
  std::string snapshot_;
  std::string settings_;
  std::vector<std::string> statements_;
  std::vector<std::optional<std::string>> parameters_;
  // Set by the helper's thread.
  bool imported_ = false;
  std::deque<Result> results_;
  std::exception_ptr error_;
  std::thread thread_;
};

}  // namespace schemactl::runtime::introspect_detail
