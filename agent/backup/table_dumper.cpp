#include "backup/table_dumper.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "backup/part_digest.h"
#include "backup/zstd_writer.h"
#include "consistency/digest_sql.h"

namespace jaga::backup {
namespace {

constexpr size_t kFlushBytes = 1 << 20;

// Whether any of the eight bytes of `word` is a backslash, TAB, LF or NUL: a byte b of word ^ (c *
// ones) is zero exactly where b == c, and (x - ones) & ~x & highs is non-zero exactly when x has a
// zero byte.
bool needs_escape(uint64_t word) {
  constexpr uint64_t kOnes = 0x0101010101010101ull;
  constexpr uint64_t kHighs = 0x8080808080808080ull;
  auto has_zero = [](uint64_t x) { return ((x - kOnes) & ~x & kHighs) != 0; };
  return has_zero(word) || has_zero(word ^ (kOnes * '\\')) || has_zero(word ^ (kOnes * '\t')) ||
         has_zero(word ^ (kOnes * '\n'));
}

}  // namespace

void append_tsv_field(std::string& out, const char* value, size_t length) {
  if (value == nullptr) {
    out += "\\N";
    return;
  }
  const char* end = value + length;
  const char* run = value;  // the bytes since the last escape, appended in one piece
  const char* p = value;
  while (p < end) {
    // Eight bytes at a time while none needs escaping (most fields need none).
    if (end - p >= 8) {
      uint64_t word = 0;
      std::memcpy(&word, p, sizeof word);
      if (!needs_escape(word)) {
        p += 8;
        continue;
      }
    }
    for (const char* stop = std::min(p + 8, end); p < stop; ++p) {
      const char c = *p;
      if (c != '\\' && c != '\t' && c != '\n' && c != '\0') continue;
      out.append(run, p);
      out += '\\';
      out += c == '\t' ? 't' : c == '\n' ? 'n' : c == '\0' ? '0' : '\\';
      run = p + 1;
    }
  }
  out.append(run, end);
}

Result<DumpedPart> dump_part(db::Connection& c, const consistency::TableSchema& t,
                             const TablePart& part, const std::string& dir, int level, int workers,
                             Env& env) {
  const consistency::Quote quote = [&c](std::string_view v) { return c.quote(v); };
  const std::string path = dir + "/" + part.data_file;
  auto file = env.create_file(path);
  if (!file) return file.error();
  auto writer = ZstdWriter::create(std::move(*file), level, workers);
  if (!writer) return writer.error();

  // The rows as the digest reads them (FLOAT as DOUBLE, which loads back into the FLOAT exactly).
  const size_t fields = t.columns.size();
  PartDigest digest(t);
  std::string buffer;
  buffer.reserve(kFlushBytes + 64 * 1024);
  std::optional<Error> write_error;
  auto read = c.stream(consistency::row_values_sql(t, part.lo, part.hi, 0, quote),
                       [&](const char* const* row, const unsigned long* lengths) {
                         if (write_error) return;  // the rest of the stream is only drained
                         digest.add(row, lengths);
                         for (size_t i = 0; i < fields; ++i) {
                           if (i > 0) buffer += '\t';
                           append_tsv_field(buffer, row[i], lengths[i]);
                         }
                         buffer += '\n';
                         if (buffer.size() < kFlushBytes) return;
                         if (auto w = (*writer)->write(buffer); !w) write_error = w.error();
                         buffer.clear();
                       });
  if (write_error) return *write_error;
  // The stream also ends early when the server or the network fails halfway: that is an error.
  if (!read) {
    return Error{fmt::format("dumping table {}: {}", t.full_name(), read.error().message)};
  }
  if (auto w = (*writer)->write(buffer); !w) return w.error();
  if (auto f = (*writer)->finish(); !f) return f.error();
  DumpedPart out;
  out.rows = digest.rows();
  out.digest = digest.value();
  out.file =
      ManifestFile{part.data_file, (*writer)->size(), (*writer)->sha256(), (*writer)->raw_bytes()};
  return out;
}

}  // namespace jaga::backup
