// The office's working hours: the days, hours and holidays in which the officials' steps of the
// SOP chain (finalize, receive, record, revise) are measured. A Kabid who receives at 07:40 a
// report finalized at 15:55 the day before took 15 working minutes, not 15 hours and 45 minutes.
// The scheduler's draft is measured in clock time (it runs around the clock). Pure arithmetic on
// a fixed UTC offset; the clock is always passed in.
#pragma once

#include <array>
#include <chrono>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/utc_offset.h"

namespace jaga::workflow {

struct WorkingHours {
  // Working days, ISO order: [0] Monday … [6] Sunday. Default Monday to Friday.
  std::array<bool, 7> weekdays{true, true, true, true, true, false, false};
  std::chrono::minutes start{7 * 60 + 30};  // local time of day, default 07:30
  std::chrono::minutes end{16 * 60};        // exclusive, default 16:00
  UtcOffset zone{std::chrono::hours(7)};    // default WIB
  // Local dates without work (national holidays, cuti bersama), whole days.
  std::set<std::chrono::sys_days> holidays;

  // Whether the local day `day` is worked.
  bool is_working_day(std::chrono::sys_days day) const;
  // Working seconds in [from, to); 0 when to <= from.
  double seconds_between(TimePoint from, TimePoint to) const;
  // The instant at which `working` of working time has passed since `from`: the end of a step's
  // time standard. A standard that ends exactly at closing time ends then, not the next morning.
  TimePoint after(TimePoint from, std::chrono::seconds working) const;
  // "Senin–Jumat 07.30–16.00 WIB, 3 hari libur" for the register's header.
  std::string describe() const;
};

// Parses a local time of day "07:30" (00:00 to 24:00); nullopt when malformed.
std::optional<std::chrono::minutes> parse_time_of_day(const std::string& text);
// Parses an Indonesian or English day name ("senin", "Monday", "jumat"/"jum'at"); the ISO index
// 0..6, or nullopt.
std::optional<int> parse_day_name(const std::string& text);

}  // namespace jaga::workflow
