// A session-level PostgreSQL advisory lock held for the lifetime of the object, so that two
// runners started at once serialize instead of applying the same migration twice.
#pragma once

#include <cstdint>

#include "runtime/connection.hpp"

namespace schemactl::runtime {

class AdvisoryLock {
 public:
  // Blocks until the lock on `key` is granted (pg_advisory_lock).
  AdvisoryLock(Connection& conn, std::int64_t key);
  ~AdvisoryLock();  // pg_advisory_unlock; the server also releases it when the session ends
  AdvisoryLock(const AdvisoryLock&) = delete;
  AdvisoryLock& operator=(const AdvisoryLock&) = delete;

 private:
  Connection& conn_;
  std::int64_t key_;
};

}  // namespace schemactl::runtime
