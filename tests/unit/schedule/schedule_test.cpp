#include "schedule/schedule.h"

#include <catch2/catch.hpp>
#include <string>

#include "tests/unit/schedule/times.h"

namespace jaga::schedule {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;
using testing::in_wib;
using testing::kWib;
using testing::utc;
using testing::wib;

template <typename T>
T value_of(Result<T> result) {
  if (!result) FAIL(result.error().message);
  return std::move(result).value();
}

template <typename T>
std::string error_of(const Result<T>& result) {
  REQUIRE_FALSE(result.ok());
  return result.error().message;
}

// ---- time zones ----------------------------------------------------------------------------

TEST_CASE("time zone: fixed offsets in the usual spellings", "[schedule][zone]") {
  CHECK(value_of(UtcOffset::parse("+07:00")).offset() == hours(7));
  CHECK(value_of(UtcOffset::parse("+0700")).offset() == hours(7));
  CHECK(value_of(UtcOffset::parse("+07")).offset() == hours(7));
  CHECK(value_of(UtcOffset::parse("-03:30")).offset() == -(hours(3) + minutes(30)));
  CHECK(value_of(UtcOffset::parse("+05:45")).offset() == hours(5) + minutes(45));
  CHECK(value_of(UtcOffset::parse("UTC")).offset() == minutes(0));
  CHECK(value_of(UtcOffset::parse("Z")).offset() == minutes(0));
}

TEST_CASE("time zone: the Indonesian zone names stand for their offsets", "[schedule][zone]") {
  CHECK(value_of(UtcOffset::parse("WIB")).name() == "+07:00");
  CHECK(value_of(UtcOffset::parse("WITA")).name() == "+08:00");
  CHECK(value_of(UtcOffset::parse("WIT")).name() == "+09:00");
  CHECK(value_of(UtcOffset::parse("-03:30")).name() == "-03:30");
  CHECK(value_of(UtcOffset::parse("UTC")).name() == "+00:00");
}

TEST_CASE("time zone: named and daylight-saving zones are refused with the reason",
          "[schedule][zone]") {
  const std::string expected =
      "bad time zone \"Asia/Jakarta\": use a fixed offset from UTC such as \"+07:00\" (WIB), "
      "\"+08:00\" (WITA), \"+09:00\" (WIT) or \"UTC\"; zones with daylight saving time are not "
      "supported";
  CHECK(error_of(UtcOffset::parse("Asia/Jakarta")) == expected);
  CHECK_THAT(error_of(UtcOffset::parse("")), Catch::StartsWith("bad time zone \"\": use"));
  CHECK_THAT(error_of(UtcOffset::parse("+7:00")), Catch::StartsWith("bad time zone \"+7:00\""));
  CHECK_THAT(error_of(UtcOffset::parse("+07:60")), Catch::StartsWith("bad time zone \"+07:60\""));
  CHECK(error_of(UtcOffset::parse("+15:00")) ==
        "bad time zone \"+15:00\": offsets run from -12:00 to +14:00");
}

TEST_CASE("time zone: the host's offset is read from the system", "[schedule][zone]") {
  // Only its shape can be checked portably: a whole number of minutes within the legal range.
  const UtcOffset host = UtcOffset::of_host(utc(2026, 11, 26));
  CHECK(host.offset() >= -hours(12));
  CHECK(host.offset() <= hours(14));
}

TEST_CASE("format_in_zone shows the wall clock of the zone", "[schedule][zone]") {
  CHECK(format_in_zone(utc(2026, 11, 26, 21, 40, 12), kWib) == "2026-11-27 04:40:12 +07:00");
  CHECK(format_in_zone(utc(2026, 11, 26, 1, 0), UtcOffset(-hours(3) - minutes(30))) ==
        "2026-11-25 21:30:00 -03:30");
}

// ---- intervals -----------------------------------------------------------------------------

TEST_CASE("interval: numbers with units, combined", "[schedule][interval]") {
  CHECK(value_of(Interval::parse("1s")).period() == seconds(1));
  CHECK(value_of(Interval::parse("15m")).period() == minutes(15));
  CHECK(value_of(Interval::parse("1h30m")).period() == minutes(90));
  CHECK(value_of(Interval::parse("1d")).period() == hours(24));
  CHECK(value_of(Interval::parse(" 90s ")).period() == seconds(90));
}

TEST_CASE("interval: broken input is refused with how to write one", "[schedule][interval]") {
  const std::string how =
      "write a whole number with a unit s, m, h or d, e.g. \"30s\", \"15m\", \"1h30m\" or \"1d\"";
  CHECK(error_of(Interval::parse("15")) == "bad interval \"15\": " + how);
  CHECK(error_of(Interval::parse("15x")) == "bad interval \"15x\": " + how);
  CHECK(error_of(Interval::parse("m")) == "bad interval \"m\": " + how);
  CHECK(error_of(Interval::parse("-5m")) == "bad interval \"-5m\": " + how);
  CHECK(error_of(Interval::parse("1.5h")) == "bad interval \"1.5h\": " + how);
  CHECK(error_of(Interval::parse("")) == "bad interval \"\": " + how);
  CHECK(error_of(Interval::parse("0s")) == "interval \"0s\" is too short: at least 1s");
  CHECK(error_of(Interval::parse("367d")) == "interval \"367d\" is too long: at most 366d");
}

// ---- next runs -----------------------------------------------------------------------------

TEST_CASE("every: runs on multiples of the period from local midnight", "[schedule][interval]") {
  const Schedule every15 = value_of(Schedule::parse_every("15m"));
  CHECK(in_wib(every15.next_after(wib(2026, 11, 27, 10, 7, 30), kWib)) ==
        "2026-11-27 10:15:00 +07:00");
  CHECK(in_wib(every15.next_after(wib(2026, 11, 27, 10, 15), kWib)) ==
        "2026-11-27 10:30:00 +07:00");
  const Schedule daily = value_of(Schedule::parse_every("1d"));
  CHECK(in_wib(daily.next_after(wib(2026, 11, 27, 10, 0), kWib)) == "2026-11-28 00:00:00 +07:00");
  const Schedule second = value_of(Schedule::parse_every("1s"));
  CHECK(second.next_after(utc(2026, 11, 27) + std::chrono::milliseconds(500), kWib) ==
        utc(2026, 11, 27, 0, 0, 1));
}

TEST_CASE("every: a zone with a half-hour offset aligns hours to its own wall clock",
          "[schedule][interval]") {
  const UtcOffset india(hours(5) + minutes(30));
  const Schedule hourly = value_of(Schedule::parse_every("1h"));
  CHECK(format_in_zone(hourly.next_after(utc(2026, 11, 27, 10, 0), india), india) ==
        "2026-11-27 16:00:00 +05:30");
}

TEST_CASE("cron schedules follow the configured zone's wall clock", "[schedule][cron]") {
  const Schedule two_am = value_of(Schedule::parse_cron("0 2 * * *"));
  const TimePoint t = utc(2026, 11, 26, 12, 0);
  CHECK(two_am.next_after(t, kWib) == utc(2026, 11, 26, 19, 0));  // 02:00 WIB
  CHECK(two_am.next_after(t, UtcOffset()) == utc(2026, 11, 27, 2, 0));
  CHECK(two_am.next_after(t, UtcOffset(-hours(3) - minutes(30))) == utc(2026, 11, 27, 5, 30));
}

TEST_CASE("a cron day boundary is the zone's midnight, not UTC's", "[schedule][cron]") {
  // Sunday 00:30 WIB is still Saturday 17:30 UTC.
  const Schedule sunday = value_of(Schedule::parse_cron("30 0 * * SUN"));
  CHECK(in_wib(sunday.next_after(wib(2026, 11, 28, 12, 0), kWib)) == "2026-11-29 00:30:00 +07:00");
}

TEST_CASE("@every in a cron key is an interval", "[schedule][interval]") {
  const Schedule s = value_of(Schedule::parse_cron("@every 15m"));
  CHECK_FALSE(s.is_cron());
  CHECK(s.describe() == "every 15m");
  CHECK(in_wib(s.next_after(wib(2026, 11, 27, 10, 7), kWib)) == "2026-11-27 10:15:00 +07:00");
  CHECK(error_of(Schedule::parse_cron("@every 15")) ==
        "bad interval \"15\": write a whole number with a unit s, m, h or d, e.g. \"30s\", "
        "\"15m\", \"1h30m\" or \"1d\"");
}

TEST_CASE("describe() says how a schedule was written", "[schedule]") {
  CHECK(value_of(Schedule::parse_every("1m")).describe() == "every 1m");
  CHECK(value_of(Schedule::parse_cron(" 0 2 * * * ")).describe() == "cron \"0 2 * * *\"");
  CHECK(value_of(Schedule::parse_cron("@daily")).describe() == "cron \"@daily\"");
}

TEST_CASE("an unknown macro in a job's cron mentions @every", "[schedule][cron]") {
  CHECK(error_of(Schedule::parse_cron("@reboot")) ==
        "unknown cron macro \"@reboot\" (known: @hourly, @daily, @midnight, @weekly, @monthly, "
        "@yearly, @annually); a job also takes @every with an interval, e.g. @every 15m");
}

}  // namespace
}  // namespace jaga::schedule
