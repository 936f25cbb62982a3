#include "compiler/compile.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unordered_map>
#include <variant>

#include "compiler/error.hpp"
#include "compiler/lower/context.hpp"
#include "compiler/lower/lower_aggregate.hpp"
#include "compiler/lower/lower_collation.hpp"
#include "compiler/migrations_table.hpp"
#include "compiler/pg_parse.hpp"

namespace schemactl {
namespace {

using lower::Context;
using json::Element;

// A file as the parser sees it: psql meta-command lines and COPY data blanked out (offsets kept).
// The text is copied only when something is blanked; otherwise it is the source's own text.
struct PreparedFile {
  const SourceFile* source = nullptr;
  std::string blanked;  // the copy with blanks, when `has_blanks`
  bool has_blanks = false;
  std::unordered_map<size_t, std::string> copy_data;  // COPY line start -> its data lines and "\."
  std::string_view text() const { return has_blanks ? std::string_view(blanked) : std::string_view(source->text); }
};

bool starts_with_ci(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[i])) != std::tolower(static_cast<unsigned char>(prefix[i]))) return false;
  return true;
}

bool is_copy_from_stdin(std::string_view line) {
  size_t b = line.find_first_not_of(" \t");
  if (b == std::string_view::npos || !starts_with_ci(line.substr(b), "copy ")) return false;
  size_t e = line.find_last_not_of(" \t\r");
  std::string_view trimmed = line.substr(b, e - b + 1);
  return trimmed.size() > 12 && starts_with_ci(trimmed.substr(trimmed.size() - 11), "from stdin;");
}

PreparedFile prepare(const SourceFile& source, DiagnosticSink& diags) {
  PreparedFile prepared;
  prepared.source = &source;
  std::string_view t = source.text;  // scanned as written: blanks only go behind the scan position
  size_t pos = 0;
  auto blank = [&](size_t b, size_t e) {
    if (!prepared.has_blanks) {
      prepared.blanked = source.text;
      prepared.has_blanks = true;
    }
    for (size_t i = b; i < e; ++i)
      if (prepared.blanked[i] != '\n') prepared.blanked[i] = ' ';
  };
  while (pos < t.size()) {
    size_t eol = t.find('\n', pos);
    if (eol == std::string_view::npos) eol = t.size();
    std::string_view line(t.data() + pos, eol - pos);
    if (line.size() > 1 && line[0] == '\\' && std::isalpha(static_cast<unsigned char>(line[1]))) {
      std::string_view command = line.substr(0, line.find_first_of(" \t\r"));
      diags.add(diag::kMetaCommand, &source, static_cast<int>(pos), static_cast<int>(command.size()),
                "psql meta-command {} skipped", command);
      blank(pos, eol);
    } else if (is_copy_from_stdin(line)) {
      size_t copy_start = pos + line.find_first_not_of(" \t");
      size_t data_start = eol + 1, cur = data_start;
      while (cur < t.size()) {
        size_t e = t.find('\n', cur);
        if (e == std::string_view::npos) e = t.size();
        std::string_view l(t.data() + cur, e - cur);
        cur = e + 1;
        if (l == "\\." || l == "\\.\r") break;
      }
      cur = std::min(cur, t.size());
      if (data_start < t.size()) {
        prepared.copy_data[copy_start] = std::string(t.substr(data_start, cur - data_start));
        blank(data_start, cur);
      }
      pos = cur;
      continue;
    }
    pos = eol + 1;
  }
  return prepared;
}

// A statement that is data, not schema: kept for `load` to replay.
void keep_data(Context& ctx, const PreparedFile& file, std::string_view kind) {
  const auto& toks = ctx.tokens();
  size_t begin = toks.size() ? toks[0].begin : ctx.stmt_begin;
  std::string sql(ctx.text.substr(begin, ctx.stmt_end - begin));
  sql += ";\n";
  if (kind == "CopyStmt") {
    auto it = file.copy_data.find(begin);
    if (it != file.copy_data.end()) sql += it->second;
  }
  ir::DataStatement data;
  data.sql = std::move(sql);
  data.span.value = ctx.span_at(static_cast<int>(begin));
  ctx.catalog.data.value.push_back(std::move(data));
  ctx.diags.add(diag::kDataStatement, ctx.file, static_cast<int>(begin), ctx.token_length(static_cast<int>(begin)),
                "data statement kept for load, not part of the schema");
}

