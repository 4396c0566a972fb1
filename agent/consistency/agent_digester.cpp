#include <fmt/format.h>
#include <openssl/evp.h>
#include <xxhash.h>

#include <algorithm>
#include <cstring>
#include <new>
#include <unordered_map>

#include "consistency/digester.h"

namespace jaga::consistency {
namespace {

// The digest encoding's length field: 10 decimal digits (LPAD(LENGTH(v), 10, '0') in SQL).
void put_decimal_length(char* at, unsigned long length) {
  for (int i = 9; i >= 0; --i) {
    at[i] = static_cast<char>('0' + length % 10);
    length /= 10;
  }
}

uint64_t big_endian(const unsigned char* at) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = v << 8 | at[i];
  return v;
}

Quote quote_for(db::Connection& c) {
  return [&c](std::string_view v) { return c.quote(v); };
}

void put_length(char* at, uint32_t length) {
  at[0] = static_cast<char>(length & 0xff);
  at[1] = static_cast<char>((length >> 8) & 0xff);
  at[2] = static_cast<char>((length >> 16) & 0xff);
  at[3] = static_cast<char>((length >> 24) & 0xff);
}

uint32_t get_length(const char* at) {
  const auto* b = reinterpret_cast<const unsigned char*>(at);
  return static_cast<uint32_t>(b[0]) | static_cast<uint32_t>(b[1]) << 8 |
         static_cast<uint32_t>(b[2]) << 16 | static_cast<uint32_t>(b[3]) << 24;
}

class AgentDigester final : public Digester {
 public:
  Result<ChunkDigest> chunk(db::Connection& c, const TableSchema& t,
                            const std::optional<KeyValue>& lo, const std::optional<KeyValue>& hi,
                            int64_t limit, RowList* keep) override {
    RowDigester digest(t.columns.size());
    ChunkSum sum;
    ChunkDigest out;
    const size_t key_at = t.columns.size();
    KeyValue last(t.key.size());
    if (keep != nullptr) keep->clear();
    auto read = c.stream(digest_values_sql(t, lo, hi, limit, quote_for(c)),
                         [&](const char* const* values, const unsigned long* lengths) {
                           const RowDigest d = digest(values, lengths);
                           sum.add(d);
                           if (keep != nullptr) keep->add(values, lengths, key_at, t.key.size(), d);
                           if (limit > 0 && sum.rows == limit) {
                             for (size_t i = 0; i < t.key.size(); ++i) {
                               last[i].assign(values[key_at + i], lengths[key_at + i]);
                             }
                           }
                         });
    if (!read) return read.error();
    out.rows = sum.rows;
    out.value = sum.value();
    out.last_key = hi;
    if (limit > 0 && out.rows == limit) out.last_key = std::move(last);
    return out;
  }

  Result<db::ResultSet> rows(db::Connection& c, const TableSchema& t,
                             const std::optional<KeyValue>& lo,
                             const std::optional<KeyValue>& hi) override {
    return listing(c, t, digest_values_sql(t, lo, hi, 0, quote_for(c)));
  }

  Result<db::ResultSet> rows_by_key(db::Connection& c, const TableSchema& t,
                                    const std::vector<KeyValue>& keys) override {
    return listing(c, t, digest_values_by_key_sql(t, keys, quote_for(c)));
  }

 private:
  // [key columns..., digest] per row, as the server digester lists them.
  static Result<db::ResultSet> listing(db::Connection& c, const TableSchema& t,
                                       const std::string& sql) {
    RowDigester digest(t.columns.size());
    RowList rows(SIZE_MAX);
    rows.clear();
    auto read = c.stream(sql, [&](const char* const* values, const unsigned long* lengths) {
      rows.add(values, lengths, t.columns.size(), t.key.size(), digest(values, lengths));
    });
    if (!read) return read.error();
    return rows.to_result_set(t.key.size());
  }
};

}  // namespace

void RowList::clear() {
  keys_.clear();
  hashes_.clear();
  complete_ = true;
}

void RowList::add(const char* const* values, const unsigned long* lengths, size_t key_at,
                  size_t key_size, const RowDigest& digest) {
  if (!complete_) return;
  size_t size = 0;
  for (size_t i = 0; i < key_size; ++i) size += 4 + lengths[key_at + i];
  if (bytes() + size + sizeof(RowDigest) > max_bytes_) {
    complete_ = false;
    keys_ = std::string();
    hashes_ = std::vector<RowDigest>();
    return;
  }
  const size_t at = keys_.size();
  keys_.resize(at + size);
  char* out = keys_.data() + at;
  for (size_t i = 0; i < key_size; ++i) {
    const unsigned long length = lengths[key_at + i];
    put_length(out, static_cast<uint32_t>(length));
    if (length > 0) std::memcpy(out + 4, values[key_at + i], length);
    out += 4 + length;
  }
  hashes_.push_back(digest);
}

