#include "core/clock.h"

#include <stdlib.h>
#include <time.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cmath>
#include <optional>
#include <string>

namespace jaga {
namespace {

using Catch::Contains;
using std::chrono::milliseconds;
using std::chrono::seconds;

// 2026-11-26T21:40:12.345Z
const TimePoint kNow = TimePoint(seconds(1795729212)) + milliseconds(345);

// Runs the test in a fixed local time zone, Western Indonesia Time (UTC+7, no daylight saving),
// given as a POSIX TZ rule so that no time zone database is needed; restores TZ afterwards.
class LocalTimeZone {
 public:
  LocalTimeZone() {
    if (const char* tz = getenv("TZ")) saved_ = tz;
    setenv("TZ", "WIB-7", 1);
    tzset();
  }
  ~LocalTimeZone() {
    if (saved_) {
      setenv("TZ", saved_->c_str(), 1);
    } else {
      unsetenv("TZ");
    }
    tzset();
  }
  LocalTimeZone(const LocalTimeZone&) = delete;
  LocalTimeZone& operator=(const LocalTimeZone&) = delete;

 private:
  std::optional<std::string> saved_;
};

std::string since_utc(std::string_view text) {
  Result<TimePoint> since = parse_since(text, kNow);
  if (!since) FAIL(since.error().message);
  return format_utc(*since);
}

std::string since_error(std::string_view text) {
  Result<TimePoint> since = parse_since(text, kNow);
  REQUIRE_FALSE(since.ok());
  return since.error().message;
}

// ---- formatting --------------------------------------------------------------------------------

TEST_CASE("format_utc prints RFC 3339 UTC with milliseconds", "[clock]") {
  CHECK(format_utc(kNow) == "2026-11-26T21:40:12.345Z");
}

TEST_CASE("format_utc pads milliseconds to three digits", "[clock]") {
  CHECK(format_utc(TimePoint(seconds(1795729212)) + milliseconds(7)) == "2026-11-26T21:40:12.007Z");
}

TEST_CASE("format_utc drops sub-millisecond digits without rounding up", "[clock]") {
  CHECK(format_utc(kNow + std::chrono::microseconds(999)) == "2026-11-26T21:40:12.345Z");
}

TEST_CASE("format_utc prints the epoch", "[clock]") {
  CHECK(format_utc(TimePoint{}) == "1970-01-01T00:00:00.000Z");
}

TEST_CASE("format_utc counts milliseconds up from the second before 1970", "[clock]") {
  CHECK(format_utc(TimePoint{} - milliseconds(1)) == "1969-12-31T23:59:59.999Z");
}

TEST_CASE("format_utc of later instants sorts later as text", "[clock]") {
  CHECK(format_utc(kNow) < format_utc(kNow + milliseconds(1)));
  CHECK(format_utc(kNow + seconds(9)) < format_utc(kNow + seconds(10)));
}

TEST_CASE("format_local prints local time with the zone offset", "[clock]") {
  LocalTimeZone wib;
  CHECK(format_local(kNow) == "2026-11-27 04:40:12 +0700");
}

TEST_CASE("format_duration under ten seconds shows tenths", "[clock]") {
  CHECK(format_duration(0) == "0.0 s");
  CHECK(format_duration(4.3) == "4.3 s");
}

TEST_CASE("format_duration under a minute shows whole seconds", "[clock]") {
  CHECK(format_duration(10) == "10 s");
  CHECK(format_duration(45.9) == "45 s");
}

TEST_CASE("format_duration under an hour shows minutes and seconds", "[clock]") {
  CHECK(format_duration(60) == "1 min 0 s");
  CHECK(format_duration(725) == "12 min 5 s");
}

TEST_CASE("format_duration under a day shows hours and minutes", "[clock]") {
  CHECK(format_duration(3600) == "1 h 0 min");
  CHECK(format_duration(3 * 3600 + 20 * 60 + 59) == "3 h 20 min");
}

TEST_CASE("format_duration of a day or more shows days and hours", "[clock]") {
  CHECK(format_duration(86400) == "1 d 0 h");
  CHECK(format_duration(4 * 86400 + 2 * 3600 + 1800) == "4 d 2 h");
}

TEST_CASE("format_duration of a negative duration is zero", "[clock]") {
  CHECK(format_duration(-5) == "0.0 s");
}

TEST_CASE("format_duration of nan or infinity is unknown", "[clock]") {
  CHECK(format_duration(std::nan("")) == "unknown");
  CHECK(format_duration(HUGE_VAL) == "unknown");
}

TEST_CASE("format_duration of a duration beyond 64-bit seconds still prints days", "[clock]") {
  CHECK(format_duration(8.64e22) == "1000000000000000000 d");
}

// ---- parse_since: ages -------------------------------------------------------------------------

TEST_CASE("parse_since counts seconds back from now", "[clock]") {
  CHECK(since_utc("90s") == format_utc(kNow - seconds(90)));
}

TEST_CASE("parse_since counts minutes back from now", "[clock]") {
  CHECK(since_utc("30m") == "2026-11-26T21:10:12.345Z");
}

TEST_CASE("parse_since counts hours back from now", "[clock]") {
  CHECK(since_utc("24h") == "2026-11-25T21:40:12.345Z");
}

TEST_CASE("parse_since counts days back from now", "[clock]") {
  CHECK(since_utc("7d") == "2026-11-19T21:40:12.345Z");
}

TEST_CASE("parse_since of a zero age is now", "[clock]") {
  CHECK(since_utc("0m") == format_utc(kNow));
}

TEST_CASE("parse_since accepts an age of a hundred years", "[clock]") {
  CHECK(parse_since("36500d", kNow).ok());
}

TEST_CASE("parse_since refuses an age too large for a time point", "[clock]") {
  CHECK_THAT(since_error("999999999d"), Contains("999999999d") && Contains("100 years"));
}

// ---- parse_since: dates ------------------------------------------------------------------------

TEST_CASE("parse_since reads a date as local midnight", "[clock]") {
  LocalTimeZone wib;
  CHECK(since_utc("2026-11-01") == "2026-10-31T17:00:00.000Z");
}

TEST_CASE("parse_since reads a local date and time to the minute", "[clock]") {
  LocalTimeZone wib;
  CHECK(since_utc("2026-11-01 08:00") == "2026-11-01T01:00:00.000Z");
}

TEST_CASE("parse_since reads a local date and time with T and seconds", "[clock]") {
  LocalTimeZone wib;
  CHECK(since_utc("2026-11-01T08:00:30") == "2026-11-01T01:00:30.000Z");
}

TEST_CASE("parse_since reads 29 February of a leap year", "[clock]") {
  LocalTimeZone wib;
  CHECK(since_utc("2028-02-29") == "2028-02-28T17:00:00.000Z");
}

// ---- parse_since: broken input -----------------------------------------------------------------

TEST_CASE("parse_since refuses empty text and explains the forms", "[clock]") {
  CHECK_THAT(since_error(""), Contains("30m") && Contains("2026-11-01"));
}

TEST_CASE("parse_since refuses an unknown unit, quoting the input", "[clock]") {
  CHECK_THAT(since_error("5x"), Contains("cannot understand \"5x\" as a time"));
}

TEST_CASE("parse_since refuses a word", "[clock]") {
  CHECK_THAT(since_error("yesterday"), Contains("\"yesterday\""));
}

TEST_CASE("parse_since refuses a negative age", "[clock]") {
  CHECK_THAT(since_error("-5m"), Contains("\"-5m\""));
}

TEST_CASE("parse_since refuses a unit without a number", "[clock]") {
  CHECK_THAT(since_error("m"), Contains("\"m\""));
}

TEST_CASE("parse_since refuses a number without a unit", "[clock]") {
  CHECK_THAT(since_error("30"), Contains("\"30\""));
}

TEST_CASE("parse_since refuses a space between number and unit", "[clock]") {
  CHECK_THAT(since_error("30 m"), Contains("\"30 m\""));
}

TEST_CASE("parse_since refuses an age of ten digits or more", "[clock]") {
  CHECK_THAT(since_error("9999999999s"), Contains("\"9999999999s\""));
}

TEST_CASE("parse_since refuses month 13 and day 45", "[clock]") {
  LocalTimeZone wib;
  CHECK_THAT(since_error("2026-13-45"), Contains("\"2026-13-45\""));
}

TEST_CASE("parse_since refuses 30 February instead of rolling it into March", "[clock]") {
  LocalTimeZone wib;
  CHECK_THAT(since_error("2026-02-30"), Contains("\"2026-02-30\""));
}

TEST_CASE("parse_since refuses 29 February of a common year", "[clock]") {
  LocalTimeZone wib;
  CHECK_THAT(since_error("2026-02-29"), Contains("\"2026-02-29\""));
}

TEST_CASE("parse_since refuses hour 25", "[clock]") {
  LocalTimeZone wib;
  CHECK_THAT(since_error("2026-11-01 25:00"), Contains("\"2026-11-01 25:00\""));
}

TEST_CASE("parse_since refuses a date followed by other text", "[clock]") {
  LocalTimeZone wib;
  CHECK_THAT(since_error("2026-11-01 pagi"), Contains("\"2026-11-01 pagi\""));
}

TEST_CASE("parse_since refuses a date followed by a NUL and other text", "[clock]") {
  LocalTimeZone wib;
  CHECK_FALSE(parse_since(std::string_view("2026-11-01\0junk", 15), kNow).ok());
}

}  // namespace
}  // namespace jaga

