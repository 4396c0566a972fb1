// A classic five-field cron expression, "minute hour day-of-month month day-of-week", as crontab(5)
// describes it (Vixie cron / cronie): numbers, '*', ranges "a-b", lists "a,b,c", steps "*/n",
// "a-b/n" and "a/n" (a to the field's maximum), month names JAN-DEC and day names SUN-SAT (any
// letter case; 0 and 7 are both Sunday), and the macros @yearly (@annually), @monthly, @weekly,
// @daily (@midnight) and @hourly.
//
// Day rule (crontab(5)): when both day-of-month and day-of-week are restricted (neither field
// starts with '*'), a day matches when EITHER matches; otherwise both must match. So
// "0 2 1 * MON" runs on the 1st and on every Monday, while "0 2 */2 * MON" runs on Mondays that
// fall on odd days of the month.
//
// An expression is evaluated on the wall clock of one fixed-offset time zone, so a minute is
// never skipped or repeated (see schedule.h for why zones with daylight saving are not offered).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"
#include "core/utc_offset.h"

namespace jaga::schedule {

// Local wall-clock time of a fixed-offset zone, counted like sys_time (no leap seconds, no DST).
using LocalMinutes = jaga::LocalMinutes;

class CronExpression {
 public:
  // Parses `text`. An error quotes the expression and the offending field and says what the field
  // allows. An expression that can never match (e.g. "0 0 30 2 *") is refused.
  static Result<CronExpression> parse(std::string_view text);

  // The first minute strictly after `after` that the expression matches. Always exists for a
  // parsed expression and lies at most a few years ahead (February 29 needs a leap year).
  LocalMinutes next_after(LocalMinutes after) const;

  // Whether the minute `at` matches.
  bool matches(LocalMinutes at) const;

  // The text it was parsed from, trimmed.
  const std::string& text() const { return text_; }

 private:
  CronExpression() = default;
  bool day_matches(std::chrono::sys_days day) const;

  std::string text_;
  uint64_t minutes_ = 0;        // bit n: minute n (0-59)
  uint32_t hours_ = 0;          // bit n: hour n (0-23)
  uint32_t days_ = 0;           // bit n: day of month n (1-31)
  uint16_t months_ = 0;         // bit n: month n (1-12)
  uint8_t weekdays_ = 0;        // bit n: day n of the week, 0 = Sunday (7 is folded into 0)
  bool days_star_ = false;      // day-of-month field starts with '*'
  bool weekdays_star_ = false;  // day-of-week field starts with '*'
};

}  // namespace jaga::schedule
