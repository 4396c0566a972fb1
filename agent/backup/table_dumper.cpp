#include "backup/table_dumper.h"

#include <fmt/format.h>
#include <mysql.h>

#include "backup/zstd_writer.h"
#include "consistency/digest_sql.h"

namespace jaga::backup {
namespace {

constexpr size_t kFlushBytes = 1 << 20;

std::string select_sql(const consistency::TableSchema& t, const TablePart& part,
                       const consistency::Quote& quote) {
  std::string columns;
  for (const auto& c : t.columns) {
    columns += (columns.empty() ? "" : ", ") + consistency::identifier(c.name);
  }
  return fmt::format("SELECT {} FROM {}.{} WHERE {}", columns, consistency::identifier(t.schema),
                     consistency::identifier(t.name),
                     consistency::key_range_sql(t, part.lo, part.hi, quote));
}

struct ResultFree {
  void operator()(MYSQL_RES* r) const { mysql_free_result(r); }
};

}  // namespace

void append_tsv_field(std::string& out, const char* value, size_t length) {
  if (value == nullptr) {
    out += "\\N";
    return;
  }
  const char* end = value + length;
  const char* run = value;
  for (const char* p = value; p < end; ++p) {
    const char c = *p;
    if (c != '\\' && c != '\t' && c != '\n' && c != '\0') continue;
    out.append(run, p);
    out += '\\';
    out += c == '\t' ? 't' : c == '\n' ? 'n' : c == '\0' ? '0' : '\\';
    run = p + 1;
  }
  out.append(run, end);
}

Result<DumpedPart> dump_part(db::Connection& c, const consistency::TableSchema& t,
                             const TablePart& part, const std::string& dir, int level,
                             int workers) {
  const consistency::Quote quote = [&c](std::string_view v) { return c.quote(v); };
  const std::string path = dir + "/" + part.data_file;
  auto writer = ZstdWriter::create(path, level, workers);
  if (!writer) return writer.error();

  MYSQL* h = c.native();
  const std::string sql = select_sql(t, part, quote);
  if (mysql_real_query(h, sql.data(), static_cast<unsigned long>(sql.size())) != 0) {
    return c.native_error(fmt::format("dumping table {}", t.full_name()));
  }
  std::unique_ptr<MYSQL_RES, ResultFree> result(mysql_use_result(h));
  if (!result) return c.native_error(fmt::format("dumping table {}", t.full_name()));
  const unsigned int fields = mysql_num_fields(result.get());
  std::string buffer;
  buffer.reserve(kFlushBytes + 64 * 1024);
  int64_t rows = 0;
  while (MYSQL_ROW row = mysql_fetch_row(result.get())) {
    const unsigned long* lengths = mysql_fetch_lengths(result.get());
    for (unsigned int i = 0; i < fields; ++i) {
      if (i > 0) buffer += '\t';
      append_tsv_field(buffer, row[i], lengths[i]);
    }
    buffer += '\n';
    ++rows;
    if (buffer.size() >= kFlushBytes) {
      if (auto w = (*writer)->write(buffer); !w) return w.error();
      buffer.clear();
    }
  }
  // A NULL row also ends the stream when the server or the network fails halfway.
  if (mysql_errno(h) != 0) {
    return c.native_error(fmt::format("reading the rows of table {}", t.full_name()));
  }
  result.reset();
  if (auto w = (*writer)->write(buffer); !w) return w.error();
  if (auto f = (*writer)->finish(); !f) return f.error();

  auto digest = c.query(
      consistency::chunk_digest_sql(t, consistency::RowHash::kCrc32, part.lo, part.hi, quote));
  if (!digest) return digest.error();
  if (digest->rows.empty() || digest->rows[0].size() < 2 || !digest->rows[0][0] ||
      !digest->rows[0][1]) {
    return Error{
        fmt::format("{}: the digest of table {} returned no row", c.label(), t.full_name())};
  }
  DumpedPart out;
  out.rows = rows;
  out.digest = *digest->rows[0][1];
  if (std::to_string(rows) != *digest->rows[0][0]) {
    return Error{fmt::format(
        "{}: table {}: {} rows were dumped but the snapshot counts {}; the snapshot was not "
        "consistent, so this backup is refused",
        c.label(), t.full_name(), rows, *digest->rows[0][0])};
  }
  out.file =
      ManifestFile{part.data_file, (*writer)->size(), (*writer)->sha256(), (*writer)->raw_bytes()};
  return out;
}

}  // namespace jaga::backup
