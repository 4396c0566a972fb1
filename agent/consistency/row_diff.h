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
};

// Differences between two (key, digest) lists whose rows are [key columns..., digest], sorted
// by key. Keys are compared byte for byte.
std::vector<RowDifference> diff_keyed(const db::ResultSet& primary, const db::ResultSet& backup,
                                      size_t key_size);

// Differences between two multisets of row digests whose rows are [digest, count] (tables
// without a key); each differing digest once, with both counts, digest as 16 hex digits.
std::vector<RowDifference> diff_keyless(const db::ResultSet& primary, const db::ResultSet& backup);

bool same_difference(const RowDifference& a, const RowDifference& b);

}  // namespace jaga::consistency
