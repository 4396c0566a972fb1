// Report periods in the office's zone: days, ISO weeks, calendar months, and which are closed.
#include "report/period.h"

#include <catch2/catch.hpp>

#include "tests/unit/schedule/times.h"

namespace jaga::report {
namespace {

using Catch::Contains;
using schedule::testing::kWib;
using schedule::testing::utc;
using schedule::testing::wib;

Date date(int y, unsigned m, unsigned d) {
  return Date{std::chrono::year(y), std::chrono::month(m), std::chrono::day(d)};
}

TEST_CASE("a day runs from local midnight to local midnight in WIB", "[report][period]") {
  const Period p = period_containing(PeriodKind::kDaily, date(2026, 11, 26), kWib);
  CHECK(format_utc(p.start) == "2026-11-25T17:00:00.000Z");
  CHECK(format_utc(p.end) == "2026-11-26T17:00:00.000Z");
  CHECK(p.days() == 1);
  const Period utc_day = period_containing(PeriodKind::kDaily, date(2026, 11, 26), UtcOffset{});
  CHECK(format_utc(utc_day.start) == "2026-11-26T00:00:00.000Z");
}

TEST_CASE("months end on their last day, February in leap years too", "[report][period]") {
  auto last_day = [](int y, unsigned m) {
    return format_date(period_containing(PeriodKind::kMonthly, date(y, m, 10), kWib).last);
  };
  CHECK(last_day(2026, 1) == "2026-01-31");
  CHECK(last_day(2026, 4) == "2026-04-30");
  CHECK(last_day(2026, 2) == "2026-02-28");
  CHECK(last_day(2028, 2) == "2028-02-29");
  CHECK(last_day(2100, 2) == "2100-02-28");  // divisible by 100, not by 400
  CHECK(last_day(2000, 2) == "2000-02-29");
  CHECK(last_day(2026, 12) == "2026-12-31");
  const Period feb = period_containing(PeriodKind::kMonthly, date(2028, 2, 29), kWib);
  CHECK(feb.days() == 29);
  CHECK(format_date(previous_period(feb).first) == "2028-01-01");
  CHECK(days_of(feb).size() == 29);
}

TEST_CASE("ISO weeks: Monday to Sunday, week 53, and weeks across the new year",
          "[report][period]") {
  CHECK(iso_week(date(2026, 11, 26)).week == 48);
  // 2026 begins on a Thursday, so it has 53 weeks; 2027-01-01 still belongs to 2026-W53.
  CHECK(iso_week(date(2026, 12, 31)).week == 53);
  CHECK(iso_week(date(2027, 1, 1)).year == 2026);
  CHECK(iso_week(date(2027, 1, 3)).week == 53);
  CHECK(iso_week(date(2027, 1, 4)).week == 1);
  // 2024-12-30 is Monday of 2025-W01.
  CHECK(iso_week(date(2024, 12, 30)).year == 2025);
  CHECK(iso_week(date(2024, 12, 30)).week == 1);

  const Period w53 = period_containing(PeriodKind::kWeekly, date(2027, 1, 1), kWib);
  CHECK(format_date(w53.first) == "2026-12-28");
  CHECK(format_date(w53.last) == "2027-01-03");
  CHECK(w53.days() == 7);
  CHECK(format_date(previous_period(w53).first) == "2026-12-21");
  const Period sunday = period_containing(PeriodKind::kWeekly, date(2026, 11, 29), kWib);
  CHECK(format_date(sunday.first) == "2026-11-23");
}

TEST_CASE("a year boundary: the previous day, week and month of 1 January", "[report][period]") {
  const Date jan1 = date(2027, 1, 1);
  CHECK(format_date(previous_period(period_containing(PeriodKind::kDaily, jan1, kWib)).first) ==
        "2026-12-31");
  CHECK(format_date(previous_period(period_containing(PeriodKind::kMonthly, jan1, kWib)).first) ==
        "2026-12-01");
}

TEST_CASE("without a date the last closed period is reported, in the office's zone",
          "[report][period]") {
  // 2026-11-27 00:30 WIB is still 2026-11-26 in UTC: the last closed day is the 26th in WIB.
  auto p = closed_period(PeriodKind::kDaily, std::nullopt, kWib, wib(2026, 11, 27, 0, 30));
  REQUIRE(p.ok());
  CHECK(format_date(p->first) == "2026-11-26");
  auto in_utc =
      closed_period(PeriodKind::kDaily, std::nullopt, UtcOffset{}, wib(2026, 11, 27, 0, 30));
  REQUIRE(in_utc.ok());
  CHECK(format_date(in_utc->first) == "2026-11-25");
  auto week = closed_period(PeriodKind::kWeekly, std::nullopt, kWib, wib(2026, 11, 27, 9));
  REQUIRE(week.ok());
  CHECK(format_date(week->first) == "2026-11-16");
  auto month = closed_period(PeriodKind::kMonthly, std::nullopt, kWib, wib(2026, 1, 1, 0, 0, 1));
  REQUIRE(month.ok());
  CHECK(format_date(month->first) == "2025-12-01");
}

TEST_CASE("a period that has not closed is refused, one that just closed is fine",
          "[report][period]") {
  auto open =
      closed_period(PeriodKind::kDaily, date(2026, 11, 27), kWib, wib(2026, 11, 27, 23, 59));
  REQUIRE_FALSE(open.ok());
  CHECK_THAT(open.error().message,
             Contains("daily period 2026-11-27 to 2026-11-27 has not closed yet") &&
                 Contains("2026-11-28 00:00 local time (+07:00)"));
  CHECK(closed_period(PeriodKind::kDaily, date(2026, 11, 27), kWib, wib(2026, 11, 28)).ok());
  auto month = closed_period(PeriodKind::kMonthly, date(2026, 11, 2), kWib, utc(2026, 11, 30, 17));
  CHECK(month.ok());
  CHECK_FALSE(
      closed_period(PeriodKind::kMonthly, date(2026, 11, 2), kWib, utc(2026, 11, 30, 16, 59)).ok());
}

TEST_CASE("broken dates and period names are refused with a sentence", "[report][period]") {
  CHECK_THAT(parse_date("2026-02-30").error().message, Contains("no such day"));
  CHECK_THAT(parse_date("2026-2-3").error().message, Contains("YYYY-MM-DD"));
  CHECK_THAT(parse_date("yesterday").error().message, Contains("invalid date \"yesterday\""));
  CHECK_THAT(parse_date("2026-13-01").error().message, Contains("no such day"));
  CHECK_THAT(parse_date("2999-01-01").error().message, Contains("between 1970 and 2200"));
  CHECK(format_date(*parse_date("2028-02-29")) == "2028-02-29");
  CHECK_THAT(parse_period_kind("hourly").error().message, Contains("use daily, weekly or monthly"));
  CHECK(*parse_period_kind("weekly") == PeriodKind::kWeekly);
}

TEST_CASE("the local day of an instant and its index in the period", "[report][period]") {
  const Period week = period_containing(PeriodKind::kWeekly, date(2026, 11, 26), kWib);
  CHECK(week.day_index(wib(2026, 11, 23, 0, 0)) == 0);
  CHECK(week.day_index(wib(2026, 11, 22, 23, 59)) == -1);
  CHECK(week.day_index(wib(2026, 11, 29, 23, 59)) == 6);
  CHECK(format_date(local_date(utc(2026, 11, 26, 17), kWib)) == "2026-11-27");
}

}  // namespace
}  // namespace jaga::report
