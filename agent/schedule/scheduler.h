// Decides which job runs when. Pure logic: it is told the time and what started and finished,
// and never sleeps, reads a clock or starts anything itself, so tests drive it with a fake clock.
//
// Guarantees:
//  - A job never overlaps itself: a running job is never due.
//  - A missed run is caught up once. A job is due at its first scheduled time after its last
//    run finished; when the agent was down (or the job waited behind others) for many scheduled
//    times, that one time is in the past, so the job is due at once, and after it has run its
//    next time is again in the future. Scheduled times that pass while the job itself runs are
//    skipped, not queued.
//  - Heavy jobs do not start while a maintenance window is open; one that fell due runs once
//    when the window (and any window that opens before it closes) has closed.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "schedule/plan.h"

namespace jaga::schedule {

class Scheduler {
 public:
  // When the job named `job` (Job::name()) last finished a run before this scheduler existed;
  // nullopt when never.
  using LastRun = std::function<std::optional<TimePoint>(const std::string& job)>;

  // Starts following `plan` at `now`. A job that last finished at T is next due at its first
  // scheduled time after T (a time after `now` counts as `now`: the clock went back); a job that
  // never ran is due at its first scheduled time after `now`.
  Scheduler(Plan plan, TimePoint now, const LastRun& last_run);

  // The job to start at `now`, if any: due, not running, not held by maintenance. The one due
  // earliest goes first; ties go in plan order.
  std::optional<std::string> due(TimePoint now) const;

  // Heavy jobs that are due at `now` but held by an open maintenance window.
  std::vector<std::string> held(TimePoint now) const;

  // Marks the job running. Unknown jobs are ignored (a reload may have removed the job).
  void started(const std::string& job);
  // Marks the job finished at `now`; it is next due at its first scheduled time after `now`.
  // Unknown jobs are ignored.
  void finished(const std::string& job, TimePoint now);

  // The earliest moment after which due() may answer differently without started() or
  // finished() being called: a job's due time, or the end of the window holding a heavy job.
  // TimePoint::max() when no job can ever become due (no jobs, or all running).
  TimePoint next_wakeup(TimePoint now) const;

  // When `now` lies in a maintenance window: when it closes, counting windows that open before
  // the previous one closes as one.
  std::optional<TimePoint> maintenance_until(TimePoint now) const;

  const Plan& plan() const { return plan_; }
  bool running(const std::string& job) const;
  std::optional<TimePoint> next_due(const std::string& job) const;
  // The last finish this scheduler knows of: given at construction or reported by finished().
  std::optional<TimePoint> last_finished(const std::string& job) const;

 private:
  struct State {
    TimePoint next_due;
    std::optional<TimePoint> last_finished;
    bool running = false;
  };
  std::optional<size_t> index(const std::string& job) const;
  // The earliest moment (`now` or later) job number `job` may start: its due time, or for a
  // heavy job the close of the maintenance window open then.
  TimePoint startable_at(size_t job, TimePoint now) const;
  std::optional<TimePoint> window_end(const MaintenanceWindow& window, TimePoint now) const;

  Plan plan_;
  std::vector<State> states_;  // parallel to plan_.jobs
};

}  // namespace jaga::schedule
