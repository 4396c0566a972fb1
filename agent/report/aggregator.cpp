#include "report/aggregator.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>

#include "privacy/key_mask.h"
#include "report/finding_text.h"
#include "report/metric_scan.h"
#include "report/timeline.h"

namespace jaga::report {
namespace {

using std::chrono::seconds;

std::vector<std::string> finding_messages(std::string_view text) {
  std::vector<std::string> out;
  const auto j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_array()) return out;
  for (const auto& f : j) {
    if (f.is_object() && f.contains("message") && f["message"].is_string()) {
      out.push_back(privacy::mask_digit_runs(f["message"].get<std::string>()));
    }
  }
  return out;
}

Series empty_series(const Period& period) {
  Series s;
  s.start = period.start;
  s.step = bucket_step(period.kind);
  const auto total = std::chrono::duration_cast<seconds>(period.end - period.start);
  s.values.resize(static_cast<size_t>((total + s.step - seconds(1)) / s.step));
  return s;
}

// One bucket per day of the period (the office's days: the period starts at local midnight).
Series daily_series(const Period& period) {
  Series s;
  s.start = period.start;
  s.step = std::chrono::hours(24);
  s.values.resize(static_cast<size_t>(period.days()));
  return s;
}

// Folds `value` into the bucket of `at` with `pick` (max for lag, min for free space).
template <typename Pick>
void bucket(Series& s, TimePoint at, double value, Pick pick) {
  const auto offset = std::chrono::duration_cast<seconds>(at - s.start);
  if (offset.count() < 0) return;
  const auto i = static_cast<size_t>(offset / s.step);
  if (i >= s.values.size()) return;
  s.values[i] = s.values[i] ? pick(*s.values[i], value) : value;
}

// How long a sample holds: until the next one, but never longer than `limit` (0: no limit).
double held_seconds(TimePoint::duration until_next, seconds limit) {
  const double held = std::chrono::duration<double>(until_next).count();
  return limit.count() > 0 ? std::min(held, static_cast<double>(limit.count())) : held;
}

struct DayAccumulator {
  int64_t results = 0;
  int64_t checks[2] = {0, 0};
  int64_t reached[2] = {0, 0};
  std::vector<double> lags;
  std::optional<Status> consistency;
};

struct LagAccumulator {
  std::vector<double> values;
  std::optional<TimePoint> last_time;
  double last_value = 0;
  LagSummary summary;
};

class Aggregator {
 public:
  Aggregator(const Period& period, const std::vector<ExpectedCheck>& expected)
      : period_(period), expected_(expected), timeline_(period) {
    summary_.period = period;
    summary_.lag_series = empty_series(period);
    summary_.backups.size_mib_by_day = daily_series(period);
    summary_.backups.restore_seconds_by_day = daily_series(period);
    days_.resize(static_cast<size_t>(period.days()));
  }

  // A roll-up (row.repeats > 1) counts as its results from started_at to last_started_at. The
  // store rolls up only results in one ten-minute window of the office's clock (so on one day and
  // in one chart bucket of every period), spaced closer than a gap, alike in status, summary and
  // findings, with equal lag values under their thresholds; its metrics keep the first result's
  // value and the min, max and last of the values that differ (store/result_rollup.h).
  void add(const store::ResultRow& row) {
    // A row whose time is damaged belongs to no day of the period: it is not counted.
    const std::optional<TimePoint> parsed = parse_utc(row.started_at);
    if (!parsed) return;
    const TimePoint at = *parsed;
    const int64_t k = std::max<int64_t>(row.repeats, 1);
    const TimePoint last = k > 1 ? std::max(at, parse_utc(row.last_started_at).value_or(at)) : at;
    const std::string host(row.host);
    const seconds interval = interval_of(row.check);
    summary_.results += k;
    CheckCounts& c = counts_[{std::string(row.check), host}];
    c.by_status[static_cast<int>(row.status) & 3] += k;
    c.expected_interval_seconds = static_cast<double>(interval.count());
    // In Indonesian for the PDF, from the findings' kinds (finding_text.h); only a result that
    // may open an incident needs it.
    const std::string said =
        row.status == Status::kOk
            ? std::string()
            : indonesian_result(row.check, row.status, row.findings, scan(row.metrics));
    timeline_.observe(row.check, row.host, at, last, row.status, row.summary, said, interval);
    DayAccumulator* day = day_of(at);
    if (day) day->results += k;
    if (row.check == "server") return add_server(row, host, at, k, day);
    if (row.check == "replication") return add_replication(row, host, at, last, k, day);
    if (row.check == "consistency") return add_consistency(row, host, at, day, said);
    if (row.check == "backups") return add_backups(row, k);
    if (row.check == "backup") return add_backup(row, at);
    if (row.check == "restore_test") return add_restore_test(row, at);
    if (row.check == "security") return add_security(row, said);
  }

