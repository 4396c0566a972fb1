#include <fmt/format.h>

#include <charconv>

#include "consistency/digester.h"

namespace jaga::consistency {
namespace {

class ServerDigester final : public Digester {
 public:
  Result<ChunkDigest> chunk(db::Connection& c, const TableSchema& t,
                            const std::optional<KeyValue>& lo, const std::optional<KeyValue>& hi,
                            int64_t limit, RowList* /*keep: rows are never seen here*/) override {
    const Quote quote = quote_for(c);
    ChunkDigest out;
    out.last_key = hi;
    if (limit > 0 && t.key_kind != KeyKind::kNone) {
      auto end = c.query(chunk_end_sql(t, lo, limit, quote));
      if (!end) return end.error();
      if (!end->rows.empty()) {
        KeyValue key;
        for (const auto& v : end->rows[0]) key.push_back(v.value_or(""));
        out.last_key = key;
      }
    }
    auto digest = c.query(chunk_digest_sql(t, lo, out.last_key, quote));
    if (!digest) return digest.error();
    if (digest->rows.size() != 1 || digest->rows[0].size() != 4) {
      return Error{
          fmt::format("{}: {}: unexpected answer to the chunk digest", c.label(), t.full_name())};
    }
    const db::Row& row = digest->rows[0];
    if (row[3].value_or("0") != "0") {
      return Error{fmt::format(
          "{}: {}: {} row(s) too long for the server to digest (larger than max_allowed_packet)",
          c.label(), t.full_name(), row[3].value_or("?"))};
    }
    const std::string count = row[0].value_or("0");
    std::from_chars(count.data(), count.data() + count.size(), out.rows);
    out.value = row[1].value_or("0") + ":" + row[2].value_or("0");
    return out;
  }

  Result<db::ResultSet> rows(db::Connection& c, const TableSchema& t,
                             const std::optional<KeyValue>& lo,
                             const std::optional<KeyValue>& hi) override {
    return checked(c, t, c.query(row_digests_sql(t, lo, hi, quote_for(c))));
  }

  Result<db::ResultSet> rows_by_key(db::Connection& c, const TableSchema& t,
                                    const std::vector<KeyValue>& keys) override {
    return checked(c, t, c.query(rows_by_key_sql(t, keys, quote_for(c))));
  }

 private:
  static Quote quote_for(db::Connection& c) {
    return [&c](std::string_view v) { return c.quote(v); };
  }
  // A NULL row digest is a row the server could not digest: never a value to compare.
  static Result<db::ResultSet> checked(db::Connection& c, const TableSchema& t,
                                       Result<db::ResultSet> rows) {
    if (!rows) return rows;
    const size_t at = t.key_kind == KeyKind::kNone ? 0 : t.key.size();
    for (const auto& row : rows->rows) {
      if (row.size() <= at || !row[at]) {
        return Error{fmt::format(
            "{}: {}: a row too long for the server to digest (larger than max_allowed_packet)",
            c.label(), t.full_name())};
      }
    }
    return rows;
  }
};

}  // namespace

std::unique_ptr<Digester> make_server_digester() { return std::make_unique<ServerDigester>(); }

}  // namespace jaga::consistency
