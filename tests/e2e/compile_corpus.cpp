// The compiler against the external corpus (every case's desired.sql with its setup.sql, and
// the real-world pg_dump schemas):
//   1. it compiles without errors;
//   2. fixed point: compile(emit(compile(x))) == compile(x);
//   3. the emitted SQL loads into an empty PostgreSQL 15 database;
//   4. equal to what the server says: x loaded with psql, dumped with pg_dump --schema-only,
//      compiled again, gives the same IR (pass rate printed per object kind).
// Known differences are listed, each with its reason, in compile_known_mismatches.txt; any other
// difference fails. Cases marked expects_error in meta.json are skipped (the source tool expected
// them to be rejected).
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <array>
#include <atomic>
#include <memory>
#include <iostream>
#include <mutex>
#include <thread>

#include <fmt/format.h>

#include "compiler/emit.hpp"
#include "compiler/owner_privileges.hpp"
#include "runtime/connection.hpp"
#include "runtime/introspect.hpp"
#include "tests/e2e/compile_corpus_support.hpp"
#include "tests/support/process.hpp"
#include "tests/support/test_db.hpp"

using namespace schemactl;
using namespace schemactl::test;
using namespace schemactl::test::corpus;

namespace {

struct Outcome {
  std::string check;   // compile, fixedpoint, load, server
  std::string detail;  // what differed
};

// Runs fn(input, outcomes, worker) over the inputs on two workers (the machine has two cores).
template <typename Fn>
std::vector<std::vector<Outcome>> for_each_input(const std::vector<Input>& inputs, Fn fn, int workers = 2) {
  std::vector<std::vector<Outcome>> results(inputs.size());
  std::atomic<size_t> next{0};
  auto work = [&](int worker) {
    for (size_t i = next++; i < inputs.size(); i = next++) {
      try {
        fn(inputs[i], results[i], worker);
      } catch (const std::exception& e) {
        results[i].push_back({"error", e.what()});
      }
    }
  };
  std::vector<std::thread> threads;
  for (int w = 0; w < workers; ++w) threads.emplace_back(work, w);
  for (auto& t : threads) t.join();
  return results;
}

// Fails for every outcome not listed as known; prints the known ones' count.
void judge(const std::vector<Input>& inputs, const std::vector<std::vector<Outcome>>& results, const std::string& check) {
  auto known = known_mismatches();
  int failures = 0, listed = 0, fixed = 0;
  for (size_t i = 0; i < inputs.size(); ++i) {
    bool failed_here = false;
    for (const auto& o : results[i]) {
      std::string key_check = o.check == "error" ? check : o.check;
      if (known.count({inputs[i].id, key_check})) {
        ++listed;
        failed_here = true;
        continue;
      }
      ++failures;
      failed_here = true;
      FAIL_CHECK(fmt::format("{} [{}]: {}", inputs[i].id, o.check, o.detail));
    }
    if (!failed_here && known.count({inputs[i].id, check})) ++fixed;
  }
  MESSAGE(fmt::format("{}: {} inputs, {} unexpected failures, {} known mismatches, {} listed but now passing", check,
                      inputs.size(), failures, listed, fixed));
}

std::vector<Input> usable_inputs() {
  auto dir = corpus_dir();
  std::vector<Input> out;
  if (dir.empty()) return out;
  for (auto& in : inputs(dir))
    if (!in.expects_error) out.push_back(std::move(in));
  return out;
}

}  // namespace

TEST_CASE("every corpus schema compiles") {
  auto in = usable_inputs();
  if (in.empty()) {
    MESSAGE("corpus not found (set SCHEMACTL_CORPUS): skipped");
    return;
  }
  auto results = for_each_input(in, [](const Input& input, std::vector<Outcome>& out, int) {
    auto r = compile(input.sources, options_for(input));
    if (!r.ok()) out.push_back({"compile", first_error(r)});
  });
  judge(in, results, "compile");
}

TEST_CASE("fixed point: compile(emit(compile(x))) == compile(x)") {
  auto in = usable_inputs();
  if (in.empty()) {
    MESSAGE("corpus not found (set SCHEMACTL_CORPUS): skipped");
    return;
  }
  auto results = for_each_input(in, [](const Input& input, std::vector<Outcome>& out, int) {
    auto first = compile(input.sources, options_for(input));
    if (!first.ok()) return;  // reported by the compile test
    EmitOptions eo;
    eo.privileges = true;
    eo.owners = true;
    std::string sql = emit_catalog(first.catalog, eo);
    auto second = compile_text(sql, "emitted.sql");
    if (!second.ok()) {
      out.push_back({"fixedpoint", "emitted SQL does not compile: " + first_error(second)});
      return;
    }
    Tally tally;
    auto diffs = compare(first.catalog, second.catalog, tally);
    if (!diffs.empty()) out.push_back({"fixedpoint", diffs[0].kind + " " + diffs[0].object});
  });
  judge(in, results, "fixedpoint");
}

