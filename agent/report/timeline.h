// Follows each check on each host through a period: every change of status closes one incident
// and may open another, and a silence longer than the check's interval allows is a gap.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "report/summary.h"

namespace jaga::report {

class Timeline {
 public:
  explicit Timeline(const Period& period) : period_(period) {}

  // One result, in time order for its (check, host). `interval` is how often the check should run;
  // `summary_id` is `summary` in Indonesian. A roll-up of results alike from `at` to `last`
  // (store/result_rollup.h: none of them further from the next than a gap) is observed once,
  // with `last`; a single result has last == at.
  void observe(std::string_view check, std::string_view host, TimePoint at, TimePoint last,
               Status status, std::string_view summary, std::string_view summary_id,
               std::chrono::seconds interval);

  // Closes what is still open at the period's end (incidents marked open, trailing silences as
  // gaps) and appends incidents and gaps, ordered by start, to `out`.
  void finish(std::vector<Incident>& incidents, std::vector<Gap>& gaps);

 private:
  struct Stream {
    TimePoint last;
    std::chrono::seconds interval{60};
    bool incident_open = false;
    Incident incident;
  };
  void gap(const std::string& check, const std::string& host, TimePoint from, TimePoint to);

  Period period_;
  std::map<std::pair<std::string, std::string>, Stream> streams_;
  std::vector<Incident> incidents_;
  std::vector<Gap> gaps_;
};

// A gap is a silence longer than twice the expected interval: one late or missed run is not.
inline std::chrono::seconds gap_threshold(std::chrono::seconds interval) { return 2 * interval; }

}  // namespace jaga::report