// The first words of the statement, to name an unsupported kind the way the user wrote it.
std::string leading_words(Context& ctx) {
  const auto& toks = ctx.tokens();
  std::string out;
  for (size_t i = 0; i < toks.size() && i < 3 && toks[i].kind == lower::TokenKind::Word; ++i) {
    if (i > 0 && i + 1 < toks.size() && (toks.text(i + 1) == "." || toks.text(i + 1) == "(")) break;  // a name
    if (!out.empty()) out += ' ';
    for (char c : toks.text(i)) out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return out;
}

using Transform = void (*)(Context&, Element);

const std::unordered_map<std::string_view, Transform>& transforms() {
  static const std::unordered_map<std::string_view, Transform> map = {
      {"CreateSchemaStmt", lower::transform_create_schema},
      {"CreateExtensionStmt", lower::transform_create_extension},
      {"CreateEnumStmt", lower::transform_create_enum},
      {"AlterEnumStmt", lower::transform_alter_enum},
      {"CreateDomainStmt", lower::transform_create_domain},
      {"AlterDomainStmt", lower::transform_alter_domain},
      {"CompositeTypeStmt", lower::transform_composite_type},
      {"CreateSeqStmt", lower::transform_create_sequence},
      {"AlterSeqStmt", lower::transform_alter_sequence},
      {"CreateStmt", lower::transform_create_table},
      {"AlterTableStmt", lower::transform_alter_table},
      {"IndexStmt", lower::transform_index},
      {"ViewStmt", lower::transform_view},
      {"CreateTableAsStmt", lower::transform_create_table_as},
      {"CreateFunctionStmt", lower::transform_create_function},
      {"AlterFunctionStmt", lower::transform_alter_function},
      {"CreateTrigStmt", lower::transform_trigger},
      {"CreatePolicyStmt", lower::transform_create_policy},
      {"AlterPolicyStmt", lower::transform_alter_policy},
      {"GrantStmt", lower::transform_grant},
      {"CommentStmt", lower::transform_comment},
      {"AlterOwnerStmt", lower::transform_alter_owner},
      {"RenameStmt", lower::transform_rename},
      {"DropStmt", lower::transform_drop},
      {"VariableSetStmt", lower::transform_variable_set},
  };
  return map;
}

void lower_statement(Context& ctx, const PreparedFile& file, Element stmt) {
  auto [kind, fields] = json::node(stmt);
  ctx.current_stmt = stmt;
  if (kind == "TransactionStmt") return;  // BEGIN/COMMIT around a dump: no schema meaning
  if (kind == "InsertStmt" || kind == "CopyStmt" || kind == "UpdateStmt" || kind == "DeleteStmt") {
    keep_data(ctx, file, kind);
    return;
  }
  if (kind == "SelectStmt") {
    if (!lower::transform_search_path_select(ctx, fields)) keep_data(ctx, file, kind);
    return;
  }
  if (kind == "GrantRoleStmt" || kind == "CreateRoleStmt" || kind == "AlterRoleStmt" || kind == "CommentStmt_Database") {
    ctx.diags.add(diag::kIgnoredStatement, ctx.file, static_cast<int>(ctx.stmt_begin), ctx.token_length(static_cast<int>(ctx.stmt_begin)),
                  "{} is about roles, which are cluster-wide and not part of a schema: ignored", leading_words(ctx));
    return;
  }
  if (kind == "DefineStmt" && lower::transform_define_collation(ctx, fields)) return;
  if (kind == "DefineStmt" && lower::transform_define_aggregate(ctx, fields)) return;
  // Objects of kinds the IR does not model. Skipping them is announced, not silent: a warning
  // tells the user to manage them with migrations.
  static const std::unordered_map<std::string_view, int> unmanaged = {
      {"DefineStmt", 0}, {"CreateCastStmt", 0}, {"CreateOpClassStmt", 0}, {"CreateOpFamilyStmt", 0},
      {"AlterOpFamilyStmt", 0}, {"CreateConversionStmt", 0}, {"CreateEventTrigStmt", 0}, {"CreateStatsStmt", 0},
      {"CreatePublicationStmt", 0}, {"CreateSubscriptionStmt", 0}, {"CreateFdwStmt", 0},
      {"CreateForeignServerStmt", 0}, {"CreateUserMappingStmt", 0}, {"AlterTSConfigurationStmt", 0},
      {"AlterTSDictionaryStmt", 0}, {"CreateAmStmt", 0}, {"CreateTransformStmt", 0}};
  if (unmanaged.count(kind)) {
    const auto& toks = ctx.tokens();
    int offset = toks.size() ? static_cast<int>(toks[0].begin) : static_cast<int>(ctx.stmt_begin);
    ctx.diags.add(diag::kUnmanagedStatement, ctx.file, offset, ctx.token_length(offset),
                  "{} is not managed by schemactl and is skipped: create and change such objects with migrations",
                  leading_words(ctx));
    return;
  }
  auto it = transforms().find(kind);
  if (it == transforms().end()) {
    const auto& toks = ctx.tokens();
    int offset = toks.size() ? static_cast<int>(toks[0].begin) : static_cast<int>(ctx.stmt_begin);
    std::string words = leading_words(ctx);
    ctx.diags.add(diag::kUnsupportedStatement, ctx.file, offset, ctx.token_length(offset),
                  "unsupported statement {} ({}): schemactl cannot manage it declaratively", words, kind);
    return;
  }
  it->second(ctx, fields);
}

// How a file's text is parsed. Chunks: statement chunks one at a time, each tree freed once its
// statements are lowered (memory stays bounded by the chunk, not the file). Whole: the file in one
// parse. PerStatement: after a syntax error, every statement alone, so that all errors are
// reported. Chunks gives exactly what Whole gives; a syntax error in a chunk restarts the compile
// with the file in Whole mode when the file parses whole (a chunk boundary the scanner misplaced,
// e.g. inside a BEGIN ATOMIC body), else in PerStatement mode.
enum class ParseMode { Chunks, Whole, PerStatement };

// Thrown out of lower_file when a chunk does not parse: compile() starts over with `mode` for
// the file (nothing of the first attempt is kept, so the result is what that mode gives alone).
struct RestartFile {
  const SourceFile* file;
  ParseMode mode;
};

void lower_tree_statements(Context& ctx, const PreparedFile& file, const pg::ParseTree& tree, size_t base, size_t limit) {
  ctx.base = base;
  for (Element entry : tree.statements()) {
    int64_t loc = json::integer(entry, "stmt_location", 0);
    int64_t len = json::integer(entry, "stmt_len", 0);
    size_t begin = base + static_cast<size_t>(loc);
    size_t end = len == 0 ? limit : begin + static_cast<size_t>(len);
    ctx.begin_statement(begin, end);
    Element stmt;
    if (json::get(entry, "stmt", stmt)) lower_statement(ctx, file, stmt);
  }
}

// Keeps `tree` until the end of the compile when a statement of it was deferred (the deferred
// statement is lowered again from the tree); otherwise it is freed here.
void keep_if_deferred(Context& ctx, size_t deferred_before, pg::ParseTree&& tree, std::vector<pg::ParseTree>& kept) {
  if (ctx.deferred.size() > deferred_before) kept.push_back(std::move(tree));
}

void lower_whole(Context& ctx, const PreparedFile& file, std::vector<pg::ParseTree>& trees) {
  auto parsed = pg::parse(file.text());
  if (auto* tree = std::get_if<pg::ParseTree>(&parsed)) {
    size_t deferred_before = ctx.deferred.size();
    lower_tree_statements(ctx, file, *tree, 0, file.text().size());
    keep_if_deferred(ctx, deferred_before, std::move(*tree), trees);
    return;
  }
  // Report every syntax error, not just the first: split with the scanner, parse one by one.
  std::vector<pg::StatementSlice> slices;
  try {
    slices = pg::split_statements(file.text());
  } catch (const std::exception& e) {
    auto err = std::get<pg::SyntaxError>(parsed);
    ctx.diags.add(diag::kSyntaxError, ctx.file, err.offset, 1, "{}", err.message);
    return;
  }
  for (const auto& slice : slices) {
    std::string_view sql = file.text().substr(slice.offset, slice.length);
    auto one = pg::parse(sql);
    if (auto* err = std::get_if<pg::SyntaxError>(&one)) {
      int offset = err->offset >= 0 ? static_cast<int>(slice.offset) + err->offset : static_cast<int>(slice.offset);
      ctx.begin_statement(slice.offset, slice.offset + slice.length);
      ctx.diags.add(diag::kSyntaxError, ctx.file, offset, ctx.token_length(offset), "{}", err->message);
      continue;
    }
    size_t deferred_before = ctx.deferred.size();
    auto& tree = std::get<pg::ParseTree>(one);
    ctx.base = slice.offset;
    ctx.begin_statement(slice.offset, slice.offset + slice.length);
    for (Element entry : tree.statements()) {
      Element stmt;
      if (json::get(entry, "stmt", stmt)) lower_statement(ctx, file, stmt);
    }
    keep_if_deferred(ctx, deferred_before, std::move(tree), trees);
  }
}

void lower_chunks(Context& ctx, const PreparedFile& file, std::vector<pg::ParseTree>& trees) {
  std::string_view text = file.text();
  for (const auto& chunk : pg::statement_chunks(text, ctx.options.parse_chunk_bytes)) {
    auto parsed = pg::parse(text.substr(chunk.begin, chunk.end - chunk.begin));
    auto* tree = std::get_if<pg::ParseTree>(&parsed);
    if (!tree) {
      bool whole_parses = std::holds_alternative<pg::ParseTree>(pg::parse(text));
      throw RestartFile{file.source, whole_parses ? ParseMode::Whole : ParseMode::PerStatement};
    }
    size_t deferred_before = ctx.deferred.size();
    lower_tree_statements(ctx, file, *tree, chunk.begin, chunk.end);
    keep_if_deferred(ctx, deferred_before, std::move(*tree), trees);
  }
}

void lower_file(Context& ctx, const PreparedFile& file, ParseMode mode, std::vector<pg::ParseTree>& trees) {
  ctx.file = file.source;
  ctx.text = file.text();
  ctx.search_path = ctx.options.search_path;
  ctx.index_lines();
  lower::index_annotations(ctx);
  if (mode == ParseMode::Chunks) lower_chunks(ctx, file, trees);
  else lower_whole(ctx, file, trees);  // Whole falls back to PerStatement by itself on a syntax error
}

// The IR keeps the effective ACL minus the owner's own entries (the owner holds every
// privilege implicitly; pg_dump does not list them).
void drop_owner_privileges(ir::Catalog& catalog) {
  auto strip = [](ir::Acl& acl, const std::optional<std::string>& owner) {
    if (!owner) return;
    acl.erase_if([&](const ir::Privilege& p) { return p.grantee == *owner; });
  };
  for (auto& [n, s] : catalog.schemas) strip(s.acl, s.owner);
  for (auto& [n, t] : catalog.tables) {
    strip(t.acl, t.owner);
    for (auto& c : t.columns) strip(c.acl, t.owner);
  }
  for (auto& [n, v] : catalog.views) strip(v.acl, v.owner);
  for (auto& [n, s] : catalog.sequences) strip(s.acl, s.owner);
  for (auto& [n, f] : catalog.functions) strip(f.acl, f.owner);
  for (auto& [n, a] : catalog.aggregates) strip(a.acl, a.owner);
  for (auto& [n, e] : catalog.enums) strip(e.acl, e.owner);
  for (auto& [n, d] : catalog.domains) strip(d.acl, d.owner);
  for (auto& [n, c] : catalog.composite_types) strip(c.acl, c.owner);
}

}  // namespace

