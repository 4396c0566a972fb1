// What the service runs and when: the `[schedule]` section of the configuration, validated.
// SOP-PIAK-07 step 1 ("menentukan waktu", determine the time) is this section.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "core/check_names.h"
#include "schedule/cron_expression.h"
#include "schedule/schedule.h"

namespace jaga::schedule {

// One check, or the drafting of one kind of report, on one schedule. A check has at most one
// job and so has each report period, so name() identifies the job.
struct Job {
  std::string check;  // a name of core/check_names.h; empty for a report job
  Schedule when;
  bool heavy = false;  // held while a maintenance window is open
  // A report job: the period it drafts, "daily", "weekly" or "monthly" (the last one closed).
  std::string report = {};  // (initialized: aggregate initialization may leave it out)

  // The check's name, or "report_daily", "report_weekly", "report_monthly".
  std::string name() const { return report.empty() ? check : "report_" + report; }
};

// While open, heavy jobs do not start; one that fell due waits for the window to close and then
// runs once. A heavy check already running when a window opens is not interrupted.
struct MaintenanceWindow {
  CronExpression start;  // when the window opens (local time of the plan's zone)
  std::chrono::minutes duration;
};

struct Plan {
  UtcOffset zone;
  std::vector<Job> jobs;
  std::vector<MaintenanceWindow> maintenance;
  bool default_jobs = true;  // `jobs` are default_jobs(): the configuration gives none
  // No [[schedule.reports]]: `jobs` end with default_report_jobs(), except on the backup host's
  // agent, which leaves drafting to the coordinator (config_loader.cpp).
  bool default_reports = true;
};

// Checks that are heavy unless a job says otherwise.
inline bool heavy_by_default(const std::string& check) {
  return check == check_names::kConsistency;
}

// The jobs used when the configuration has no [schedule.jobs]: server and replication every
// minute, consistency daily at 02:00 (heavy).
std::vector<Job> default_jobs();

// The report jobs used when the configuration has no [[schedule.reports]]: the daily report at
// 01:00, the weekly on Mondays and the monthly on the 1st, each at 01:00 (SOP step 2).
std::vector<Job> default_report_jobs();

}  // namespace jaga::schedule
