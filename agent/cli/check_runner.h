// Running checks and keeping their results: what `jaga check` does once and `jaga serve` does on
// schedule, in one place so the two can never record evidence differently.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "checks/check.h"
#include "config/config.h"
#include "core/clock.h"
#include "core/result.h"
#include "output/check_output.h"

namespace jaga::cli {

// The named checks of `all`, in the order named, or every enabled one when `names` is empty.
// An unknown name is an Error listing the known ones.
Result<std::vector<checks::Check*>> select_checks(
    const std::vector<std::unique_ptr<checks::Check>>& all, const config::Config& config,
    const std::vector<std::string>& names);

struct RecordedRun {
  output::CheckRun run;       // every result, in the order run, then any store_result()
  bool store_failed = false;  // some of it could not be kept in the evidence store (logged)
};

// The name under which a problem of the evidence store joins the results of a run.
inline constexpr const char* kStoreResultName = "evidence_store";

// A result saying what went wrong with the evidence store: UNKNOWN when it was out of reach
// (results not kept: nothing proves them later), CRIT when SQLite or quick_check found it damaged.
checks::CheckResult store_result(Status status, const std::string& message, TimePoint at);

// Runs `chosen` one after another against the configured servers as one run of `command`
// ("check", "serve") and records the run and each result in the evidence store as soon as it is
// known, so a run killed halfway stays visible as interrupted. Before the run, the store's
// quick_check runs when none has passed for a day (EvidenceStore::quick_check). Logs each check's
// start and outcome. Never throws: a check that throws becomes UNKNOWN; a store that cannot be
// opened, verified or written is logged, reported through `store_failed` and added to the
// results as store_result(), so that it is part of the run's one status.
RecordedRun run_and_record(const config::Config& config, const std::vector<checks::Check*>& chosen,
                           std::string_view command, bool restart, const Clock& clock, Env& env);

}  // namespace jaga::cli