namespace jaga {

TEST_CASE("parse_utc reads format_utc back, with a fraction of 1 to 9 digits or none",
          "[clock][parse_utc]") {
  using std::chrono::milliseconds;
  const TimePoint whole = TimePoint(std::chrono::seconds(1795729212));
  CHECK(parse_utc(format_utc(whole + milliseconds(345))) == whole + milliseconds(345));
  CHECK(parse_utc("2026-11-26T21:40:12Z") == whole);
  CHECK(parse_utc("2026-11-26T21:40:12.5Z") == whole + milliseconds(500));
  CHECK(parse_utc("2026-11-26T21:40:12.000001Z") == whole + std::chrono::microseconds(1));
  CHECK(parse_utc("1970-01-01T00:00:00.000Z") == TimePoint{});
}

TEST_CASE("parse_utc refuses anything else instead of guessing", "[clock][parse_utc]") {
  for (const char* bad :
       {"", "2026-11-26", "2026-11-26 21:40:12Z", "2026-11-26T21:40:12", "2026-11-26T21:40:12.Z",
        "2026-11-26T21:40:12.1234567890Z", "2026-11-26T21:40:12+07:00", "2026-02-30T00:00:00Z",
        "2026-11-26T24:00:00Z", "2026-11-26T21:60:00Z", "+026-11-26T21:40:12Z",
        "2026-11-26T21:40:-1Z", "2026-11-26T21:40:12.345Zjunk", "99999-11-26T21:40:12Z",
        "2026-1a-26T21:40:12Z"}) {
    INFO(bad);
    CHECK_FALSE(parse_utc(bad));
  }
}

TEST_CASE("parse_utc refuses a year a TimePoint cannot hold instead of overflowing",
          "[clock][parse_utc]") {
  // Found by fuzz/peer_wire_fuzz: a peer's "finished_at" of year 4052 overflowed nanoseconds.
  for (const char* far :
       {"4052-11-27T01:00:01.250Z", "2262-04-12T00:00:00Z", "1677-09-20T00:00:00Z",
        "9999-12-31T23:59:59.999999999Z", "0000-01-01T00:00:00Z"}) {
    INFO(far);
    CHECK_FALSE(parse_utc(far));
  }
  CHECK(parse_utc("2261-12-31T23:59:59.999999999Z"));
  CHECK(parse_utc("1678-01-01T00:00:00Z"));
}

}  // namespace jaga
