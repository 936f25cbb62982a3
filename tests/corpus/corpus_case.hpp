// One case of the external schema corpus (/work/shared/corpus/cases/<source>/<case>) and the
// four-phase check run on it: load current, generate the migration to desired, apply up and
// compare with desired loaded directly, apply down and compare with the start.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace schemactl::corpus {

struct CorpusCase {
  std::string source;  // sqldef, migra, apgdiff
  std::string name;
  std::filesystem::path dir;
  bool expects_error = false;
  std::optional<std::string> user;  // run as this role, in its own schema
  std::string id() const { return source + "/" + name; }
};

struct CaseResult {
  bool passed = false;
  std::string reason;  // one line, for failures
};

// Reads meta.json's flags.
CorpusCase read_case(const std::string& source, const std::filesystem::path& dir);

// The databases one worker reuses from case to case (creating a database costs about a second
// on a loaded machine; emptying one costs milliseconds): the target, one for desired.sql applied
// directly, and the scratch database schemactl uses (as --dev-url). Dropped at the end.
class WorkerDatabases {
 public:
  WorkerDatabases(const std::string& server_url, int worker);
  ~WorkerDatabases();
  WorkerDatabases(const WorkerDatabases&) = delete;
  WorkerDatabases& operator=(const WorkerDatabases&) = delete;

  // Empties the three databases (every user schema dropped, public recreated as a new database
  // has it) and prepares them for `user`: owner of target and direct, with a schema of its own.
  void reset(const std::optional<std::string>& user);

  std::string target_url, direct_url, scratch_url;  // connecting as the case's user where set

 private:
  std::string server_url_;
  std::vector<std::string> names_;
  std::optional<std::string> user_;
};

// Runs the four phases (a superuser URL in `server_url`).
CaseResult run_case(const CorpusCase& c, WorkerDatabases& databases);

}  // namespace schemactl::corpus
