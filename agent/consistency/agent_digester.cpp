#include <fmt/format.h>
#include <xxhash.h>

#include <cstring>

#include "consistency/digester.h"

namespace jaga::consistency {
namespace {

// The hash of one streamed row: its columns after the key columns (which repeat the key).
class RowHasher {
 public:
  explicit RowHasher(size_t key_size) : key_size_(key_size) {}
  uint64_t operator()(const char* const* values, const unsigned long* lengths, size_t count) {
    encode_row(values + key_size_, lengths + key_size_, count - key_size_, buffer_);
    return XXH3_64bits(buffer_.data(), buffer_.size());
  }

 private:
  size_t key_size_;
  std::string buffer_;
};

std::string hex(uint64_t v) { return fmt::format("{:016x}", v); }

Quote quote_for(db::Connection& c) {
  return [&c](std::string_view v) { return c.quote(v); };
}

class AgentDigester final : public Digester {
 public:
  Result<ChunkDigest> chunk(db::Connection& c, const TableSchema& t,
                            const std::optional<KeyValue>& lo, const std::optional<KeyValue>& hi,
                            int64_t limit) override {
    const size_t key_size = t.key.size();
    const size_t count = key_size + t.columns.size();
    RowHasher hash(key_size);
    uint64_t digest = 0;
    ChunkDigest out;
    KeyValue last(key_size);
    auto read = c.stream(row_values_sql(t, lo, hi, limit, quote_for(c)),
                         [&](const char* const* values, const unsigned long* lengths) {
                           digest ^= hash(values, lengths, count);
                           ++out.rows;
                           if (limit > 0) {
                             for (size_t i = 0; i < key_size; ++i) {
                               last[i].assign(values[i], lengths[i]);
                             }
                           }
                         });
    if (!read) return read.error();
    out.value = hex(digest);
    out.last_key = hi;
    if (limit > 0 && out.rows == limit) out.last_key = std::move(last);
    return out;
  }

  Result<db::ResultSet> rows(db::Connection& c, const TableSchema& t,
                             const std::optional<KeyValue>& lo,
                             const std::optional<KeyValue>& hi) override {
    return listing(c, t, row_values_sql(t, lo, hi, 0, quote_for(c)));
  }

  Result<db::ResultSet> rows_by_key(db::Connection& c, const TableSchema& t,
                                    const std::vector<KeyValue>& keys) override {
    return listing(c, t, row_values_by_key_sql(t, keys, quote_for(c)));
  }

 private:
  // [key columns..., digest] per row, as the server digester lists them.
  static Result<db::ResultSet> listing(db::Connection& c, const TableSchema& t,
                                       const std::string& sql) {
    const size_t key_size = t.key.size();
    const size_t count = key_size + t.columns.size();
    RowHasher hash(key_size);
    db::ResultSet out;
    auto read = c.stream(sql, [&](const char* const* values, const unsigned long* lengths) {
      db::Row row;
      row.reserve(key_size + 1);
      for (size_t i = 0; i < key_size; ++i) row.emplace_back(std::string(values[i], lengths[i]));
      row.emplace_back(hex(hash(values, lengths, count)));
      out.rows.push_back(std::move(row));
    });
    if (!read) return read.error();
    return out;
  }
};

}  // namespace

void encode_row(const char* const* values, const unsigned long* lengths, size_t count,
                std::string& out) {
  out.clear();
  for (size_t i = 0; i < count; ++i) {
    const uint32_t length = values[i] == nullptr ? 0xffffffffu : static_cast<uint32_t>(lengths[i]);
    const char prefix[4] = {
        static_cast<char>(length & 0xff), static_cast<char>((length >> 8) & 0xff),
        static_cast<char>((length >> 16) & 0xff), static_cast<char>((length >> 24) & 0xff)};
    out.append(prefix, 4);
    if (values[i] != nullptr) out.append(values[i], lengths[i]);
  }
}

std::unique_ptr<Digester> make_agent_digester() { return std::make_unique<AgentDigester>(); }

}  // namespace jaga::consistency
