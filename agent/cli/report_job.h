// A report job of `jaga serve` ([[schedule.reports]]): drafts the last closed period of its kind
// through draft_and_register(), as `jaga report draft` does, and keeps the outcome in the
// evidence store as a result of check "report_daily" (weekly, monthly) for this host: OK when
// drafted or already drafted, CRIT with the reason when drafting failed. Never throws.
#pragma once

#include "checks/check.h"
#include "config/config.h"
#include "core/clock.h"
#include "schedule/plan.h"

namespace jaga::cli {

// REQUIRES: job.report is "daily", "weekly" or "monthly".
checks::CheckResult run_report_job(const config::Config& config, const schedule::Job& job,
                                   const Clock& clock);

}  // namespace jaga::cli