  Summary finish() {
    for (auto& [key, counts] : counts_) {
      counts.check = key.first;
      counts.host = key.second;
      summary_.counts.push_back(counts);
    }
    for (auto& [key, a] : availability_) summary_.availability.push_back(a);
    for (auto& [host, acc] : lag_) summary_.lag.push_back(finish_lag(acc));
    for (auto& [key, v] : volumes_) summary_.volumes.push_back(std::move(v));
    if (!restore_seconds_.empty()) {
      summary_.backups.restore_median = percentile(restore_seconds_, 50);
      summary_.backups.restore_max =
          *std::max_element(restore_seconds_.begin(), restore_seconds_.end());
    }
    timeline_.finish(summary_.incidents, summary_.gaps);
    add_missing_checks();
    if (period_.kind != PeriodKind::kDaily) finish_days();
    return std::move(summary_);
  }

 private:
  // The metrics of the current row; valid until the next call.
  const MetricList& scan(std::string_view text) {
    metrics_.scan(text);
    return metrics_;
  }

  seconds interval_of(std::string_view check) const {
    for (const auto& e : expected_) {
      if (e.name == check) return e.interval;
    }
    return seconds(0);
  }

  DayAccumulator* day_of(TimePoint at) {
    const int i = period_.day_index(at);
    return i >= 0 && i < static_cast<int>(days_.size()) ? &days_[static_cast<size_t>(i)] : nullptr;
  }

  void add_server(const store::ResultRow& row, const std::string& host, TimePoint at, int64_t k,
                  DayAccumulator* day) {
    const MetricList& metrics = scan(row.metrics);
    // A server the check reached has its uptime recorded; one it could not reach has none.
    for (int i = 0; i < 2; ++i) {
      const std::string who = i == 0 ? "primary" : "backup";
      Availability& a = availability_[{host, who}];
      a.host = host;
      a.server = who;
      const bool reached = metrics.find(who + "_uptime") != nullptr;
      a.checks += k;
      a.reached += reached ? k : 0;
      if (day) {
        day->checks[i] += k;
        day->reached[i] += reached ? k : 0;
      }
    }
    for (const auto& m : metrics.values()) {
      if (m.name.size() <= 12 || m.name.rfind("volume_", 0) != 0 ||
          m.name.compare(m.name.size() - 5, 5, "_free") != 0) {
        continue;
      }
      const std::string name(m.name.substr(7, m.name.size() - 12));
      auto [it, fresh] = volumes_.try_emplace({host, name});
      VolumeSummary& v = it->second;
      if (fresh) {
        v.host = host;
        v.name = name;
        v.first = m.value;
        v.min = m.min;
        v.series = empty_series(period_);
      }
      v.last = m.last;
      v.min = std::min(v.min, m.min);
      v.warn = m.warn;
      v.crit = m.crit;
      bucket(v.series, at, m.min, [](double a, double b) { return std::min(a, b); });
    }
  }

  // A roll-up's samples are `k` equal ones from `at` to `last`.
  void add_replication(const store::ResultRow& row, const std::string& host, TimePoint at,
                       TimePoint last, int64_t k, DayAccumulator* day) {
    const MetricList& metrics = scan(row.metrics);
    LagAccumulator& acc = lag_[host];
    acc.summary.host = host;
    const MetricValue* lag = metrics.find("replication_lag");
    if (acc.last_time) {
      // The previous sample holds until this one, but never longer than a gap allows.
      const double held =
          held_seconds(at - *acc.last_time, gap_threshold(interval_of("replication")));
      if (acc.last_value >= acc.summary.crit && acc.summary.crit > 0) {
        acc.summary.seconds_above_crit += held;
      }
      if (acc.last_value >= acc.summary.warn && acc.summary.warn > 0) {
        acc.summary.seconds_above_warn += held;
      }
    }
    if (!lag) {
      acc.summary.without_lag += k;
      acc.last_time.reset();
      return;
    }
    acc.values.insert(acc.values.end(), static_cast<size_t>(k), lag->value);
    if (lag->warn) acc.summary.warn = *lag->warn;
    if (lag->crit) acc.summary.crit = *lag->crit;
    acc.last_time = at;
    acc.last_value = lag->value;
    if (k > 1) {
      // Inside a roll-up each sample held until the next: the whole span. (The store rolls up
      // only lag under both thresholds, so this adds nothing to a report drafted from its rows.)
      if (acc.summary.crit > 0 && lag->value >= acc.summary.crit) {
        acc.summary.seconds_above_crit += held_seconds(last - at, seconds(0));
      }
      if (acc.summary.warn > 0 && lag->value >= acc.summary.warn) {
        acc.summary.seconds_above_warn += held_seconds(last - at, seconds(0));
      }
      acc.last_time = last;
    }
    bucket(summary_.lag_series, at, lag->value, [](double a, double b) { return std::max(a, b); });
    if (day) day->lags.insert(day->lags.end(), static_cast<size_t>(k), lag->value);
  }

