// Instants for schedule tests, written as calendar times, and a clock a test moves by hand.
#pragma once

#include <chrono>
#include <string>

#include "core/clock.h"
#include "schedule/schedule.h"

namespace jaga::schedule::testing {

// Western Indonesia Time, the office's zone.
inline const UtcOffset kWib{std::chrono::hours(7)};

// `y-mo-d h:mi:s` UTC.
inline TimePoint utc(int y, unsigned mo, unsigned d, int h = 0, int mi = 0, int s = 0) {
  using namespace std::chrono;
  return TimePoint(sys_days(year(y) / month(mo) / day(d))) + hours(h) + minutes(mi) + seconds(s);
}

// `y-mo-d h:mi:s` on the wall clock in WIB (UTC+7).
inline TimePoint wib(int y, unsigned mo, unsigned d, int h = 0, int mi = 0, int s = 0) {
  return utc(y, mo, d, h, mi, s) - std::chrono::hours(7);
}

// "2026-11-27 02:00:00 +07:00".
inline std::string in_wib(TimePoint t) { return format_in_zone(t, kWib); }

// A clock that stands still until the test moves it.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(TimePoint start) : now_(start) {}
  TimePoint now() const override { return now_; }
  void set(TimePoint t) { now_ = t; }
  void advance(std::chrono::seconds by) { now_ += by; }

 private:
  TimePoint now_;
};

}  // namespace jaga::schedule::testing
