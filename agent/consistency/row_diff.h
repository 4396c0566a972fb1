// Comparing the row lists of a chunk from both servers: which keys are missing on the backup,
// extra on it, or carry different values. Pure logic over result sets.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "consistency/digest_sql.h"
#include "db/result_set.h"

namespace jaga::consistency {

enum class DiffKind { kMissingOnBackup, kExtraOnBackup, kDifferent };
const char* diff_kind_name(DiffKind kind);

struct RowDifference {
  DiffKind kind = DiffKind::kDifferent;
  KeyValue key;            // empty for a keyless table
  std::string row_digest;  // keyless tables: the digest identifying the row (hex)
  int64_t primary_count = 0;
  int64_t backup_count = 0;
  bool operator==(const RowDifference&) const = default;
};

// Differences between two (key, digest) lists whose rows are [key columns..., digest], sorted
// by key. Keys are compared byte for byte.
std::vector<RowDifference> diff_keyed(const db::ResultSet& primary, const db::ResultSet& backup,
                                      size_t key_size);

// Differences between two multisets of row digests whose rows are [digest, count] (tables
// without a key); each differing digest once, with both counts.
std::vector<RowDifference> diff_keyless(const db::ResultSet& primary, const db::ResultSet& backup);

// Whether two differences are about the same row (same key, or same digest for a keyless table),
// whatever their kind: a row that differs in every round stays a difference even when the way it
// differs changes between rounds (e.g. missing + extra under one key collation, different under
// another).
bool same_row(const RowDifference& a, const RowDifference& b);
// A string that identifies the row of a difference (for hashing): the length-prefixed key, or the
// row digest of a keyless table.
std::string row_identity(const RowDifference& d);

}  // namespace jaga::consistency
