#include "runtime/load.hpp"

#include <fmt/format.h>

#include <optional>

#include "compiler/emit.hpp"
#include "compiler/pg_parse.hpp"
#include "runtime/load_source_map.hpp"

namespace schemactl::runtime {

namespace {

struct Statement {
  std::string sql;                          // without the terminating semicolon (COPY: the command only)
  std::optional<std::string> copy_data;     // COPY ... FROM stdin: the rows, without the "\." line
  std::optional<ir::SourceSpan> span;       // known up front for data statements
};

std::vector<Statement> schema_statements(const std::string& script) {
  std::vector<Statement> out;
  for (const auto& slice : pg::split_statements(script)) out.push_back({script.substr(slice.offset, slice.length), {}, {}});
  return out;
}

Statement data_statement(const ir::DataStatement& data) {
  Statement statement;
  statement.span = data.span.value;
  std::string_view sql = data.sql;
  auto command_end = sql.find(";\n");
  bool is_copy = sql.size() > 4 && (sql.substr(0, 4) == "COPY" || sql.substr(0, 4) == "copy");
  if (!is_copy || command_end == std::string_view::npos) {
    while (!sql.empty() && (sql.back() == '\n' || sql.back() == ';' || sql.back() == ' ')) sql.remove_suffix(1);
    statement.sql = std::string(sql);
    return statement;
  }
  statement.sql = std::string(sql.substr(0, command_end));
  std::string rows(sql.substr(command_end + 2));
  // psql's end-of-data marker is not part of the data.
  for (const char* marker : {"\\.\n", "\\.\r\n", "\\."}) {
    std::string m(marker);
    if (rows.size() >= m.size() && rows.compare(rows.size() - m.size(), m.size(), m) == 0) {
      rows.erase(rows.size() - m.size());
      break;
    }
  }
  statement.copy_data = std::move(rows);
  return statement;
}

void copy_rows(Connection& connection, const Statement& statement) {
  connection.exec(statement.sql);  // enters COPY IN state
  PGconn* conn = connection.raw();
  const std::string& rows = *statement.copy_data;
  if (PQputCopyData(conn, rows.data(), static_cast<int>(rows.size())) != 1 || PQputCopyEnd(conn, nullptr) != 1) {
    throw DatabaseError(fmt::format("COPY failed: {}", PQerrorMessage(conn)));
  }
  // The final result of the COPY tells whether the rows were accepted.
  std::optional<ServerError> failure;
  while (PGresult* raw = PQgetResult(conn)) {
    Result result(raw);
    if (PQresultStatus(raw) == PGRES_FATAL_ERROR && !failure) {
      const char* primary = PQresultErrorField(raw, PG_DIAG_MESSAGE_PRIMARY);
      const char* state = PQresultErrorField(raw, PG_DIAG_SQLSTATE);
      const char* detail = PQresultErrorField(raw, PG_DIAG_MESSAGE_DETAIL);
      failure.emplace(primary ? primary : "COPY failed", state ? state : "", 0, detail ? detail : "", "");
    }
  }
  if (failure) throw *failure;
}

// Converts the server's 1-based character position into a byte offset of `text`.
size_t byte_offset(const std::string& text, int position) {
  int characters = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
    if (++characters == position) return i;
  }
  return text.size();
}

std::string first_line(const std::string& sql) {
  auto eol = sql.find('\n');
  return eol == std::string::npos ? sql : sql.substr(0, eol) + " ...";
}

[[noreturn]] void report_failure(const ir::Catalog& catalog, const Statement& statement, const ServerError& error) {
  ir::SourceSpan span = statement.span ? *statement.span : span_of_statement(catalog, statement.sql);
  std::string where = span.known() ? fmt::format("{}:{}:{}: ", span.file.str(), span.line, span.column) : "";
  std::string message = fmt::format("{}load failed, nothing was applied: {}", where, error.what());
  if (!error.detail().empty()) message += "\nDETAIL: " + error.detail();
  if (!error.hint().empty()) message += "\nHINT: " + error.hint();
  message += "\nwhile running: " + first_line(statement.sql);
  throw DatabaseError(message);
}

void rollback(Connection& connection) { PQclear(PQexec(connection.raw(), "ROLLBACK")); }

}  // namespace

LoadScript prepare_load(std::vector<SourceFile> sources, const LoadOptions& options) {
  CompileResult compiled = compile(sources);
  if (!compiled.ok()) {
    std::vector<Diagnostic> errors;
    for (const auto& d : compiled.diagnostics)
      if (d.severity == Severity::Error) errors.push_back(d);
    throw InputError("the schema does not compile:\n" + format_diagnostics(errors, sources, false));
  }
  EmitOptions emit_options;
  emit_options.owners = options.owners;
  emit_options.privileges = options.privileges;
  emit_options.data = false;  // replayed after the schema, with their own source positions
  LoadScript script;
  script.schema_sql = emit_catalog(compiled.catalog, emit_options);
  script.catalog = std::move(compiled.catalog);
  script.sources = std::move(sources);
  return script;
}

LoadResult load_schema(Connection& connection, const std::vector<SourceFile>& sources, const LoadOptions& options) {
  return apply_load(connection, prepare_load(sources, options));
}

LoadResult apply_load(Connection& connection, const LoadScript& script) {
  const ir::Catalog& catalog = script.catalog;
  std::vector<Statement> statements = schema_statements(script.schema_sql);
  for (const auto& data : catalog.data.value) statements.push_back(data_statement(data));

  LoadResult result;
  result.statements = static_cast<int>(statements.size());
  // Fast path: consecutive ordinary statements go as one batch (one round trip each);
  // the whole load is one transaction.
  struct Piece {
    size_t offset;  // in the batch text
    size_t index;   // into statements
  };
  std::string batch = "BEGIN;\n";
  std::vector<Piece> pieces;
  auto flush = [&]() {
    if (batch.empty()) return;
    ++result.round_trips;
    try {
      connection.exec(batch);
    } catch (const ServerError& error) {
      rollback(connection);
      if (error.position() > 0) {
        size_t offset = byte_offset(batch, error.position());
        const Piece* hit = nullptr;
        for (const auto& piece : pieces)
          if (piece.offset <= offset) hit = &piece;
        if (hit) report_failure(catalog, statements[hit->index], error);
      }
      throw;  // located by the slow path below
    }
    batch.clear();
    pieces.clear();
  };
  try {
    for (size_t i = 0; i < statements.size(); ++i) {
      if (statements[i].copy_data) {
        flush();
        ++result.round_trips;
        copy_rows(connection, statements[i]);
        continue;
      }
      pieces.push_back({batch.size(), i});
      batch += statements[i].sql;
      batch += ";\n";
    }
    batch += "COMMIT;\n";
    flush();
  } catch (const ServerError& first) {
    // The server named no position: replay statement by statement to find the one that fails,
    // then roll everything back again.
    rollback(connection);
    connection.exec("BEGIN");
    for (const auto& statement : statements) {
      try {
        if (statement.copy_data) {
          copy_rows(connection, statement);
        } else {
          connection.exec(statement.sql);
        }
      } catch (const ServerError& error) {
        rollback(connection);
        report_failure(catalog, statement, error);
      }
    }
    rollback(connection);
    throw DatabaseError(fmt::format("load failed, nothing was applied: {}", first.what()));
  }
  return result;
}

}  // namespace schemactl::runtime
