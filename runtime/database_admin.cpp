#include "runtime/database_admin.hpp"

#include <fmt/format.h>
#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <exception>
#include <memory>
#include <ostream>
#include <thread>

#include "compiler/quote.hpp"

namespace schemactl::runtime {
namespace {

struct ConninfoFree {
  void operator()(PQconninfoOption* options) const { PQconninfoFree(options); }
};

std::string parsed_option(const std::string& url, const char* keyword) {
  char* error = nullptr;
  std::unique_ptr<PQconninfoOption, ConninfoFree> options(PQconninfoParse(url.c_str(), &error));
  if (!options) {
    std::string message = error ? error : "out of memory";
    PQfreemem(error);
    while (!message.empty() && message.back() == '\n') message.pop_back();
    throw InputError(fmt::format("invalid database URL {}: {}", redact_url(url), redact_message(message, url)));
  }
  for (auto* o = options.get(); o->keyword; ++o) {
    if (std::string_view(o->keyword) == keyword && o->val) return o->val;
  }
  return "";
}

bool is_uri(const std::string& url) {
  return url.rfind("postgres://", 0) == 0 || url.rfind("postgresql://", 0) == 0;
}

std::string percent_encode(std::string_view text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

std::string conninfo_quote(std::string_view value) {
  std::string out = "'";
  for (char c : value) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

bool database_exists(Connection& maintenance, const std::string& name) {
  return maintenance.exec_params("SELECT 1 FROM pg_database WHERE datname = $1", {name}).rows() > 0;
}

}  // namespace

std::string database_name(const std::string& url) {
  std::string name = parsed_option(url, "dbname");
  if (!name.empty()) return name;
  if (const char* env = std::getenv("PGDATABASE"); env && *env) return env;
  std::string user = parsed_option(url, "user");
  if (!user.empty()) return user;
  if (const char* env = std::getenv("PGUSER"); env && *env) return env;
  if (const passwd* pw = getpwuid(geteuid())) return pw->pw_name;
  throw InputError(fmt::format("the database URL {} names no database", redact_url(url)));
}

std::string url_for_database(const std::string& url, const std::string& database) {
  parsed_option(url, "dbname");  // validates the URL
  if (!is_uri(url)) return url + " dbname=" + conninfo_quote(database);  // the last keyword wins
  // postgres://user:pass@host:port/dbname?params: replace the path, keep everything else.
  size_t authority = url.find("://") + 3;
  size_t query = url.find('?', authority);
  size_t path = url.find('/', authority);
  if (path != std::string::npos && query != std::string::npos && path > query) path = std::string::npos;
  size_t base_end = path != std::string::npos ? path : (query != std::string::npos ? query : url.size());
  std::string rest = query != std::string::npos ? url.substr(query) : "";
  // A dbname=... query parameter would override the path: drop it.
  if (!rest.empty()) {
    std::string kept;
    size_t start = 1;
    while (start <= rest.size()) {
      size_t amp = rest.find('&', start);
      std::string param = rest.substr(start, amp == std::string::npos ? std::string::npos : amp - start);
      if (!param.empty() && param.rfind("dbname=", 0) != 0) kept += (kept.empty() ? "?" : "&") + param;
      if (amp == std::string::npos) break;
      start = amp + 1;
    }
    rest = kept;
  }
  return url.substr(0, base_end) + "/" + percent_encode(database) + rest;
}

std::string maintenance_url(const std::string& url) { return url_for_database(url, "postgres"); }

void create_database(const std::string& url, std::ostream& out) {
  std::string name = database_name(url);
  out << "Creating: " << name << "\n";
  Connection admin(maintenance_url(url));
  admin.exec("CREATE DATABASE " + quote_ident(name));
}

void drop_database(const std::string& url, std::ostream& out) {
  std::string name = database_name(url);
  out << "Dropping: " << name << "\n";
  Connection admin(maintenance_url(url));
  admin.exec("DROP DATABASE IF EXISTS " + quote_ident(name));
}

void wait_for_server(const std::string& url, std::chrono::milliseconds timeout, std::ostream& progress) {
  using Clock = std::chrono::steady_clock;
  const auto deadline = Clock::now() + timeout;
  bool announced = false;
  while (true) {
    PGPing ping = PQping(url.c_str());
    if (ping == PQPING_NO_ATTEMPT) {
      throw InputError(fmt::format("invalid database URL {}", redact_url(url)));
    }
    if (ping == PQPING_OK) {
      // The server answers; make sure it accepts us (a missing target database counts as up).
      try {
        Connection target(url);
        break;
      } catch (const DatabaseError& target_error) {
        try {
          Connection maintenance(maintenance_url(url));
          if (!database_exists(maintenance, database_name(url))) break;
        } catch (const DatabaseError&) {
        }
        throw;  // the server is up but refuses us (authentication, permissions): not worth waiting
      }
    }
    if (Clock::now() >= deadline) {
      if (announced) progress << "\n";
      throw DatabaseError(fmt::format("timed out after {}s waiting for the server at {}",
                                      std::chrono::duration_cast<std::chrono::seconds>(timeout).count(),
                                      redact_url(url)));
    }
    if (!announced) progress << "Waiting for database";
    announced = true;
    progress << "." << std::flush;
    std::this_thread::sleep_for(std::min<Clock::duration>(std::chrono::milliseconds(250), deadline - Clock::now()));
  }
  if (announced) progress << "\n";
}

Connection connect(const Config& config, std::ostream& progress) {
  const std::string& url = config.require_url();
  if (config.wait) wait_for_server(url, config.wait_timeout, progress);
  if (config.verbose) progress << "Connecting to " << redact_url(url) << "\n";
  return Connection(url);
}

Connection connect_creating(const Config& config, std::ostream& out) {
  const std::string& url = config.require_url();
  if (config.wait) wait_for_server(url, config.wait_timeout, out);
  if (config.verbose) out << "Connecting to " << redact_url(url) << "\n";
  std::exception_ptr original;
  try {
    return Connection(url);
  } catch (const DatabaseError&) {
    original = std::current_exception();
  }
  // Only a missing database is ours to fix; any other failure is reported as it was.
  bool missing = false;
  try {
    Connection admin(maintenance_url(url));
    missing = !database_exists(admin, database_name(url));
  } catch (const DatabaseError&) {
    // The maintenance database is out of reach too: the original error says more.
  }
  if (!missing) std::rethrow_exception(original);
  try {
    create_database(url, out);
  } catch (const ServerError& e) {
    // Another `up` started at the same time created it first: that is what we wanted.
    if (e.sqlstate() != "42P04") throw;  // duplicate_database
  }
  return Connection(url);
}

}  // namespace schemactl::runtime