db::ResultSet RowList::to_result_set(size_t key_size) const {
  db::ResultSet out;
  out.rows.reserve(hashes_.size());
  const char* at = keys_.data();
  for (const RowDigest& hash : hashes_) {
    db::Row row;
    row.reserve(key_size + 1);
    for (size_t i = 0; i < key_size; ++i) {
      const uint32_t length = get_length(at);
      row.emplace_back(std::string(at + 4, length));
      at += 4 + length;
    }
    row.emplace_back(hash.hex());
    out.rows.push_back(std::move(row));
  }
  return out;
}

std::vector<RowList::Entry> RowList::entries(size_t key_size) const {
  std::vector<Entry> out;
  out.reserve(hashes_.size());
  const char* at = keys_.data();
  for (const RowDigest& hash : hashes_) {
    const char* start = at;
    for (size_t i = 0; i < key_size; ++i) at += 4 + get_length(at);
    out.push_back({std::string_view(start, static_cast<size_t>(at - start)), hash});
  }
  return out;
}

std::vector<RowDifference> diff_rows(const RowList& primary, const RowList& backup,
                                     size_t key_size) {
  const std::vector<RowList::Entry> p = primary.entries(key_size);
  const std::vector<RowList::Entry> b = backup.entries(key_size);
  auto decode = [key_size](std::string_view encoded) {
    KeyValue key;
    const char* at = encoded.data();
    for (size_t i = 0; i < key_size; ++i) {
      const uint32_t length = get_length(at);
      key.emplace_back(at + 4, length);
      at += 4 + length;
    }
    return key;
  };
  std::vector<RowDifference> out;
  // The common prefix in the same key order, compared pairwise.
  size_t same = 0;
  for (; same < p.size() && same < b.size() && p[same].key == b[same].key; ++same) {
    if (p[same].hash != b[same].hash) {
      out.push_back({DiffKind::kDifferent, decode(p[same].key), "", 1, 1});
    }
  }
  // The rest (a missing or extra row shifted them) by key.
  std::unordered_map<std::string_view, RowDigest> rest;
  rest.reserve(p.size() - same);
  for (size_t i = same; i < p.size(); ++i) rest.emplace(p[i].key, p[i].hash);
  for (size_t i = same; i < b.size(); ++i) {
    auto it = rest.find(b[i].key);
    if (it == rest.end()) {
      out.push_back({DiffKind::kExtraOnBackup, decode(b[i].key), "", 0, 1});
      continue;
    }
    if (it->second != b[i].hash) out.push_back({DiffKind::kDifferent, decode(b[i].key), "", 1, 1});
    rest.erase(it);
  }
  for (const auto& [key, hash] : rest) {
    out.push_back({DiffKind::kMissingOnBackup, decode(key), "", 1, 0});
  }
  std::sort(out.begin(), out.end(),
            [](const RowDifference& x, const RowDifference& y) { return x.key < y.key; });
  return out;
}

std::string_view encode_row(const char* const* values, const unsigned long* lengths, size_t count,
                            std::string& buffer) {
  size_t size = 4 * count;
  for (size_t i = 0; i < count; ++i) {
    if (values[i] != nullptr) size += lengths[i];
  }
  if (buffer.size() < size) buffer.resize(std::max(size, 2 * buffer.size()));
  char* out = buffer.data();
  for (size_t i = 0; i < count; ++i) {
    if (values[i] == nullptr) {
      put_length(out, 0xffffffffu);
      out += 4;
      continue;
    }
    put_length(out, static_cast<uint32_t>(lengths[i]));
    std::memcpy(out + 4, values[i], lengths[i]);
    out += 4 + lengths[i];
  }
  return std::string_view(buffer.data(), size);
}

uint64_t RowHasher::operator()(const char* const* values, const unsigned long* lengths) {
  const std::string_view row = encode_row(values, lengths, count_, buffer_);
  return XXH3_64bits(row.data(), row.size());
}

std::string RowDigest::hex() const { return fmt::format("{:016x}{:016x}", high, low); }

RowDigester::RowDigester(size_t count)
    : count_(count), context_(EVP_MD_CTX_new()), md5_(EVP_MD_fetch(nullptr, "MD5", nullptr)) {
  if (context_ == nullptr || md5_ == nullptr) throw std::bad_alloc();
}

RowDigester::~RowDigester() {
  EVP_MD_free(md5_);
  EVP_MD_CTX_free(context_);
}

RowDigest RowDigester::operator()(const char* const* values, const unsigned long* lengths) {
  // Fed value by value: no copy of the row. 'N', or 'V' + 10 digits of length + the bytes.
  EVP_DigestInit_ex2(context_, md5_, nullptr);
  for (size_t i = 0; i < count_; ++i) {
    if (values[i] == nullptr) {
      EVP_DigestUpdate(context_, "N", 1);
      continue;
    }
    char head[11];
    head[0] = 'V';
    put_decimal_length(head + 1, lengths[i]);
    EVP_DigestUpdate(context_, head, sizeof head);
    if (lengths[i] > 0) EVP_DigestUpdate(context_, values[i], lengths[i]);
  }
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_DigestFinal_ex(context_, md, &size);
  return {big_endian(md), big_endian(md + 8)};
}

std::unique_ptr<Digester> make_agent_digester() { return std::make_unique<AgentDigester>(); }

}  // namespace jaga::consistency
