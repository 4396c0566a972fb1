#include "report/summary.h"

#include <algorithm>
#include <optional>
#include <utility>
#include <vector>

namespace jaga::report {

namespace {

// Availability of one server across the hosts that checked it, weighting each check equally.
std::optional<double> availability_of(const Summary& s, const std::string& server) {
  int64_t checks = 0, reached = 0;
  for (const Availability& a : s.availability) {
    if (a.server != server) continue;
    checks += a.checks;
    reached += a.reached;
  }
  if (checks == 0) return std::nullopt;
  return 100.0 * static_cast<double>(reached) / static_cast<double>(checks);
}

}  // namespace

double covered_seconds(std::vector<std::pair<TimePoint, TimePoint>> intervals) {
  std::sort(intervals.begin(), intervals.end());
  double total = 0;
  std::optional<std::pair<TimePoint, TimePoint>> open;
  for (const auto& [from, to] : intervals) {
    if (open && from <= open->second) {
      open->second = std::max(open->second, to);
      continue;
    }
    if (open) total += std::chrono::duration<double>(open->second - open->first).count();
    open = std::make_pair(from, to);
  }
  if (open) total += std::chrono::duration<double>(open->second - open->first).count();
  return total;
}

Headline headline(const Summary& s) {
  Headline h;
  h.results = s.results;
  h.primary_percent = availability_of(s, "primary");
  h.backup_percent = availability_of(s, "backup");
  for (const LagSummary& l : s.lag) {
    if (l.samples == 0) continue;
    h.lag_p95 = std::max(h.lag_p95.value_or(0), l.p95);
    h.lag_max = std::max(h.lag_max.value_or(0), l.max);
    h.seconds_above_warn = h.seconds_above_warn.value_or(0) + l.seconds_above_warn;
  }
  if (s.results > 0) h.incidents = static_cast<int64_t>(s.incidents.size());
  if (!s.consistency.empty()) h.consistency_runs = static_cast<int64_t>(s.consistency.size());
  for (const ConsistencyRun& r : s.consistency) {
    if (r.differing_rows) h.differing_rows = h.differing_rows.value_or(0) + *r.differing_rows;
  }
  if (s.backups.taken > 0) h.backups_taken = s.backups.taken;
  // Wall-clock time in which some check was silent: overlapping silences of several checks
  // (the agent was down) count once.
  std::vector<std::pair<TimePoint, TimePoint>> silences;
  for (const Gap& g : s.gaps) {
    if (g.kind == Gap::Kind::kNoResults) silences.emplace_back(g.start, g.end);
  }
  h.gap_seconds = covered_seconds(std::move(silences));
  // Never-run checks are left out above (an unscheduled check would fill every period), but a
  // period without a single result had no evidence at all, from its start to its end.
  if (s.results == 0) {
    h.gap_seconds = std::chrono::duration<double>(s.period.end - s.period.start).count();
  }
  return h;
}

std::vector<GapGroup> group_gaps(const std::vector<Gap>& gaps) {
  std::vector<GapGroup> groups;
  for (const Gap& g : gaps) {
    auto it = std::find_if(groups.begin(), groups.end(), [&](const GapGroup& x) {
      return x.kind == g.kind && x.check == g.check && x.host == g.host;
    });
    if (it == groups.end()) {
      groups.push_back(GapGroup{g.kind, g.check, g.host, 0, 0, 0, g.start, g.end});
      it = std::prev(groups.end());
    }
    ++it->count;
    it->total_seconds += g.seconds();
    it->longest_seconds = std::max(it->longest_seconds, g.seconds());
    it->first_start = std::min(it->first_start, g.start);
    it->last_end = std::max(it->last_end, g.end);
  }
  std::stable_sort(groups.begin(), groups.end(), [](const GapGroup& a, const GapGroup& b) {
    const bool a_never = a.kind == Gap::Kind::kNeverRun;
    const bool b_never = b.kind == Gap::Kind::kNeverRun;
    if (a_never != b_never) return b_never;
    return !a_never && a.first_start < b.first_start;
  });
  return groups;
}

}  // namespace jaga::report
