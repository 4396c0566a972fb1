// The digest of one part of a table as a manifest with `"digest": "xxh3-64"` records it: XXH3-64
// of each row's length-prefixed values (consistency/digester.h, RowHasher), XORed for a table
// with a key and summed modulo 2^64 for a table without one, so that duplicate rows count. It
// is the backup's own fast digest, not the consistency check's exact MD5 digest. The rows are those
// of consistency::row_values_sql(): every column in table order, FLOAT as DOUBLE.
//
// `jaga backup` computes it from the rows it is dumping (the server reads them once), and
// `jaga restore-test` from the rows it reads back; manifests of earlier builds say "crc32"
// and are checked with the SQL digest (consistency/digest_sql.h) instead.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "consistency/digester.h"
#include "consistency/table_schema.h"
#include "core/result.h"
#include "db/connection.h"

namespace jaga::backup {

class PartDigest {
 public:
  explicit PartDigest(const consistency::TableSchema& table);
  void add(const char* const* values, const unsigned long* lengths);
  int64_t rows() const { return rows_; }
  // 16 hexadecimal digits.
  std::string value() const;

 private:
  consistency::RowHasher hash_;
  bool keyed_;
  uint64_t digest_ = 0;
  int64_t rows_ = 0;
};

// Reads the rows of `table` in (lo, hi] from `c` and digests them.
Result<PartDigest> digest_rows(db::Connection& c, const consistency::TableSchema& table,
                               const std::optional<consistency::KeyValue>& lo,
                               const std::optional<consistency::KeyValue>& hi);

}  // namespace jaga::backup
