// Errors that cross module boundaries, each with the exit code the CLI maps it to
// (0 success, 1 pending/drift when asked, 2 usage or input error, 3 database error).
#pragma once

#include <stdexcept>
#include <string>

namespace schemactl {

enum ExitCode : int { kExitOk = 0, kExitPending = 1, kExitInput = 2, kExitDatabase = 3 };

class Error : public std::runtime_error {
 public:
  Error(ExitCode code, const std::string& message) : std::runtime_error(message), code_(code) {}
  ExitCode exit_code() const { return code_; }

 private:
  ExitCode code_;
};

// Bad command line, bad configuration, malformed migration or schema file.
class InputError : public Error {
 public:
  explicit InputError(const std::string& message) : Error(kExitInput, message) {}
};

// The server refused or could not be reached. Messages must never contain credentials.
class DatabaseError : public Error {
 public:
  explicit DatabaseError(const std::string& message) : Error(kExitDatabase, message) {}
};

}  // namespace schemactl
