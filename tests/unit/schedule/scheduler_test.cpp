#include "schedule/scheduler.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <map>
#include <string>

#include "tests/unit/schedule/times.h"

namespace jaga::schedule {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;
using testing::FakeClock;
using testing::in_wib;
using testing::kWib;
using testing::wib;

Job job(const std::string& check, const std::string& cron, bool heavy = false) {
  auto when = cron.starts_with('@') || cron.find(' ') != std::string::npos
                  ? Schedule::parse_cron(cron)
                  : Schedule::parse_every(cron);
  if (!when) FAIL(when.error().message);
  return Job{check, *when, heavy};
}

MaintenanceWindow window(const std::string& cron, int duration_minutes) {
  auto start = CronExpression::parse(cron);
  if (!start) FAIL(start.error().message);
  return MaintenanceWindow{*start, minutes(duration_minutes)};
}

Plan plan(std::vector<Job> jobs, std::vector<MaintenanceWindow> maintenance = {}) {
  return Plan{kWib, std::move(jobs), std::move(maintenance)};
}

// Past runs as the evidence store would report them.
Scheduler::LastRun past(std::map<std::string, TimePoint> last) {
  return [last](const std::string& check) -> std::optional<TimePoint> {
    auto it = last.find(check);
    if (it == last.end()) return std::nullopt;
    return it->second;
  };
}

std::string due(const Scheduler& s, const FakeClock& clock) {
  return s.due(clock.now()).value_or("(none)");
}

// Starts and at once finishes whatever is due, `clock` standing still; returns how many ran.
int run_all_due(Scheduler& s, const FakeClock& clock) {
  int runs = 0;
  while (const auto check = s.due(clock.now())) {
    s.started(*check);
    s.finished(*check, clock.now());
    ++runs;
  }
  return runs;
}

TEST_CASE("scheduler: a job that never ran waits for its first scheduled time",
          "[schedule][scheduler]") {
  FakeClock clock(wib(2026, 11, 27, 10, 0, 30));
  Scheduler s(plan({job("server", "1m")}), clock.now(), past({}));
  CHECK(due(s, clock) == "(none)");
  CHECK(in_wib(s.next_wakeup(clock.now())) == "2026-11-27 10:01:00 +07:00");
  clock.set(wib(2026, 11, 27, 10, 1));
  CHECK(due(s, clock) == "server");
}

TEST_CASE("scheduler: a running job is never due again until it finishes",
          "[schedule][scheduler]") {
  FakeClock clock(wib(2026, 11, 27, 10, 1));
  Scheduler s(plan({job("replication", "1m")}), wib(2026, 11, 27, 10, 0, 30), past({}));
  REQUIRE(due(s, clock) == "replication");
  s.started("replication");
  CHECK(s.running("replication"));
  for (int i = 0; i < 10; ++i) {
    clock.advance(minutes(1));
    CHECK(due(s, clock) == "(none)");
  }
  // Nothing else can become due, so there is nothing to wake up for.
  CHECK(s.next_wakeup(clock.now()) == TimePoint::max());
}

TEST_CASE("scheduler: times that pass while the job runs are skipped, not queued",
          "[schedule][scheduler]") {
  FakeClock clock(wib(2026, 11, 27, 10, 1));
  Scheduler s(plan({job("replication", "1m")}), wib(2026, 11, 27, 10, 0, 30), past({}));
  s.started("replication");
  clock.set(wib(2026, 11, 27, 10, 4, 30));
  s.finished("replication", clock.now());
  CHECK(due(s, clock) == "(none)");
  CHECK(in_wib(*s.next_due("replication")) == "2026-11-27 10:05:00 +07:00");
}

TEST_CASE("scheduler: after a long downtime a missed run is caught up once",
          "[schedule][scheduler]") {
  // The daily consistency run last finished three days ago: three 02:00 runs were missed.
  FakeClock clock(wib(2026, 11, 27, 9, 0));
  Scheduler s(plan({job("consistency", "0 2 * * *")}), clock.now(),
              past({{"consistency", wib(2026, 11, 24, 2, 40)}}));
  CHECK(in_wib(*s.next_due("consistency")) == "2026-11-25 02:00:00 +07:00");
  CHECK(run_all_due(s, clock) == 1);
  clock.advance(seconds(1));
  CHECK(run_all_due(s, clock) == 0);
  CHECK(in_wib(*s.next_due("consistency")) == "2026-11-28 02:00:00 +07:00");
}

Job report_job(const std::string& period, const std::string& cron) {
  Job j = job("", cron);
  j.report = period;
  return j;
}

TEST_CASE("scheduler: report jobs are named by period and catch up once after downtime",
          "[schedule][scheduler]") {
  // Daily at 01:00, weekly Mondays 01:00, monthly on the 1st at 01:00, next to a check job.
  // Down from Sunday 2026-11-29 00:30 until Tuesday 2026-12-01 09:00: two daily drafts, the
  // weekly one and the monthly one were missed.
  FakeClock clock(wib(2026, 12, 1, 9, 0));
  Scheduler s(plan({job("server", "1m"), report_job("daily", "0 1 * * *"),
                    report_job("weekly", "0 1 * * MON"), report_job("monthly", "0 1 1 * *")}),
              clock.now(),
              past({{"server", wib(2026, 11, 29, 0, 30)},
                    {"report_daily", wib(2026, 11, 28, 1, 0, 40)},
                    {"report_weekly", wib(2026, 11, 23, 1, 2)},
                    {"report_monthly", wib(2026, 11, 1, 1, 5)}}));
  CHECK(in_wib(*s.next_due("report_daily")) == "2026-11-29 01:00:00 +07:00");
  CHECK(in_wib(*s.next_due("report_weekly")) == "2026-11-30 01:00:00 +07:00");
  CHECK(in_wib(*s.next_due("report_monthly")) == "2026-12-01 01:00:00 +07:00");
  std::vector<std::string> started;
  while (const auto name = s.due(clock.now())) {
    s.started(*name);
    started.push_back(*name);
  }
  // Each once, the one due earliest first; none twice although several of its times passed.
  CHECK(started ==
        std::vector<std::string>{"server", "report_daily", "report_weekly", "report_monthly"});
  clock.advance(seconds(40));
  for (const std::string& name : started) s.finished(name, clock.now());
  CHECK(due(s, clock) == "(none)");
  CHECK(in_wib(*s.next_due("report_daily")) == "2026-12-02 01:00:00 +07:00");
  CHECK(in_wib(*s.next_due("report_weekly")) == "2026-12-07 01:00:00 +07:00");
  CHECK(in_wib(*s.next_due("report_monthly")) == "2027-01-01 01:00:00 +07:00");
  // The daily draft runs again at 01:00 the next day, and only then.
  clock.set(wib(2026, 12, 2, 0, 59, 59));
  CHECK(s.due(clock.now()) != std::optional<std::string>("report_daily"));
  clock.set(wib(2026, 12, 2, 1, 0));
  std::vector<std::string> next;
  while (const auto name = s.due(clock.now())) {
    s.started(*name);
    s.finished(*name, clock.now());
    next.push_back(*name);
  }
  CHECK(std::count(next.begin(), next.end(), "report_daily") == 1);
  CHECK(std::count(next.begin(), next.end(), "report_weekly") == 0);
}

TEST_CASE("scheduler: an interval job catches up once, not once per missed interval",
          "[schedule][scheduler]") {
  FakeClock clock(wib(2026, 11, 27, 13, 0, 20));
  Scheduler s(plan({job("server", "1m")}), clock.now(),
              past({{"server", wib(2026, 11, 27, 10, 0, 2)}}));  // 180 runs missed
  CHECK(run_all_due(s, clock) == 1);
  clock.set(wib(2026, 11, 27, 13, 0, 59));
  CHECK(run_all_due(s, clock) == 0);
  clock.set(wib(2026, 11, 27, 13, 1));
  CHECK(run_all_due(s, clock) == 1);
}

TEST_CASE("scheduler: a job that ran recently is not rerun on start", "[schedule][scheduler]") {
  FakeClock clock(wib(2026, 11, 27, 10, 0, 30));
  Scheduler s(plan({job("consistency", "0 2 * * *")}), clock.now(),
              past({{"consistency", wib(2026, 11, 27, 3, 10)}}));
  CHECK(due(s, clock) == "(none)");
  CHECK(in_wib(*s.next_due("consistency")) == "2026-11-28 02:00:00 +07:00");
}

TEST_CASE("scheduler: a last run in the future (clock set back) counts as now",
          "[schedule][scheduler]") {
  FakeClock clock(wib(2026, 11, 27, 10, 0, 30));
  Scheduler s(plan({job("server", "1m")}), clock.now(),
              past({{"server", wib(2026, 11, 28, 10, 0)}}));
  CHECK(in_wib(*s.next_due("server")) == "2026-11-27 10:01:00 +07:00");
  CHECK(*s.last_finished("server") == clock.now());
}

TEST_CASE("scheduler: the job due earliest goes first, ties in plan order",
          "[schedule][scheduler]") {
  FakeClock clock(wib(2026, 11, 27, 2, 0));
  Scheduler s(plan({job("server", "1m"), job("replication", "1m"), job("consistency", "@daily")}),
              wib(2026, 11, 26, 23, 0),
              past({{"consistency", wib(2026, 11, 25, 0, 10)}}));  // due since 26th 00:00
  CHECK(due(s, clock) == "consistency");
  s.started("consistency");
  CHECK(due(s, clock) == "server");
  s.started("server");
  CHECK(due(s, clock) == "replication");
  s.started("replication");
  CHECK(due(s, clock) == "(none)");
}

TEST_CASE("scheduler: a maintenance window holds heavy jobs only", "[schedule][scheduler]") {
  // Sunday 2026-11-29, window 01:00-03:00 WIB; consistency due at 02:00.
  FakeClock clock(wib(2026, 11, 29, 2, 0));
  Scheduler s(plan({job("consistency", "0 2 * * *", true), job("server", "1m")},
                   {window("0 1 * * 0", 120)}),
              wib(2026, 11, 29, 1, 59, 30), past({}));
  CHECK(due(s, clock) == "server");
  s.started("server");
  s.finished("server", clock.now());
  CHECK(due(s, clock) == "(none)");
  CHECK(s.held(clock.now()) == std::vector<std::string>{"consistency"});
  CHECK(in_wib(*s.maintenance_until(clock.now())) == "2026-11-29 03:00:00 +07:00");

  clock.set(wib(2026, 11, 29, 2, 59, 59));
  CHECK(run_all_due(s, clock) == 1);  // server only
  CHECK(s.running("consistency") == false);

  clock.set(wib(2026, 11, 29, 3, 0));
  CHECK(s.held(clock.now()).empty());
  CHECK(due(s, clock) == "consistency");
}

TEST_CASE("scheduler: held heavy jobs run once when the window closes", "[schedule][scheduler]") {
  FakeClock clock(wib(2026, 11, 29, 0, 30));
  Scheduler s(plan({job("consistency", "*/10 * * * *", true)}, {window("0 1 * * 0", 120)}),
              clock.now(), past({}));
  // The first run is at 00:40, the window opens at 01:00 and holds every run until 03:00.
  CHECK(in_wib(s.next_wakeup(clock.now())) == "2026-11-29 00:40:00 +07:00");
  clock.set(wib(2026, 11, 29, 0, 40));
  CHECK(run_all_due(s, clock) == 1);
  clock.set(wib(2026, 11, 29, 1, 0));
  CHECK(run_all_due(s, clock) == 0);
  CHECK(in_wib(s.next_wakeup(clock.now())) == "2026-11-29 03:00:00 +07:00");
  clock.set(wib(2026, 11, 29, 3, 0));
  CHECK(run_all_due(s, clock) == 1);
  CHECK(in_wib(*s.next_due("consistency")) == "2026-11-29 03:10:00 +07:00");
}

TEST_CASE("scheduler: the wakeup for a heavy job due inside a future window is the window's end",
          "[schedule][scheduler]") {
  FakeClock clock(wib(2026, 11, 28, 12, 0));  // Saturday; window Sunday 01:00-03:00
  Scheduler s(plan({job("consistency", "0 2 * * *", true)}, {window("0 1 * * SUN", 120)}),
              clock.now(), past({}));
  CHECK(in_wib(s.next_wakeup(clock.now())) == "2026-11-29 03:00:00 +07:00");
}

TEST_CASE("scheduler: windows that open before the last one closes count as one",
          "[schedule][scheduler]") {
  Scheduler s(plan({}, {window("0 1 * * *", 60), window("30 1 * * *", 90)}), wib(2026, 11, 27),
              past({}));
  CHECK(in_wib(*s.maintenance_until(wib(2026, 11, 27, 1, 10))) == "2026-11-27 03:00:00 +07:00");
  CHECK(in_wib(*s.maintenance_until(wib(2026, 11, 27, 1, 0))) == "2026-11-27 03:00:00 +07:00");
  CHECK(in_wib(*s.maintenance_until(wib(2026, 11, 27, 2, 59, 59))) == "2026-11-27 03:00:00 +07:00");
  CHECK_FALSE(s.maintenance_until(wib(2026, 11, 27, 3, 0)).has_value());
  CHECK_FALSE(s.maintenance_until(wib(2026, 11, 27, 0, 59, 59)).has_value());
}

TEST_CASE("scheduler: a window that reopens back to back extends to its last close",
          "[schedule][scheduler]") {
  // Hourly windows of 60 minutes between 01:00 and 03:00 join into 01:00-04:00.
  Scheduler s(plan({}, {window("0 1-3 * * *", 60)}), wib(2026, 11, 27), past({}));
  CHECK(in_wib(*s.maintenance_until(wib(2026, 11, 27, 1, 30))) == "2026-11-27 04:00:00 +07:00");
}

TEST_CASE("scheduler: windows follow the plan's zone", "[schedule][scheduler]") {
  Scheduler s(plan({}, {window("0 1 * * *", 60)}), wib(2026, 11, 27), past({}));
  // 18:30 UTC is 01:30 WIB.
  CHECK(s.maintenance_until(testing::utc(2026, 11, 26, 18, 30)).has_value());
  CHECK_FALSE(s.maintenance_until(testing::utc(2026, 11, 27, 1, 30)).has_value());
}

TEST_CASE("scheduler: finishing an unknown job (removed by a reload) is ignored",
          "[schedule][scheduler]") {
  FakeClock clock(wib(2026, 11, 27, 10, 0));
  Scheduler s(plan({job("server", "1m")}), clock.now(), past({}));
  s.started("consistency");
  s.finished("consistency", clock.now());
  CHECK_FALSE(s.running("consistency"));
  CHECK_FALSE(s.next_due("consistency").has_value());
}

TEST_CASE("scheduler: with no jobs there is nothing to wake up for", "[schedule][scheduler]") {
  Scheduler s(plan({}), wib(2026, 11, 27), past({}));
  CHECK(s.next_wakeup(wib(2026, 11, 27)) == TimePoint::max());
  CHECK_FALSE(s.due(wib(2026, 11, 27)).has_value());
}

}  // namespace
}  // namespace jaga::schedule
