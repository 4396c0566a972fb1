#include "backup/part_planner.h"

#include <fmt/format.h>

#include "backup/file_names.h"
#include "consistency/digest_sql.h"

namespace jaga::backup {

Result<std::vector<TablePart>> plan_parts(db::Connection& c, const consistency::TableSchema& t,
                                          int threads) {
  const std::string base = encode_file_name(t.schema) + "/" + encode_file_name(t.name);
  std::vector<TablePart> parts;
  int64_t estimate = 0;
  if (t.key_kind != consistency::KeyKind::kNone) {
    auto rows = c.scalar(
        fmt::format("SELECT TABLE_ROWS FROM information_schema.TABLES WHERE TABLE_SCHEMA = {} AND "
                    "TABLE_NAME = {}",
                    c.quote(t.schema), c.quote(t.name)));
    if (!rows) return rows.error();
    estimate = std::stoll(rows->value_or("0"));
  }
  if (estimate <= kMinPartRows) {
    parts.push_back(TablePart{base + ".tsv.zst", std::nullopt, std::nullopt, 0, ""});
    return parts;
  }
  const int64_t count = std::max<int64_t>(2 * threads, estimate / kMinPartRows);
  const int64_t per_part = std::max<int64_t>(1, estimate / count);
  const consistency::Quote quote = [&c](std::string_view v) { return c.quote(v); };
  std::optional<consistency::KeyValue> lo;
  for (int64_t i = 0; i + 1 < count; ++i) {
    auto end = c.query(consistency::chunk_end_sql(t, lo, per_part, quote));
    if (!end) return end.error();
    if (end->rows.empty()) break;  // the estimate was high: the rest fits in the last part
    consistency::KeyValue hi;
    for (const auto& v : end->rows[0]) hi.push_back(v.value_or(""));
    parts.push_back(TablePart{"", lo, hi, 0, ""});
    lo = std::move(hi);
  }
  parts.push_back(TablePart{"", lo, std::nullopt, 0, ""});
  for (size_t i = 0; i < parts.size(); ++i) {
    parts[i].data_file = fmt::format("{}.{:04}.tsv.zst", base, i + 1);
  }
  return parts;
}

}  // namespace jaga::backup
