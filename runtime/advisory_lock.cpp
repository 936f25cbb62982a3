#include "runtime/advisory_lock.hpp"

#include <string>

namespace schemactl::runtime {

AdvisoryLock::AdvisoryLock(Connection& conn, std::int64_t key) : conn_(conn), key_(key) {
  conn_.exec_params("SELECT pg_advisory_lock($1::bigint)", {std::to_string(key_)});
}

AdvisoryLock::~AdvisoryLock() {
  try {
    conn_.exec_params("SELECT pg_advisory_unlock($1::bigint)", {std::to_string(key_)});
  } catch (...) {
    // A destructor must not throw. A failed unlock means the session is broken, and a broken
    // session's locks are released by the server when the connection closes.
  }
}

}  // namespace schemactl::runtime
