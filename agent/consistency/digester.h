// Where the consistency engine's digests are computed. Both places compute the same exact digest
// (digest_sql.h: MD5 of an injective encoding of every row, halves summed modulo 2^64 per chunk),
// so a chunk digested by SQL on one server and by jaga from the other's rows compares equal.
//
//   kServer: by SQL on each server (digest_sql.h). Only digests leave the servers.
//   kAgent:  jaga streams the chunk's values (digest_values_sql: each column already rendered
//            as the bytes the digest encodes, then the key) over the connection, nothing
//            buffered, and digests each row itself with OpenSSL's MD5. The server only reads and
//            sends rows, and the primary's chunk boundary comes with the chunk itself
//            (ORDER BY key LIMIT n) instead of costing an extra OFFSET query. Rows cross the
//            connection, so the check uses it only when both servers are on this host.
//            While it hashes, it can keep each row's key and digest (RowList), so a chunk whose
//            digests differ is compared row by row without being read again.
//
// Tables without a usable key are digested whole by SQL (their rows are named by that digest).
#pragma once

#include <openssl/evp.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "consistency/digest_sql.h"
#include "consistency/row_diff.h"
#include "consistency/table_schema.h"
#include "core/result.h"
#include "db/connection.h"

namespace jaga::consistency {

enum class DigestWhere { kServer, kAgent };

// A row digest: MD5 as two big-endian 64-bit halves.
struct RowDigest {
  uint64_t high = 0;
  uint64_t low = 0;
  bool operator==(const RowDigest&) const = default;
  // 32 lower-case hex digits, as SQL's MD5() prints it.
  std::string hex() const;
};

// jaga's side of the exact digest: MD5 of the encoding digest_sql.h defines ('N', or 'V', 10
// decimal digits of length and the bytes, per value) of the first `count` values of a row of
// digest_values_sql(). One per thread; reuses its buffer and OpenSSL context.
class RowDigester {
 public:
  explicit RowDigester(size_t count);
  ~RowDigester();
  RowDigester(const RowDigester&) = delete;
  RowDigester& operator=(const RowDigester&) = delete;
  RowDigest operator()(const char* const* values, const unsigned long* lengths);

 private:
  size_t count_;
  EVP_MD_CTX* context_;
  EVP_MD* md5_;
};

// The running chunk digest: COUNT and each half summed modulo 2^64.
struct ChunkSum {
  int64_t rows = 0;
  uint64_t high = 0;
  uint64_t low = 0;
  void add(const RowDigest& d) {
    ++rows;
    high += d.high;
    low += d.low;
  }
  std::string value() const { return chunk_digest_value(high, low); }
};

// The key and hash of every row of a chunk, in the order read, within a byte budget. Keys are
// kept in one buffer, so keeping a row costs no allocation of its own.
class RowList {
 public:
  explicit RowList(size_t max_bytes = 0) : max_bytes_(max_bytes) {}
  // Empties the list for a new chunk; until then it counts as incomplete.
  void clear();
  // Keeps the row whose key columns are values[key_at + i], i < key_size; once the budget is
  // spent the list is incomplete and keeps nothing more.
  void add(const char* const* values, const unsigned long* lengths, size_t key_at, size_t key_size,
           const RowDigest& digest);
  // Every row of the chunk was kept.
  bool complete() const { return complete_; }
  size_t bytes() const { return keys_.size() + hashes_.size() * sizeof(RowDigest); }
  // [key columns..., digest as 32 hex digits] per row, as Digester::rows() lists them.
  // REQUIRES: complete().
  db::ResultSet to_result_set(size_t key_size) const;

  // The rows that differ between the primary's and the backup's list of the same chunk, sorted
  // by key (as diff_keyed gives them). Rows in the same key order on both sides (the usual case)
  // are compared in one pass without allocating per row. REQUIRES: both complete().
  friend std::vector<RowDifference> diff_rows(const RowList& primary, const RowList& backup,
                                              size_t key_size);

 private:
  struct Entry {
    std::string_view key;  // the encoded key, inside keys_
    RowDigest hash;
  };
  std::vector<Entry> entries(size_t key_size) const;

  size_t max_bytes_;
  bool complete_ = false;
  std::string keys_;  // per row, per key column: 4 bytes of length (little-endian), the bytes
  std::vector<RowDigest> hashes_;
};

struct ChunkDigest {
  int64_t rows = 0;
  std::string value;
  // With a row limit: the key of the last row read, the chunk's inclusive upper bound; nullopt
  // when fewer rows than the limit remained (the chunk runs to the end of the table).
  std::optional<KeyValue> last_key;
};

class Digester {
 public:
  virtual ~Digester() = default;
  // The digest of the rows in (lo, hi]; with `limit` > 0 (and no hi), of the first `limit` rows
  // after lo in key order. A keyless table is digested whole. A digester that sees the rows
  // puts their keys and hashes into `keep` when given; one that does not leaves it empty and
  // incomplete.
  virtual Result<ChunkDigest> chunk(db::Connection& c, const TableSchema& t,
                                    const std::optional<KeyValue>& lo,
                                    const std::optional<KeyValue>& hi, int64_t limit,
                                    RowList* keep) = 0;
  // Rows [key columns..., digest] of (lo, hi]; for a keyless table [digest, count] per digest.
  virtual Result<db::ResultSet> rows(db::Connection& c, const TableSchema& t,
                                     const std::optional<KeyValue>& lo,
                                     const std::optional<KeyValue>& hi) = 0;
  // Rows [key columns..., digest] of the listed keys. REQUIRES: !keys.empty().
  virtual Result<db::ResultSet> rows_by_key(db::Connection& c, const TableSchema& t,
                                            const std::vector<KeyValue>& keys) = 0;
};

std::unique_ptr<Digester> make_server_digester();
std::unique_ptr<Digester> make_agent_digester();

// The part digest of backup manifests ("digest": "xxh3-64", backup/part_digest.h) - not the
// consistency digest. The length-prefixed encoding it hashes: per value 4 bytes of length
// (0xffffffff for NULL, little-endian) then its bytes. Written at the start of `buffer` (grown when
// needed, never shrunk, so a reused buffer allocates only for a longer row); the view covers the
// encoding. Exposed for tests.
std::string_view encode_row(const char* const* values, const unsigned long* lengths, size_t count,
                            std::string& buffer);

// XXH3-64 of encode_row() of a streamed row of `count` columns (backup part digests).
class RowHasher {
 public:
  explicit RowHasher(size_t count) : count_(count) {}
  uint64_t operator()(const char* const* values, const unsigned long* lengths);

 private:
  size_t count_;
  std::string buffer_;
};

}  // namespace jaga::consistency