namespace {

CompileResult compile_with(const std::vector<SourceFile>& sources, const CompileOptions& options,
                           const std::vector<ParseMode>& modes) {
  CompileResult result;
  DiagnosticSink diags;
  Context ctx(result.catalog, diags, options);
  std::vector<PreparedFile> files;
  files.reserve(sources.size());
  for (const auto& source : sources) files.push_back(prepare(source, diags));
  std::vector<pg::ParseTree> trees;  // the trees deferred statements point into
  for (size_t i = 0; i < files.size(); ++i) lower_file(ctx, files[i], modes[i], trees);

  // Statements that modify objects defined later in the input, in their original order.
  ctx.final_pass = true;
  auto deferred = std::move(ctx.deferred);
  ctx.deferred.clear();
  for (const auto& d : deferred) {
    const PreparedFile* file = nullptr;
    for (const auto& f : files)
      if (f.source == d.file) file = &f;
    ctx.file = d.file;
    ctx.text = file->text();
    ctx.index_lines();
    ctx.base = d.base;
    ctx.search_path = d.search_path;
    ctx.begin_statement(d.begin, d.end);
    lower_statement(ctx, *file, d.stmt);
  }
  for (size_t i = 0; i < ctx.resolvers.size(); ++i) ctx.resolvers[i]();
  for (size_t i = 0; i < ctx.finalizers.size(); ++i) ctx.finalizers[i]();
  drop_owner_privileges(result.catalog);
  if (!options.migrations_table.empty())
    leave_out_migrations_table(result.catalog, migrations_table_name(options.migrations_table, options.default_schema));
  for (const auto& a : ctx.annotations) {
    if (!a.used)
      diags.add(diag::kOrphanAnnotation, a.file, a.offset, 2,
                "annotation does not refer to a table or column (put it on the definition's line or the line above)");
  }
  result.diagnostics = diags.take();
  return result;
}

}  // namespace

