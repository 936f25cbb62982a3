#include "runtime/connection.hpp"

#include <fmt/format.h>

#include <cstdlib>

namespace schemactl::runtime {
namespace {

std::string field(PGresult* res, int code) {
  const char* v = PQresultErrorField(res, code);
  return v ? v : "";
}

std::string trim_trailing_newlines(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

}  // namespace

long long Result::integer(int row, int col) const {
  return std::strtoll(PQgetvalue(res_.get(), row, col), nullptr, 10);
}

Connection::Connection(const std::string& url) : conn_(PQconnectdb(url.c_str())) {
  if (!conn_) throw DatabaseError("cannot connect: out of memory");
  if (PQstatus(conn_.get()) != CONNECTION_OK) {
    std::string msg = trim_trailing_newlines(PQerrorMessage(conn_.get()));
    throw DatabaseError(fmt::format("cannot connect to {}: {}", redact_url(url), redact_message(msg, url)));
  }
  // Notices (e.g. "table does not exist, skipping") are not errors; keep them off stderr.
  PQsetNoticeProcessor(conn_.get(), [](void*, const char*) {}, nullptr);
}

Result Connection::check(PGresult* raw, std::string_view sql) {
  Result res(raw);
  auto status = raw ? PQresultStatus(raw) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY ||
      status == PGRES_COPY_IN) {
    return res;
  }
  (void)sql;
  if (!raw) throw DatabaseError(trim_trailing_newlines(PQerrorMessage(conn_.get())));
  std::string primary = field(raw, PG_DIAG_MESSAGE_PRIMARY);
  if (primary.empty()) primary = trim_trailing_newlines(PQerrorMessage(conn_.get()));
  std::string pos = field(raw, PG_DIAG_STATEMENT_POSITION);
  throw ServerError(primary, field(raw, PG_DIAG_SQLSTATE), pos.empty() ? 0 : std::atoi(pos.c_str()),
                    field(raw, PG_DIAG_MESSAGE_DETAIL), field(raw, PG_DIAG_MESSAGE_HINT));
}

Result Connection::exec(std::string_view sql) {
  std::string owned(sql);
  return check(PQexec(conn_.get(), owned.c_str()), sql);
}

Result Connection::exec_params(std::string_view sql, const std::vector<std::optional<std::string>>& params) {
  std::string owned(sql);
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
  return check(PQexecParams(conn_.get(), owned.c_str(), static_cast<int>(values.size()), nullptr,
                            values.data(), nullptr, nullptr, 0),
               sql);
}

std::string redact_url(std::string_view url) {
  std::string out(url);
  auto scheme = out.find("://");
  if (scheme != std::string::npos) {
    auto at = out.find('@', scheme + 3);
    auto slash = out.find('/', scheme + 3);
    if (at != std::string::npos && (slash == std::string::npos || at < slash)) {
      auto colon = out.find(':', scheme + 3);
      if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "xxxxx");
    }
  }
  // password=... in a query string or in a key=value conninfo
  for (size_t pos = out.find("password="); pos != std::string::npos; pos = out.find("password=", pos + 1)) {
    size_t start = pos + 9;
    size_t end = out.find_first_of("& ", start);
    out.replace(start, (end == std::string::npos ? out.size() : end) - start, "xxxxx");
  }
  return out;
}

std::string redact_message(std::string_view message, std::string_view url) {
  std::string out(message);
  // Find the password in the URL and blank every occurrence of it in the message.
  auto scheme = url.find("://");
  if (scheme == std::string_view::npos) return out;
  auto at = url.find('@', scheme + 3);
  auto colon = url.find(':', scheme + 3);
  if (at == std::string_view::npos || colon == std::string_view::npos || colon > at) return out;
  std::string password(url.substr(colon + 1, at - colon - 1));
  if (password.empty()) return out;
  for (size_t pos = out.find(password); pos != std::string::npos; pos = out.find(password, pos)) {
    out.replace(pos, password.size(), "xxxxx");
    pos += 5;
  }
  return out;
}

}  // namespace schemactl::runtime
