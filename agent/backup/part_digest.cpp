#include "backup/part_digest.h"

#include <fmt/format.h>

namespace jaga::backup {

PartDigest::PartDigest(const consistency::TableSchema& table)
    : hash_(table.columns.size()), keyed_(table.key_kind != consistency::KeyKind::kNone) {}

void PartDigest::add(const char* const* values, const unsigned long* lengths) {
  const uint64_t h = hash_(values, lengths);
  digest_ = keyed_ ? digest_ ^ h : digest_ + h;
  ++rows_;
}

std::string PartDigest::value() const { return fmt::format("{:016x}", digest_); }

Result<PartDigest> digest_rows(db::Connection& c, const consistency::TableSchema& table,
                               const std::optional<consistency::KeyValue>& lo,
                               const std::optional<consistency::KeyValue>& hi) {
  const consistency::Quote quote = [&c](std::string_view v) { return c.quote(v); };
  PartDigest digest(table);
  auto read = c.stream(consistency::row_values_sql(table, lo, hi, 0, quote),
                       [&](const char* const* values, const unsigned long* lengths) {
                         digest.add(values, lengths);
                       });
  if (!read) return read.error();
  return digest;
}

}  // namespace jaga::backup