CompileResult compile(const std::vector<SourceFile>& sources, const CompileOptions& options) {
  std::vector<ParseMode> modes(sources.size(), options.parse_chunk_bytes > 0 ? ParseMode::Chunks : ParseMode::Whole);
  for (;;) {
    try {
      return compile_with(sources, options, modes);
    } catch (const RestartFile& restart) {
      modes[static_cast<size_t>(restart.file - sources.data())] = restart.mode;
    }
  }
}

CompileResult compile_text(const std::string& text, const std::string& path, const CompileOptions& options) {
  return compile({SourceFile{path, text}}, options);
}

std::vector<SourceFile> read_schema_sources(const std::vector<std::string>& paths) {
  namespace fs = std::filesystem;
  std::vector<SourceFile> out;
  auto read = [&](const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) throw InputError("cannot read schema file " + p.string());
    std::ostringstream buf;
    buf << in.rdbuf();
    out.push_back({p.string(), buf.str()});
  };
  for (const auto& path : paths) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
      std::vector<fs::path> files;
      for (const auto& entry : fs::directory_iterator(path))
        if (entry.is_regular_file() && entry.path().extension() == ".sql") files.push_back(entry.path());
      std::sort(files.begin(), files.end());
      if (files.empty()) throw InputError("no .sql files in schema directory " + path);
      for (const auto& f : files) read(f);
    } else if (fs::exists(path, ec)) {
      read(path);
    } else {
      throw InputError("schema file " + path + " does not exist");
    }
  }
  return out;
}

}  // namespace schemactl
