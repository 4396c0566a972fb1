// When a job runs: a cron expression or a fixed interval, evaluated in the office's time zone.
//
// Time zones are fixed offsets from UTC ("+07:00" for WIB). Indonesia has not used daylight
// saving time since 1964, and a fixed offset means every local minute happens exactly once: no
// run is skipped in a spring-forward gap or doubled in a fall-back hour. Zones with daylight
// saving time (or named IANA zones) are therefore not accepted; an office in such a zone would
// configure its standard offset and accept that runs move by an hour in summer.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <variant>

#include "core/clock.h"
#include "core/result.h"
#include "core/utc_offset.h"
#include "schedule/cron_expression.h"

namespace jaga::schedule {

using jaga::format_in_zone;
using jaga::UtcOffset;

// A period in whole seconds, written "30s", "15m", "1h", "1d" or combined ("1h30m").
class Interval {
 public:
  // At least 1 s, at most 366 days. Errors say how to write one.
  static Result<Interval> parse(std::string_view text);
  std::chrono::seconds period() const { return period_; }

 private:
  std::chrono::seconds period_{0};
};

class Schedule {
 public:
  // A cron expression (see cron_expression.h) or "@every INTERVAL".
  static Result<Schedule> parse_cron(std::string_view text);
  // An interval ("1m", "15m", "1h30m").
  static Result<Schedule> parse_every(std::string_view text);

  // The first scheduled moment strictly after `after`. Cron expressions match whole local
  // minutes of `zone`. Intervals are aligned to multiples of the period counted from local
  // midnight of 1970-01-01 in `zone`, so "15m" runs at :00, :15, :30 and :45 and "1d" at
  // local midnight, whenever the agent started.
  TimePoint next_after(TimePoint after, UtcOffset zone) const;

  // For people and logs: "every 15m" or "cron 0 2 * * *".
  std::string describe() const;
  bool is_cron() const { return std::holds_alternative<CronExpression>(when_); }

 private:
  explicit Schedule(std::variant<CronExpression, Interval> when, std::string text)
      : when_(std::move(when)), text_(std::move(text)) {}
  std::variant<CronExpression, Interval> when_;
  std::string text_;  // as configured
};

}  // namespace jaga::schedule
