#include "backup/retention.h"

#include <algorithm>
#include <map>
#include <set>

namespace jaga::backup {

std::vector<std::string> select_for_deletion(std::vector<RetentionItem> good,
                                             const RetentionPolicy& policy,
                                             const std::string& always_keep) {
  std::sort(good.begin(), good.end(),
            [](const RetentionItem& a, const RetentionItem& b) { return a.started > b.started; });
  std::set<std::string> keep;
  if (!good.empty()) keep.insert(good.front().name);
  if (!always_keep.empty()) keep.insert(always_keep);

  using std::chrono::days;
  auto day_of = [&](TimePoint t) {
    return std::chrono::floor<days>(t + policy.utc_offset).time_since_epoch().count();
  };
  // 1970-01-01 was a Thursday: shifting by 3 days makes weeks start on Monday.
  auto week_of = [&](TimePoint t) { return (day_of(t) + 3) / 7 - (day_of(t) + 3 < 0 ? 1 : 0); };
  auto month_of = [&](TimePoint t) {
    const std::chrono::year_month_day ymd{std::chrono::sys_days{days{day_of(t)}}};
    return static_cast<int64_t>(static_cast<int>(ymd.year())) * 12 +
           static_cast<int64_t>(static_cast<unsigned>(ymd.month()));
  };
  auto apply = [&](int64_t count, auto period_of) {
    std::set<int64_t> periods;
    for (const auto& item : good) {  // newest first: the first of each period is its newest
      const int64_t p = period_of(item.started);
      if (periods.contains(p)) continue;
      if (static_cast<int64_t>(periods.size()) >= count) break;
      periods.insert(p);
      keep.insert(item.name);
    }
  };
  apply(policy.daily, day_of);
  apply(policy.weekly, week_of);
  apply(policy.monthly, month_of);

  std::vector<std::string> out;
  for (auto it = good.rbegin(); it != good.rend(); ++it) {
    if (!keep.contains(it->name)) out.push_back(it->name);
  }
  return out;
}

}  // namespace jaga::backup
