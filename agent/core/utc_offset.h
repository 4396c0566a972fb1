// The office's time zone as a fixed offset from UTC, and times on its wall clock. Indonesia has
// not used daylight saving time since 1964: a fixed offset makes every local minute happen
// exactly once. Used by schedules, reports, the agenda book and the SOP chain alike.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/result.h"

namespace jaga {

// A minute on a wall clock, counted like sys_time (no zone of its own).
using LocalMinutes = std::chrono::sys_time<std::chrono::minutes>;

// A fixed offset from UTC, east positive.
class UtcOffset {
 public:
  UtcOffset() = default;
  explicit UtcOffset(std::chrono::minutes offset) : offset_(offset) {}

  // "+07:00", "-03:30", "+0700", "UTC", "Z", or the Indonesian zone names WIB (+07:00),
  // WITA (+08:00) and WIT (+09:00). Offsets from -12:00 to +14:00.
  static Result<UtcOffset> parse(std::string_view text);
  // The offset of the host's local time zone at `when` (for the default zone).
  static UtcOffset of_host(TimePoint when);

  std::chrono::minutes offset() const { return offset_; }
  // "+07:00".
  std::string name() const;

  LocalMinutes to_local(TimePoint time) const;  // the wall-clock minute `time` falls in
  TimePoint to_utc(LocalMinutes local) const;

 private:
  std::chrono::minutes offset_{0};
};

// `time` on the wall clock of `zone`, for people: "2026-11-27 02:00:00 +07:00".
std::string format_in_zone(TimePoint time, UtcOffset zone);

}  // namespace jaga
