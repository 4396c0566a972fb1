#include "schedule/schedule.h"

#include <fmt/format.h>

#include <cctype>
#include <cstdint>
#include <ctime>

#include "core/text.h"

namespace jaga::schedule {
namespace {

using std::chrono::days;
using std::chrono::floor;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

int to_int(std::string_view digits) {
  int n = 0;
  for (char c : digits) n = n * 10 + (c - '0');
  return n;
}

// Rounds toward negative infinity, so times before 1970 align like those after.
int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

}  // namespace

Result<Interval> Interval::parse(std::string_view text) {
  const std::string_view t = trim(text);
  const Error bad{fmt::format(
      "bad interval \"{}\": write a whole number with a unit s, m, h or d, e.g. \"30s\", "
      "\"15m\", \"1h30m\" or \"1d\"",
      text)};
  if (t.empty()) return bad;
  constexpr int64_t kMaxSeconds = 366LL * 86400;
  int64_t total = 0;
  size_t i = 0;
  while (i < t.size()) {
    size_t j = i;
    while (j < t.size() && t[j] >= '0' && t[j] <= '9') ++j;
    if (j == i || j == t.size() || j - i > 9) return bad;
    const int64_t n = to_int(t.substr(i, j - i));
    const char unit = t[j];
    const int64_t scale = unit == 's'   ? 1
                          : unit == 'm' ? 60
                          : unit == 'h' ? 3600
                          : unit == 'd' ? 86400
                                        : 0;
    if (scale == 0) return bad;
    total += n * scale;
    if (total > kMaxSeconds) {
      return Error{fmt::format("interval \"{}\" is too long: at most 366d", text)};
    }
    i = j + 1;
  }
  if (total < 1) return Error{fmt::format("interval \"{}\" is too short: at least 1s", text)};
  Interval interval;
  interval.period_ = seconds(total);
  return interval;
}

Result<Schedule> Schedule::parse_cron(std::string_view text) {
  const std::string_view t = trim(text);
  constexpr std::string_view kEvery = "@every";
  if (t.starts_with(kEvery) && t.size() > kEvery.size() &&
      std::isspace(static_cast<unsigned char>(t[kEvery.size()]))) {
    auto interval = Interval::parse(trim(t.substr(kEvery.size())));
    if (!interval) return interval.error();
    return Schedule(*interval, fmt::format("every {}", trim(t.substr(kEvery.size()))));
  }
  auto cron = CronExpression::parse(t);
  if (!cron && t.starts_with('@')) {
    return Error{cron.error().message +
                 "; a job also takes @every with an interval, e.g. @every 15m"};
  }
  if (!cron) return cron.error();
  return Schedule(*cron, fmt::format("cron \"{}\"", cron->text()));
}

Result<Schedule> Schedule::parse_every(std::string_view text) {
  auto interval = Interval::parse(text);
  if (!interval) return interval.error();
  return Schedule(*interval, fmt::format("every {}", trim(text)));
}

TimePoint Schedule::next_after(TimePoint after, UtcOffset zone) const {
  if (const auto* cron = std::get_if<CronExpression>(&when_)) {
    return zone.to_utc(cron->next_after(zone.to_local(after)));
  }
  const auto period =
      std::chrono::duration_cast<TimePoint::duration>(std::get<Interval>(when_).period()).count();
  const auto offset = std::chrono::duration_cast<TimePoint::duration>(zone.offset()).count();
  const int64_t local = after.time_since_epoch().count() + offset;
  const int64_t next_local = (floor_div(local, period) + 1) * period;
  return TimePoint(TimePoint::duration(next_local - offset));
}

std::string Schedule::describe() const { return text_; }

}  // namespace jaga::schedule
