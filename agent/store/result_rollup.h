// Roll-ups of old results (agent.keep_raw_results_days): consecutive results of one check on one
// host that a report cannot tell apart are merged into one row that stands for all of them, so
// that a store kept for years holds a few rows per ten minutes of quiet instead of one per run,
// and every report over an old period drafts exactly as it did from the raw rows.
//
// A roll-up row keeps the first result's id, run, started_at, status, summary, findings,
// evidence and personal column; finished_at becomes the last one's, `repeats` counts the results
// and last_started_at is the last one's start. Each metric keeps the first result's value, and
// where the values differ also "min", "max" and "last" over all of them. The results merged into
// it are deleted; their runs stay in the runs table (a run whose results were merged shows none).
//
// Which results may merge is the reader's knowledge, not the store's: report/rollup_rules.h says
// what a report reads. Results merge only when they are consecutive (by started_at, id) among
// the results of their (check, host, origin), all started in one `window` of the office's clock,
// have the same status, summary and findings, the same metrics apart from the values (names,
// units, thresholds, in the same order), no more than the check's max spacing from one to the
// next, no sealed personal evidence, and equal values of every `equal_metrics` metric, each
// under its own WARN and CRIT thresholds unless 0.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "core/utc_offset.h"
#include "store/evidence_store.h"

namespace jaga::store {

struct RollupRules {
  // Every day, chart bucket and period of a report starts on a boundary of this window on the
  // office's clock (`zone`), so no report splits a roll-up.
  std::chrono::minutes window{10};
  UtcOffset zone;
  // The checks that may roll up, each with the longest silence between two of its results that
  // a report does not count as a gap (from the start of one to the start of the next).
  std::map<std::string, std::chrono::seconds> max_spacing;
  // Metrics whose every value a report reads (percentiles, time above a threshold).
  std::vector<std::string> equal_metrics;
};

struct RollupCount {
  int64_t rows_before = 0;  // rows that started before the cutoff, of checks that may roll up
  int64_t merged = 0;       // rows merged into others (and deleted)
};

// Rolls up the results that started before `cutoff` (rounded down to a window boundary, so a
// window is never split between two days' runs), in one transaction. A second call with the
// same cutoff merges nothing.
Result<RollupCount> roll_up_results_before(EvidenceStore& store, TimePoint cutoff,
                                           const RollupRules& rules);

}  // namespace jaga::store
