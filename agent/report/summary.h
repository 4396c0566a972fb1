// What a report says, as plain values: the aggregate of one period's evidence. Built by
// aggregate_period (aggregator.h) from the evidence store; read by the renderers, which never
// touch the database.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "report/period.h"

namespace jaga::report {

// Values of one quantity in equal time buckets from `start` (nullopt: no sample in the bucket).
struct Series {
  TimePoint start;
  std::chrono::seconds step{0};
  std::vector<std::optional<double>> values;
};

// Whether one server answered the `server` check run on one host.
struct Availability {
  std::string host;    // where the check ran
  std::string server;  // "primary" or "backup"
  int64_t checks = 0;
  int64_t reached = 0;
  // Percent of the checks that reached the server; nullopt without checks (never 0).
  std::optional<double> percent() const {
    if (checks == 0) return std::nullopt;
    return 100.0 * static_cast<double>(reached) / static_cast<double>(checks);
  }
};

// Replication lag as the `replication` check measured it on one host.
struct LagSummary {
  std::string host;
  int64_t samples = 0;      // results with a lag
  int64_t without_lag = 0;  // results without one (threads stopped, server unreachable)
  double median = 0, p95 = 0, max = 0;
  double warn = 0, crit = 0;  // thresholds recorded with the samples (the latest)
  double seconds_above_warn = 0, seconds_above_crit = 0;
};

// Free space of one volume on one host, in percent.
struct VolumeSummary {
  std::string host;
  std::string name;
  double first = 0, last = 0, min = 0;
  std::optional<double> warn, crit;
  Series series;  // the lowest value in each bucket
};

struct ConsistencyRun {
  TimePoint started;
  std::string host;
  Status status = Status::kOk;
  std::optional<double> rows_compared;
  std::optional<double> differing_rows;
  std::vector<std::string> findings;  // masked messages of the run's findings
  std::string summary_id;             // what the run found, in Indonesian (finding_text.h)
};

struct BackupSummary {
  int64_t status_checks = 0;             // results of `backups`
  int64_t verified = 0;                  // of them OK: every set fresh, plausible and intact
  std::optional<double> newest_age_max;  // worst newest_backup_age_seconds seen
  int64_t taken = 0;                     // results of `backup`
  int64_t taken_ok = 0;
  double bytes = 0;
  std::optional<double> longest_seconds;
  int64_t restore_tests = 0;   // results of `restore_test`
  int64_t restore_passed = 0;  // OK with no differing table
  std::optional<double> restore_median, restore_max;
  // The trend, one bucket per day of the period: the largest backup taken (MiB) and the longest
  // restore test (seconds). A day without one is empty, never 0.
  Series size_mib_by_day;
  Series restore_seconds_by_day;
};

// One stretch of a check on one host in a status other than OK.
struct Incident {
  std::string check;
  std::string host;
  Status status = Status::kWarn;
  TimePoint start;
  TimePoint end;
  bool open = false;       // still in this status when the period ended
  std::string summary;     // the first result's summary (keys masked), English, for the JSON
  std::string summary_id;  // the same in Indonesian for the PDF (finding_text.h)
  double seconds() const { return std::chrono::duration<double>(end - start).count(); }
};

// Evidence that is missing.
struct Gap {
  enum class Kind {
    kNoResults,  // the check ran on this host but not for longer than its interval allows
    kNeverRun,   // no result of the check in the whole period
  };
  Kind kind = Kind::kNoResults;
  std::string check;
  std::string host;  // empty for kNeverRun and kNotChecked
  TimePoint start;
  TimePoint end;
  double seconds() const { return std::chrono::duration<double>(end - start).count(); }
};

// The gap table's rows: the gaps of one check on one host merged (or the check that never ran), so
// a week has a row per area and host instead of one per silence.
struct GapGroup {
  Gap::Kind kind = Gap::Kind::kNoResults;
  std::string check;
  std::string host;
  size_t count = 0;          // silences merged
  double total_seconds = 0;  // their sum (the check's own silences do not overlap)
  double longest_seconds = 0;
  TimePoint first_start;
  TimePoint last_end;
};

// Silences first, in the order they began, then the checks that never ran.
std::vector<GapGroup> group_gaps(const std::vector<Gap>& gaps);

struct CheckCounts {
  std::string check;
  std::string host;
  int64_t by_status[4] = {0, 0, 0, 0};  // indexed by Status
  double expected_interval_seconds = 0;
};

struct DaySummary {
  Date date;
  int64_t results = 0;
  std::optional<double> primary_percent, backup_percent;
  std::optional<double> lag_p95, lag_max;
  int64_t incidents = 0;              // incidents starting on the day
  std::optional<Status> consistency;  // worst consistency result of the day
  double gap_seconds = 0;             // time in which at least one check was silent
};

// The security check's results in the period: how many, the worst status, and the distinct
// findings it reported (account names and settings; no personal data of residents).
struct SecuritySummary {
  int64_t runs = 0;
  Status worst = Status::kOk;
  std::vector<std::string> findings;     // at most 20, first seen first
  std::vector<std::string> findings_id;  // the same in Indonesian (finding_text.h), deduplicated
};

struct Summary {
  Period period;
  int64_t results = 0;
  std::vector<CheckCounts> counts;
  std::vector<Availability> availability;
  std::vector<LagSummary> lag;
  Series lag_series;  // highest lag in each bucket, all hosts
  std::vector<VolumeSummary> volumes;
  std::vector<ConsistencyRun> consistency;
  BackupSummary backups;
  SecuritySummary security;
  std::vector<Incident> incidents;
  std::vector<Gap> gaps;
  std::vector<DaySummary> days;  // weekly and monthly reports
};

// The figures compared between a period and the one before it. A figure without evidence is
// nullopt ("tanpa data" on paper, null in JSON), never 0: 0 incidents in a period without a
// single result, or 0 differing rows without a consistency run, would read as health.
struct Headline {
  int64_t results = 0;
  std::optional<double> primary_percent, backup_percent;  // no `server` check
  std::optional<double> lag_p95, lag_max;                 // no lag sample
  std::optional<double> seconds_above_warn;               // no lag sample
  std::optional<int64_t> incidents;                       // no result at all
  std::optional<int64_t> consistency_runs;                // no consistency run
  std::optional<double> differing_rows;                   // no run that counted them
  std::optional<int64_t> backups_taken;                   // no result of `backup`
  double gap_seconds = 0;  // wall-clock time in which at least one check was silent
};
Headline headline(const Summary& summary);

// Seconds covered by the union of [from, to) intervals: overlaps count once.
double covered_seconds(std::vector<std::pair<TimePoint, TimePoint>> intervals);

}  // namespace jaga::report
