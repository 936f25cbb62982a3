#include "runtime/migration_script.hpp"

#include <fmt/format.h>

#include <cstdlib>

namespace schemactl::runtime {
namespace {

std::string field(PGresult* res, int code) {
  const char* v = PQresultErrorField(res, code);
  return v ? v : "";
}

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

}  // namespace

std::optional<ScriptFailure> run_script(Connection& conn, const std::string& script) {
  PGconn* raw = conn.raw();
  if (!PQsendQuery(raw, script.c_str())) {
    throw DatabaseError(fmt::format("cannot send the migration: {}", trimmed(PQerrorMessage(raw))));
  }
  std::optional<ScriptFailure> failure;
  int index = 0;
  // Every result must be consumed before the connection can be used again.
  while (PGresult* r = PQgetResult(raw)) {
    Result res(r);
    switch (PQresultStatus(r)) {
      case PGRES_COPY_IN:
        PQputCopyEnd(raw, "COPY FROM STDIN is not supported in migrations");
        continue;  // the server answers with an error result for this statement
      case PGRES_COPY_OUT: {
        char* buffer = nullptr;
        while (PQgetCopyData(raw, &buffer, 0) > 0) PQfreemem(buffer);
        continue;
      }
      case PGRES_FATAL_ERROR:
      case PGRES_BAD_RESPONSE:
      case PGRES_NONFATAL_ERROR:
        if (!failure) {
          ScriptFailure f;
          f.result_index = index;
          f.message = field(r, PG_DIAG_MESSAGE_PRIMARY);
          if (f.message.empty()) f.message = trimmed(PQerrorMessage(raw));
          f.sqlstate = field(r, PG_DIAG_SQLSTATE);
          f.detail = field(r, PG_DIAG_MESSAGE_DETAIL);
          f.hint = field(r, PG_DIAG_MESSAGE_HINT);
          std::string pos = field(r, PG_DIAG_STATEMENT_POSITION);
          f.position = pos.empty() ? 0 : std::atoi(pos.c_str());
          failure = std::move(f);
        }
        break;
      default:
        break;
    }
    ++index;
  }
  if (PQstatus(raw) != CONNECTION_OK) {
    if (failure) return failure;
    throw DatabaseError(fmt::format("lost the connection: {}", trimmed(PQerrorMessage(raw))));
  }
  return failure;
}

size_t byte_offset_of_character(std::string_view text, int position) {
  size_t offset = 0;
  for (int chars = 1; chars < position && offset < text.size(); ++chars) {
    ++offset;
    while (offset < text.size() && (static_cast<unsigned char>(text[offset]) & 0xC0) == 0x80) ++offset;
  }
  return offset;
}

}  // namespace schemactl::runtime
