// Retention of the raw evidence of old results (agent.keep_evidence_days): a result older than
// the cutoff keeps what reports read - check, host, times, status, summary, findings, metrics -
// so a report over any past period still drafts from it, and loses its evidence JSON and its
// sealed personal evidence (the full keys of differing rows), which are most of its size. The
// freed pages are reused by new results, so a store that gains a day of results and thins a day
// stops growing by the evidence of each day.
#pragma once

#include <cstdint>

#include "core/clock.h"
#include "core/result.h"
#include "store/evidence_store.h"

namespace jaga::store {

// Thins every result that started before `cutoff` and still has evidence, in one transaction.
// Returns how many results it thinned (0 when none had any left).
Result<int64_t> thin_results_before(EvidenceStore& store, TimePoint cutoff);

}  // namespace jaga::store
