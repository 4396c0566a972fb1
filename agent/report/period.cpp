#include "report/period.h"

#include <fmt/format.h>

#include "core/local_date.h"

namespace jaga::report {

using std::chrono::days;
using std::chrono::sys_days;

std::string_view period_kind_name(PeriodKind kind) {
  switch (kind) {
    case PeriodKind::kDaily:
      return "daily";
    case PeriodKind::kWeekly:
      return "weekly";
    case PeriodKind::kMonthly:
      return "monthly";
  }
  return "daily";
}

Result<PeriodKind> parse_period_kind(std::string_view text) {
  for (PeriodKind k : {PeriodKind::kDaily, PeriodKind::kWeekly, PeriodKind::kMonthly}) {
    if (text == period_kind_name(k)) return k;
  }
  return Error{fmt::format("unknown report period \"{}\": use daily, weekly or monthly", text)};
}

Result<Date> parse_date(std::string_view text) { return parse_local_date(text); }

std::string format_date(Date date) {
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(date.year()),
                     static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
}

IsoWeek iso_week(Date date) {
  // The ISO week belongs to the year of its Thursday.
  const sys_days day{date};
  const std::chrono::weekday wd{day};
  const int from_monday = static_cast<int>(wd.iso_encoding()) - 1;
  const sys_days thursday = day - days(from_monday) + days(3);
  const Date t{thursday};
  const sys_days jan1{t.year() / std::chrono::January / 1};
  return {static_cast<int>(t.year()), static_cast<unsigned>((thursday - jan1).count() / 7 + 1)};
}

namespace {

TimePoint local_midnight(sys_days day, UtcOffset zone) {
  return TimePoint(
      std::chrono::duration_cast<TimePoint::duration>(day.time_since_epoch() - zone.offset()));
}

Period make(PeriodKind kind, sys_days first, sys_days last, UtcOffset zone) {
  Period p;
  p.kind = kind;
  p.first = Date{first};
  p.last = Date{last};
  p.start = local_midnight(first, zone);
  p.end = local_midnight(last + days(1), zone);
  p.zone = zone;
  return p;
}

}  // namespace

int Period::days() const {
  return static_cast<int>((sys_days{last} - sys_days{first}).count()) + 1;
}

int Period::day_index(TimePoint time) const {
  return static_cast<int>((sys_days{local_date(time, zone)} - sys_days{first}).count());
}

Date local_date(TimePoint time, UtcOffset zone) {
  return Date{std::chrono::floor<days>(time + zone.offset())};
}

Period period_containing(PeriodKind kind, Date date, UtcOffset zone) {
  const sys_days day{date};
  switch (kind) {
    case PeriodKind::kDaily:
      return make(kind, day, day, zone);
    case PeriodKind::kWeekly: {
      const int from_monday = static_cast<int>(std::chrono::weekday{day}.iso_encoding()) - 1;
      const sys_days monday = day - days(from_monday);
      return make(kind, monday, monday + days(6), zone);
    }
    case PeriodKind::kMonthly: {
      const sys_days first{date.year() / date.month() / 1};
      const sys_days last{date.year() / date.month() / std::chrono::last};
      return make(kind, first, last, zone);
    }
  }
  return make(kind, day, day, zone);
}

Period previous_period(const Period& p) {
  return period_containing(p.kind, Date{sys_days{p.first} - days(1)}, p.zone);
}

std::vector<Period> days_of(const Period& p) {
  std::vector<Period> out;
  for (sys_days d{p.first}; d <= sys_days{p.last}; d += days(1)) {
    out.push_back(make(PeriodKind::kDaily, d, d, p.zone));
  }
  return out;
}

Result<Period> closed_period(PeriodKind kind, std::optional<Date> date, UtcOffset zone,
                             TimePoint now) {
  if (!date) {
    const Period current = period_containing(kind, local_date(now, zone), zone);
    return previous_period(current);
  }
  Period p = period_containing(kind, *date, zone);
  if (p.end > now) {
    return Error{fmt::format(
        "the {} period {} to {} has not closed yet: it ends at {} local time ({}); a report "
        "covers only a closed period",
        period_kind_name(kind), format_date(p.first), format_date(p.last),
        format_date(Date{sys_days{p.last} + days(1)}) + " 00:00", zone.name())};
  }
  return p;
}

}  // namespace jaga::report
