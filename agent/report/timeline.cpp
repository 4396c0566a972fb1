#include "report/timeline.h"

#include <algorithm>

#include "privacy/key_mask.h"

namespace jaga::report {

void Timeline::gap(const std::string& check, const std::string& host, TimePoint from,
                   TimePoint to) {
  gaps_.push_back(Gap{Gap::Kind::kNoResults, check, host, from, to});
}

void Timeline::observe(std::string_view check, std::string_view host, TimePoint at, TimePoint last,
                       Status status, std::string_view summary, std::string_view summary_id,
                       std::chrono::seconds interval) {
  auto key = std::make_pair(std::string(check), std::string(host));
  auto it = streams_.find(key);
  if (it == streams_.end()) {
    it = streams_.emplace(key, Stream{period_.start, interval, false, {}}).first;
  }
  Stream& s = it->second;
  s.interval = interval;
  if (interval.count() > 0 && at - s.last > gap_threshold(interval))
    gap(key.first, key.second, s.last, at);
  s.last = std::max(at, last);
  if (s.incident_open && s.incident.status != status) {
    s.incident.end = at;
    incidents_.push_back(std::move(s.incident));
    s.incident_open = false;
  }
  if (!s.incident_open && status != Status::kOk) {
    s.incident = Incident{key.first,
                          key.second,
                          status,
                          at,
                          at,
                          false,
                          privacy::mask_digit_runs(summary),
                          std::string(summary_id)};
    s.incident_open = true;
  }
}

void Timeline::finish(std::vector<Incident>& incidents, std::vector<Gap>& gaps) {
  for (auto& [key, s] : streams_) {
    if (s.interval.count() > 0 && period_.end - s.last > gap_threshold(s.interval)) {
      gap(key.first, key.second, s.last, period_.end);
    }
    if (s.incident_open) {
      s.incident.end = period_.end;
      s.incident.open = true;
      incidents_.push_back(std::move(s.incident));
      s.incident_open = false;
    }
  }
  std::stable_sort(incidents_.begin(), incidents_.end(),
                   [](const Incident& a, const Incident& b) { return a.start < b.start; });
  std::stable_sort(gaps_.begin(), gaps_.end(),
                   [](const Gap& a, const Gap& b) { return a.start < b.start; });
  incidents.insert(incidents.end(), incidents_.begin(), incidents_.end());
  gaps.insert(gaps.end(), gaps_.begin(), gaps_.end());
  incidents_.clear();
  gaps_.clear();
  streams_.clear();
}

}  // namespace jaga::report
