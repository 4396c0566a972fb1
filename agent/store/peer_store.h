// The evidence store's side of the two-agent protocol (agent/peer/): what an agent serves to its
// coordinator, and how the coordinator keeps what it pulled. Pulled results live in the same
// `results` table as local ones, marked with origin_host (the peer's configured name) and
// origin_result_id (the id on the peer); (origin_host, origin_result_id) is unique, so a batch
// received twice is kept once. The cursor is saved in the same transaction as the rows it
// covers, so a pull killed at any moment resumes exactly where its last commit ended.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "store/evidence_store.h"

namespace jaga::store {

// This host's own results (never ones it pulled itself) with id > `after`, oldest first, at most
// `limit`. `personal` is left empty: it never leaves the host.
Result<std::vector<StoredResult>> own_results_after(const EvidenceStore& store, int64_t after,
                                                    int limit);
// The newest id own_results_after can return; 0 when there is none.
Result<int64_t> newest_own_result_id(const EvidenceStore& store);

struct PeerCursor {
  int64_t after_id = 0;                   // every result of the peer up to this id is kept
  std::optional<TimePoint> last_contact;  // the last successful exchange with the peer
};

Result<PeerCursor> load_peer_cursor(const EvidenceStore& store, const std::string& peer);

// Keeps `batch` (results of `peer`, ids as on the peer) and moves the cursor to `after_id`, in
// one transaction. The rows join one run of command "pull" so that every result has a run.
// Rows already kept are skipped. An empty batch only records the contact.
Result<void> keep_pulled(EvidenceStore& store, const std::string& peer,
                         const std::vector<StoredResult>& batch, int64_t after_id, TimePoint now);

// How many results pulled from `peer` the store holds.
Result<int64_t> count_pulled(const EvidenceStore& store, const std::string& peer);

}  // namespace jaga::store
