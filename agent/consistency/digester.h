// Where the consistency engine's digests are computed.
//
//   kServer: by SQL on each server (digest_sql.h): CRC32 or MD5 of an injective text encoding of
//            the row, combined per chunk by BIT_XOR. Only digests leave the servers.
//   kAgent:  jaga streams the chunk's rows over the connection (text protocol, nothing buffered)
//            and hashes each row with XXH3-64 over a length-prefixed encoding of its values
//            (injective by construction: a NULL and every byte of every value are in it), XORed
//            per chunk. The server only reads and sends rows, which costs it about half of
//            evaluating the SQL digest (measured: 0.57-0.79 against 1.12-1.27 CPU seconds for
//            1,000,000 people), and the primary's chunk boundary comes with the chunk itself
//            (ORDER BY key LIMIT n) instead of costing an extra OFFSET query. Rows cross the
//            connection, so the check uses it only when both servers are on this host.
//            While it hashes, it can keep each row's key and hash (RowList), so a chunk whose
//            digests differ is compared row by row without being read again.
//
// XXH3-64 is not cryptographic either; a random change escapes with probability 2^-64 per chunk.
// Tables without a usable key are always digested by SQL (their rows are named by that digest).
#pragma once

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

// The key and hash of every row of a chunk, in the order read, within a byte budget. Keys are
// kept in one buffer, so keeping a row costs no allocation of its own.
class RowList {
 public:
  explicit RowList(size_t max_bytes = 0) : max_bytes_(max_bytes) {}
  // Empties the list for a new chunk; until then it counts as incomplete.
  void clear();
  // Keeps the row whose key columns are values[key[i]]; once the budget is spent the list is
  // incomplete and keeps nothing more.
  void add(const char* const* values, const unsigned long* lengths, const std::vector<size_t>& key,
           uint64_t hash);
  // Every row of the chunk was kept.
  bool complete() const { return complete_; }
  size_t bytes() const { return keys_.size() + hashes_.size() * sizeof(uint64_t); }
  // [key columns..., hash as 16 hex digits] per row, as Digester::rows() lists them.
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
    uint64_t hash;
  };
  std::vector<Entry> entries(size_t key_size) const;

  size_t max_bytes_;
  bool complete_ = false;
  std::string keys_;  // per row, per key column: 4 bytes of length (little-endian), the bytes
  std::vector<uint64_t> hashes_;
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

std::unique_ptr<Digester> make_server_digester(RowHash hash);
std::unique_ptr<Digester> make_agent_digester();

// The length-prefixed encoding the agent hashes: per value 4 bytes of length (0xffffffff for
// NULL, little-endian) then its bytes. Written at the start of `buffer` (grown when needed,
// never shrunk, so a reused buffer allocates only for a longer row); the view covers the
// encoding. Exposed for tests.
std::string_view encode_row(const char* const* values, const unsigned long* lengths, size_t count,
                            std::string& buffer);

// The agent's row hash: XXH3-64 of encode_row() of a streamed row of `count` columns.
class RowHasher {
 public:
  explicit RowHasher(size_t count) : count_(count) {}
  uint64_t operator()(const char* const* values, const unsigned long* lengths);

 private:
  size_t count_;
  std::string buffer_;
};

}  // namespace jaga::consistency