namespace {

void create_roles(const std::vector<Input>& inputs) {
  std::set<std::string> files;
  for (const auto& in : inputs)
    if (!in.roles_file.empty() && fs::exists(in.roles_file)) files.insert(in.roles_file);
  for (const auto& f : files) {
    // The files create each role only when missing (roles are cluster-wide).
    exec_sql(server_url(), read_text(f));
  }
}

// One database per worker, emptied between inputs: creating a database per input costs more
// than the whole check.
class Workers {
 public:
  const TestDatabase& fresh(int worker) {
    auto& db = dbs_[static_cast<size_t>(worker)];
    if (!db) {
      db = std::make_unique<TestDatabase>("ccorpus");
      return *db;
    }
    db->exec(R"(
      DO $$ DECLARE s text; BEGIN
        FOR s IN SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\_%' AND nspname <> 'information_schema' LOOP
          EXECUTE format('DROP SCHEMA %I CASCADE', s);
        END LOOP;
      END $$;
      CREATE SCHEMA public AUTHORIZATION pg_database_owner;
      GRANT USAGE ON SCHEMA public TO PUBLIC;
      COMMENT ON SCHEMA public IS 'standard public schema';)");
    return *db;
  }

 private:
  std::array<std::unique_ptr<TestDatabase>, 2> dbs_;
};

ProcessResult psql_file(const std::string& url, const std::string& file, const Input& in) {
  ProcessOptions po;
  if (!in.user.empty()) po.env["PGOPTIONS"] = "-c search_path=" + in.user + ",public";
  return run_process({pg_bin("psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, "-f", file}, po);
}

std::string temp_file(const std::string& content) {
  static std::atomic<int> counter{0};
  fs::path p = fs::temp_directory_path() / fmt::format("schemactl_compile_{}_{}.sql", ::getpid(), counter++);
  std::ofstream(p, std::ios::binary) << content;
  return p.string();
}

}  // namespace

TEST_CASE("the emitted SQL loads into an empty database") {
  auto in = usable_inputs();
  if (in.empty()) {
    MESSAGE("corpus not found (set SCHEMACTL_CORPUS): skipped");
    return;
  }
  create_roles(in);
  Workers workers;
  auto results = for_each_input(in, [&](const Input& input, std::vector<Outcome>& out, int worker) {
    auto r = compile(input.sources, options_for(input));
    if (!r.ok()) return;
    EmitOptions eo;
    eo.privileges = true;
    eo.data = false;
    std::string file = temp_file(emit_catalog(r.catalog, eo));
    const TestDatabase& db = workers.fresh(worker);
    auto p = psql_file(db.url(), file, input);
    fs::remove(file);
    if (p.exit_code != 0) out.push_back({"load", p.err.substr(0, 300)});
  });
  judge(in, results, "load");
}

TEST_CASE("the IR of the server's pg_dump equals the IR of the source") {
  auto in = usable_inputs();
  if (in.empty()) {
    MESSAGE("corpus not found (set SCHEMACTL_CORPUS): skipped");
    return;
  }
  create_roles(in);
  std::mutex mutex;
  Tally total;
  Workers workers;
  auto results = for_each_input(in, [&](const Input& input, std::vector<Outcome>& out, int worker) {
    auto expected = compile(input.sources, options_for(input));
    if (!expected.ok()) return;
    const TestDatabase& db = workers.fresh(worker);
    for (const auto& source : input.sources) {
      auto p = psql_file(db.url(), source.path, input);
      if (p.exit_code != 0) {
        out.push_back({"server", "psql: " + p.err.substr(0, 300)});
        return;
      }
    }
    auto dump = run_process({pg_bin("pg_dump"), "--schema-only", "--no-owner", "-d", db.url()});
    if (dump.exit_code != 0) {
      out.push_back({"server", "pg_dump: " + dump.err.substr(0, 300)});
      return;
    }
    auto actual = compile_text(dump.out, "pg_dump.sql");
    if (!actual.ok()) {
      out.push_back({"server", "the dump does not compile: " + first_error(actual)});
      return;
    }
    // The file's grants to a role that owns the object ask for nothing (owner_privileges.hpp);
    // who owns what only the server knows (the dump is taken without owners).
    {
      runtime::Connection connection(db.url());
      runtime::IntrospectOptions owners_only;
      owners_only.live_owners = true;
      drop_owner_privileges(expected.catalog, runtime::introspect(connection, owners_only));
    }
    Tally tally;
    auto diffs = compare(expected.catalog, actual.catalog, tally);
    {
      std::lock_guard<std::mutex> lock(mutex);
      for (const auto& [k, v] : tally) {
        total[k].first += v.first;
        total[k].second += v.second;
      }
    }
    if (!diffs.empty()) {
      std::string detail;
      for (size_t i = 0; i < diffs.size() && i < 3; ++i) detail += (i ? "; " : "") + diffs[i].kind + " " + diffs[i].object;
      out.push_back({"server", detail});
    }
  });
  std::string report = "pass rate per object kind (source IR == IR of the server's dump):\n";
  for (const auto& [kind, counts] : total)
    report += fmt::format("  {:<16} {:>5}/{:<5} {:6.2f}%\n", kind, counts.second, counts.first,
                          counts.first ? 100.0 * counts.second / counts.first : 100.0);
  std::cout << report;
  MESSAGE(report);
  judge(in, results, "server");
}
