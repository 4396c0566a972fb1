// Aggregates one period's evidence into a Summary, streaming the store's rows once.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "report/summary.h"
#include "store/evidence_store.h"

namespace jaga::report {

// A check the report expects evidence of, and how often it should run. Results further apart
// than twice the interval (or missing for that long at either end of the period) are a gap. An
// interval of 0 (a check without a job in the schedule) gives only "never run" gaps.
struct ExpectedCheck {
  std::string name;
  std::chrono::seconds interval{0};
};

// Reads the results of `period` and aggregates them. Checks in `expected` without any result in
// the period become "never run" gaps; a check in neither list nor the store is left out, and
Result<Summary> aggregate_period(const store::EvidenceStore& store, const Period& period,
                                 const std::vector<ExpectedCheck>& expected);

// The width of a chart bucket for a period of `kind`: 10 min a day, 1 h a week, 3 h a month.
std::chrono::seconds bucket_step(PeriodKind kind);

// Nearest-rank percentile (0 < p <= 100) of `values`, which it reorders. REQUIRES: non-empty.
double percentile(std::vector<double>& values, double p);

}  // namespace jaga::report