  LagSummary finish_lag(LagAccumulator& acc) {
    if (acc.last_time) {
      const double held = held_seconds(period_.end - *acc.last_time, interval_of("replication"));
      if (acc.summary.crit > 0 && acc.last_value >= acc.summary.crit) {
        acc.summary.seconds_above_crit += held;
      }
      if (acc.summary.warn > 0 && acc.last_value >= acc.summary.warn) {
        acc.summary.seconds_above_warn += held;
      }
    }
    acc.summary.samples = static_cast<int64_t>(acc.values.size());
    if (!acc.values.empty()) {
      acc.summary.max = *std::max_element(acc.values.begin(), acc.values.end());
      acc.summary.p95 = percentile(acc.values, 95);
      acc.summary.median = percentile(acc.values, 50);
    }
    return acc.summary;
  }

  // `said`: the result in Indonesian (empty for an OK one).
  void add_consistency(const store::ResultRow& row, const std::string& host, TimePoint at,
                       DayAccumulator* day, const std::string& said) {
    const MetricList& metrics = scan(row.metrics);
    ConsistencyRun run;
    run.started = at;
    run.host = host;
    run.status = row.status;
    if (auto m = metrics.find("rows_compared")) run.rows_compared = m->value;
    if (auto m = metrics.find("differing_rows")) run.differing_rows = m->value;
    run.findings = finding_messages(row.findings);
    run.summary_id = row.status != Status::kOk ? said
                     : run.rows_compared       ? "semua baris sama di kedua server"
                                               : indonesian_summary(row.check, row.status, metrics);
    if (run.findings.empty() && !row.summary.empty()) {
      run.findings.push_back(privacy::mask_digit_runs(row.summary));
    }
    summary_.consistency.push_back(std::move(run));
    if (day)
      day->consistency = day->consistency ? worse(*day->consistency, row.status) : row.status;
  }

  void add_backups(const store::ResultRow& row, int64_t k) {
    BackupSummary& b = summary_.backups;
    b.status_checks += k;
    if (row.status == Status::kOk) b.verified += k;
    const MetricList& metrics = scan(row.metrics);
    if (auto m = metrics.find("newest_backup_age_seconds")) {
      b.newest_age_max = b.newest_age_max ? std::max(*b.newest_age_max, m->max) : m->max;
    }
  }

  void add_backup(const store::ResultRow& row, TimePoint at) {
    BackupSummary& b = summary_.backups;
    const MetricList& metrics = scan(row.metrics);
    ++b.taken;
    if (row.status == Status::kOk) ++b.taken_ok;
    if (auto m = metrics.find("bytes")) {
      b.bytes += m->value;
      bucket(b.size_mib_by_day, at, m->value / (1024.0 * 1024),
             [](double a, double v) { return std::max(a, v); });
    }
    if (auto m = metrics.find("duration_seconds")) {
      b.longest_seconds = b.longest_seconds ? std::max(*b.longest_seconds, m->value) : m->value;
    }
  }

  void add_restore_test(const store::ResultRow& row, TimePoint at) {
    BackupSummary& b = summary_.backups;
    const MetricList& metrics = scan(row.metrics);
    ++b.restore_tests;
    const MetricValue* differing = metrics.find("tables_differing");
    if (row.status == Status::kOk && (!differing || differing->value == 0)) ++b.restore_passed;
    if (auto m = metrics.find("restore_seconds")) {
      restore_seconds_.push_back(m->value);
      bucket(b.restore_seconds_by_day, at, m->value,
             [](double a, double v) { return std::max(a, v); });
    }
  }

