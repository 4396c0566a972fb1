// The evidence store's file giving back what retention frees. Thinning old results
// (store/result_retention.h) leaves free pages inside the file; SQLite reuses them, so the file
// stops growing, but it does not shrink. A store in incremental auto-vacuum mode (every store this
// jaga creates) returns its free pages to the file system on request, as `jaga serve` does after
// each daily thinning. A store made by an earlier jaga is converted once by compact_store (a full
// VACUUM: `jaga store compact`).
#pragma once

#include <cstdint>

#include "core/result.h"
#include "store/evidence_store.h"

namespace jaga::store {

struct StoreSpace {
  int64_t page_size = 0;
  int64_t pages = 0;         // in the file, free ones included
  int64_t free_pages = 0;    // reusable, or given back by the next give_back_free_pages
  bool incremental = false;  // auto_vacuum = INCREMENTAL
  int64_t file_bytes() const { return page_size * pages; }
  int64_t free_bytes() const { return page_size * free_pages; }
};

Result<StoreSpace> store_space(const EvidenceStore& store);

// In incremental mode: returns every free page to the file system (PRAGMA incremental_vacuum, then
// a WAL checkpoint so the file itself shrinks) and the bytes given back; 0 in any other mode.
Result<int64_t> give_back_free_pages(EvidenceStore& store);

// Rewrites the whole store in incremental auto-vacuum mode (VACUUM): needs free disk space about
// the size of the store and waits for (or fails on) other writers while it runs. Returns the
// bytes the file lost.
Result<int64_t> compact_store(EvidenceStore& store);

}  // namespace jaga::store
