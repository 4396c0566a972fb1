// What the service runs and when: the `[schedule]` section of the configuration, validated.
// SOP-PIAK-07 step 1 ("menentukan waktu", determine the time) is this section.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "schedule/cron_expression.h"
#include "schedule/schedule.h"

namespace jaga::schedule {

// One check on one schedule. A check has at most one job, so the check's name is the job's.
struct Job {
  std::string check;  // a name from checks/registry.cpp
  Schedule when;
  bool heavy = false;  // held while a maintenance window is open
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
};

// Checks that are heavy unless a job says otherwise.
inline bool heavy_by_default(const std::string& check) { return check == "consistency"; }

// The jobs used when the configuration has no [schedule.jobs]: server and replication every
// minute, consistency daily at 02:00 (heavy).
std::vector<Job> default_jobs();

}  // namespace jaga::schedule
