#include "report/rollup_rules.h"

#include <algorithm>
#include <optional>

#include "report/period.h"
#include "report/report.h"
#include "report/timeline.h"

namespace jaga::report {

store::RollupRules rollup_rules(const std::vector<std::vector<ExpectedCheck>>& expected,
                                UtcOffset zone) {
  store::RollupRules rules;
  rules.window = std::chrono::minutes(10);
  rules.zone = zone;
  rules.equal_metrics = {"replication_lag"};
  for (const char* check : {"server", "replication", "backups"}) {
    std::optional<std::chrono::seconds> shortest;
    bool always = !expected.empty();
    for (const std::vector<ExpectedCheck>& at : expected) {
      auto it = std::find_if(at.begin(), at.end(),
                             [&](const ExpectedCheck& e) { return e.name == check; });
      if (it == at.end() || it->interval.count() <= 0) {
        always = false;
        break;
      }
      shortest = shortest ? std::min(*shortest, it->interval) : it->interval;
    }
    if (always && shortest) rules.max_spacing[check] = gap_threshold(*shortest);
  }
  return rules;
}

store::RollupRules rollup_rules(const config::Config& config, TimePoint cutoff) {
  const UtcOffset zone = config.report.zone;
  std::vector<std::vector<ExpectedCheck>> expected;
  Period day = period_containing(PeriodKind::kDaily, local_date(cutoff, zone), zone);
  for (int i = 0; i < 35; ++i) {
    expected.push_back(expected_checks(config, day.start));
    day = previous_period(day);
  }
  return rollup_rules(expected, zone);
}

}  // namespace jaga::report
