#include <fmt/format.h>

#include <charconv>

#include "consistency/digester.h"

namespace jaga::consistency {
namespace {

class ServerDigester final : public Digester {
 public:
  explicit ServerDigester(RowHash hash) : hash_(hash) {}

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
    auto digest = c.query(chunk_digest_sql(t, hash_, lo, out.last_key, quote));
    if (!digest) return digest.error();
    if (!digest->rows.empty()) {
      const std::string count = digest->rows[0][0].value_or("0");
      std::from_chars(count.data(), count.data() + count.size(), out.rows);
      out.value = digest->rows[0][1].value_or("0");
    }
    return out;
  }

  Result<db::ResultSet> rows(db::Connection& c, const TableSchema& t,
                             const std::optional<KeyValue>& lo,
                             const std::optional<KeyValue>& hi) override {
    return c.query(row_digests_sql(t, hash_, lo, hi, quote_for(c)));
  }

  Result<db::ResultSet> rows_by_key(db::Connection& c, const TableSchema& t,
                                    const std::vector<KeyValue>& keys) override {
    return c.query(rows_by_key_sql(t, hash_, keys, quote_for(c)));
  }

 private:
  static Quote quote_for(db::Connection& c) {
    return [&c](std::string_view v) { return c.quote(v); };
  }
  RowHash hash_;
};

}  // namespace

std::unique_ptr<Digester> make_server_digester(RowHash hash) {
  return std::make_unique<ServerDigester>(hash);
}

}  // namespace jaga::consistency
