// The seam for time: schedules, report periods and timestamps read the clock through this
// interface so tests can fix it.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace jaga {

using TimePoint = std::chrono::system_clock::time_point;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint now() const = 0;
};

class SystemClock final : public Clock {
 public:
  TimePoint now() const override { return std::chrono::system_clock::now(); }
};

// RFC 3339 in UTC with milliseconds: "2026-11-26T21:40:12.345Z". Sorts as text.
std::string format_utc(TimePoint time);
// The same instant in the host's local time zone for people: "2026-11-27 04:40:12 +0700".
std::string format_local(TimePoint time);

}  // namespace jaga

namespace jaga {
// A duration for people: "45 s", "12 min 5 s", "3 h 20 min", "4 d 2 h".
std::string format_duration(double seconds);
}  // namespace jaga

namespace jaga {
// A point in the past for `--since`: a relative age ("90s", "30m", "24h", "7d") counted back
// from `now`, or a local date or date-time ("2026-11-01", "2026-11-01 08:00",
// "2026-11-01T08:00:30").
Result<TimePoint> parse_since(std::string_view text, TimePoint now);
}  // namespace jaga

namespace jaga {
// The inverse of format_utc ("2026-11-26T21:40:12.345Z"); nullopt for any other text.
std::optional<TimePoint> parse_utc(std::string_view text);
}  // namespace jaga
