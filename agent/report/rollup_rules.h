// What a report reads of old results, as rules for the store's roll-ups (store/result_rollup.h):
// results the aggregator (report/aggregator.cpp) would fold alike may merge, so that a report
// drafts exactly the same from the roll-ups as from the raw rows.
#pragma once

#include <vector>

#include "config/config.h"
#include "core/clock.h"
#include "report/aggregator.h"
#include "store/result_rollup.h"

namespace jaga::report {

// The rules for reports drafted with `expected` (report.h's expected_checks at each local
// midnight a period may start on) in the office's `zone`:
// - ten-minute windows of the office's clock: every day starts on one, and every chart bucket
//   (bucket_step) is a whole number of them, so a roll-up lies in one bucket of every period;
// - only the checks that run often and whose metrics the aggregator reads as counts, presence
//   or min / max / first / last (server, replication, backups), each only while it is scheduled,
//   and never further apart than a gap (gap_threshold) of the shortest interval in `expected`;
// - replication lag, whose every sample feeds percentiles and time above a threshold, only with
//   equal values under both thresholds.
// Consistency, backup, restore_test and security results, read one by one, never roll up.
store::RollupRules rollup_rules(const std::vector<std::vector<ExpectedCheck>>& expected,
                                UtcOffset zone);

// The rules for `config`'s schedule and office zone (report.zone), with the intervals at the
// local midnights of the 35 days before `cutoff`.
store::RollupRules rollup_rules(const config::Config& config, TimePoint cutoff);

}  // namespace jaga::report
