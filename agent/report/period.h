// Report periods: a day, an ISO week (Monday to Sunday) or a calendar month, in the office's
// fixed-offset time zone (see UtcOffset). A report covers only a closed period: one
// whose last local minute has passed.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "core/utc_offset.h"

namespace jaga::report {

enum class PeriodKind { kDaily, kWeekly, kMonthly };

// "daily", "weekly", "monthly".
std::string_view period_kind_name(PeriodKind kind);
Result<PeriodKind> parse_period_kind(std::string_view text);

using Date = std::chrono::year_month_day;

// "2026-11-27" (a valid calendar date), for --date.
Result<Date> parse_date(std::string_view text);
std::string format_date(Date date);  // "2026-11-27"

struct IsoWeek {
  int year = 0;  // the ISO week-numbering year, which differs from the calendar year near 1 Jan
  unsigned week = 0;
};
IsoWeek iso_week(Date date);

struct Period {
  PeriodKind kind = PeriodKind::kDaily;
  Date first;       // the first local day
  Date last;        // the last local day, inclusive
  TimePoint start;  // UTC instant of first's local midnight
  TimePoint end;    // UTC instant of the local midnight after last (exclusive)
  UtcOffset zone;

  int days() const;
  // The local day a UTC instant falls on, as an index from `first` (may be outside [0, days())).
  int day_index(TimePoint time) const;
};

// The period of `kind` that contains the local day `date`.
Period period_containing(PeriodKind kind, Date date, UtcOffset zone);
// The period of the same kind just before `p`.
Period previous_period(const Period& p);
// The days of `p`, each as a daily period.
std::vector<Period> days_of(const Period& p);
// The local day `time` falls on.
Date local_date(TimePoint time, UtcOffset zone);

// The period to report: the one containing `date`, or without a date the last period that closed
// before `now`. A period that has not closed at `now` is refused, naming when it closes.
Result<Period> closed_period(PeriodKind kind, std::optional<Date> date, UtcOffset zone,
                             TimePoint now);

}  // namespace jaga::report
