// `jaga store backup DIR`: a consistent copy of the evidence store - results, reports, signatures
// and the agenda book, the office's legal record - taken while `jaga serve` keeps writing, with
// SQLite's online backup API (a plain `cp` of a store in WAL mode can copy a torn file). The copy
// is one self-contained file (no -wal), mode 0640, checked with quick_check before it gets its
// name, so a file of that name is always a whole, readable store.
#pragma once

#include <cstdint>
#include <string>

#include "core/clock.h"
#include "core/result.h"
#include "store/evidence_store.h"

namespace jaga::store {

struct StoreCopy {
  std::string path;   // DIR/evidence-20261207T021500Z.db
  int64_t bytes = 0;  // size of the copy
};

// Copies `store` into the existing directory `dir` as evidence-<UTC time of `now`>.db. Writers
// go on meanwhile: a page they change during the copy makes SQLite copy again from the start,
// so the copy is of one moment. Errors name the file and what failed; a failed copy leaves no
// file of the final name behind.
Result<StoreCopy> backup_store(const EvidenceStore& store, const std::string& dir, TimePoint now);

}  // namespace jaga::store