  void add_security(const store::ResultRow& row, const std::string& said) {
    SecuritySummary& s = summary_.security;
    ++s.runs;
    s.worst = worse(s.worst, row.status);
    if (row.status == Status::kOk || s.findings.size() >= 20) return;
    const auto add_once = [](std::vector<std::string>& list, std::string text) {
      if (std::find(list.begin(), list.end(), text) == list.end()) list.push_back(std::move(text));
    };
    add_once(s.findings, std::string(row.summary));
    add_once(s.findings_id, said);
  }

  void add_missing_checks() {
    for (const auto& e : expected_) {
      const bool seen = std::any_of(summary_.counts.begin(), summary_.counts.end(),
                                    [&](const CheckCounts& c) { return c.check == e.name; });
      if (!seen) {
        summary_.gaps.push_back(Gap{Gap::Kind::kNeverRun, e.name, "", period_.start, period_.end});
      }
    }
  }

  void finish_days();

  const Period& period_;
  const std::vector<ExpectedCheck>& expected_;
  Timeline timeline_;
  Summary summary_;
  std::vector<DayAccumulator> days_;
  std::map<std::pair<std::string, std::string>, CheckCounts> counts_;
  std::map<std::pair<std::string, std::string>, Availability> availability_;
  std::map<std::string, LagAccumulator> lag_;
  std::map<std::pair<std::string, std::string>, VolumeSummary> volumes_;
  std::vector<double> restore_seconds_;
  MetricList metrics_;
};

void Aggregator::finish_days() {
  const std::vector<Period> days = days_of(period_);
  for (size_t i = 0; i < days.size(); ++i) {
    DayAccumulator& acc = days_[i];
    DaySummary d;
    d.date = days[i].first;
    d.results = acc.results;
    if (acc.checks[0] > 0) d.primary_percent = 100.0 * acc.reached[0] / acc.checks[0];
    if (acc.checks[1] > 0) d.backup_percent = 100.0 * acc.reached[1] / acc.checks[1];
    if (!acc.lags.empty()) {
      d.lag_max = *std::max_element(acc.lags.begin(), acc.lags.end());
      d.lag_p95 = percentile(acc.lags, 95);
    }
    d.consistency = acc.consistency;
    for (const Incident& inc : summary_.incidents) {
      if (inc.start >= days[i].start && inc.start < days[i].end) ++d.incidents;
    }
    std::vector<std::pair<TimePoint, TimePoint>> silences;
    for (const Gap& g : summary_.gaps) {
      if (g.kind == Gap::Kind::kNoResults && g.end > days[i].start && g.start < days[i].end) {
        silences.emplace_back(std::max(g.start, days[i].start), std::min(g.end, days[i].end));
      }
    }
    d.gap_seconds = covered_seconds(std::move(silences));
    // As in the headline: a day without a single result had no evidence from start to end.
    if (d.results == 0) {
      d.gap_seconds = std::chrono::duration<double>(days[i].end - days[i].start).count();
    }
    summary_.days.push_back(d);
  }
}

}  // namespace

std::chrono::seconds bucket_step(PeriodKind kind) {
  switch (kind) {
    case PeriodKind::kDaily:
      return std::chrono::minutes(10);
    case PeriodKind::kWeekly:
      return std::chrono::hours(1);
    case PeriodKind::kMonthly:
      return std::chrono::hours(3);
  }
  return std::chrono::hours(1);
}

double percentile(std::vector<double>& values, double p) {
  const size_t n = values.size();
  size_t rank = static_cast<size_t>(std::ceil(p / 100.0 * static_cast<double>(n)));
  rank = std::clamp<size_t>(rank, 1, n);
  std::nth_element(values.begin(), values.begin() + static_cast<long>(rank - 1), values.end());
  return values[rank - 1];
}

Result<Summary> aggregate_period(const store::EvidenceStore& store, const Period& period,
                                 const std::vector<ExpectedCheck>& expected) {
  Aggregator aggregator(period, expected);
  auto scanned = store.scan_results(format_utc(period.start), format_utc(period.end),
                                    [&](const store::ResultRow& row) { aggregator.add(row); });
  if (!scanned) return scanned.error();
  return aggregator.finish();
}

}  // namespace jaga::report
