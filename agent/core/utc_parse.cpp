#include <cstdio>
#include <string>

#include "core/clock.h"

namespace jaga {

std::optional<TimePoint> parse_utc(std::string_view text) {
  const std::string copy(text);
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0, ms = 0, end = 0;
  if (std::sscanf(copy.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d.%3dZ%n", &y, &mo, &d, &h, &mi, &s, &ms,
                  &end) != 7 ||
      static_cast<size_t>(end) != copy.size()) {
    return std::nullopt;
  }
  const std::chrono::year_month_day day{std::chrono::year(y), std::chrono::month(mo),
                                        std::chrono::day(d)};
  if (!day.ok() || h > 23 || mi > 59 || s > 60 || h < 0 || mi < 0 || s < 0 || ms < 0) {
    return std::nullopt;
  }
  return TimePoint(std::chrono::sys_days(day)) + std::chrono::hours(h) + std::chrono::minutes(mi) +
         std::chrono::seconds(s) + std::chrono::milliseconds(ms);
}

}  // namespace jaga
