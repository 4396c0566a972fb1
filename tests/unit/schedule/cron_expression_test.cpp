#include "schedule/cron_expression.h"

#include <catch2/catch.hpp>
#include <string>

#include "tests/unit/schedule/times.h"

namespace jaga::schedule {
namespace {

using testing::in_wib;
using testing::kWib;
using testing::wib;

CronExpression cron(const std::string& text) {
  auto parsed = CronExpression::parse(text);
  if (!parsed) FAIL(parsed.error().message);
  return *parsed;
}

std::string error_of(const std::string& text) {
  auto parsed = CronExpression::parse(text);
  REQUIRE_FALSE(parsed.ok());
  return parsed.error().message;
}

// The first run strictly after `after` (WIB wall clock), as WIB wall-clock text.
std::string next(const std::string& text, TimePoint after) {
  return in_wib(kWib.to_utc(cron(text).next_after(kWib.to_local(after))));
}

// The WIB wall-clock minute as the expression sees it.
bool matches(const std::string& text, TimePoint at) {
  return cron(text).matches(kWib.to_local(at));
}

TEST_CASE("cron: a daily time runs the next day once today's has passed", "[schedule][cron]") {
  CHECK(next("0 2 * * *", wib(2026, 11, 27, 1, 59)) == "2026-11-27 02:00:00 +07:00");
  CHECK(next("0 2 * * *", wib(2026, 11, 27, 4, 40)) == "2026-11-28 02:00:00 +07:00");
}

TEST_CASE("cron: the next run is strictly after the given minute", "[schedule][cron]") {
  CHECK(next("*/15 * * * *", wib(2026, 11, 27, 10, 7)) == "2026-11-27 10:15:00 +07:00");
  CHECK(next("*/15 * * * *", wib(2026, 11, 27, 10, 15)) == "2026-11-27 10:30:00 +07:00");
  CHECK(next("*/15 * * * *", wib(2026, 11, 27, 10, 14, 59)) == "2026-11-27 10:15:00 +07:00");
  CHECK(next("* * * * *", wib(2026, 11, 27, 23, 59)) == "2026-11-28 00:00:00 +07:00");
}

TEST_CASE("cron: steps on ranges and from a start value", "[schedule][cron]") {
  CHECK(next("10-50/20 * * * *", wib(2026, 11, 27, 10, 30)) == "2026-11-27 10:50:00 +07:00");
  CHECK(next("10-50/20 * * * *", wib(2026, 11, 27, 10, 50)) == "2026-11-27 11:10:00 +07:00");
  CHECK(next("5/20 * * * *", wib(2026, 11, 27, 10, 45)) == "2026-11-27 11:05:00 +07:00");
  CHECK(next("0 */6 * * *", wib(2026, 11, 27, 13, 0)) == "2026-11-27 18:00:00 +07:00");
}

TEST_CASE("cron: lists and ranges", "[schedule][cron]") {
  CHECK(next("0 8,12,16 * * *", wib(2026, 11, 27, 12, 0)) == "2026-11-27 16:00:00 +07:00");
  CHECK(next("0 9 * * 1-5", wib(2026, 11, 27, 10, 0)) == "2026-11-30 09:00:00 +07:00");  // Fri
}

TEST_CASE("cron: months and days by name, in any letter case", "[schedule][cron]") {
  CHECK(next("0 0 1 jan,JUL *", wib(2026, 2, 1)) == "2026-07-01 00:00:00 +07:00");
  CHECK(next("0 9 * * Mon-Fri", wib(2026, 11, 28, 10, 0)) == "2026-11-30 09:00:00 +07:00");
  CHECK(next("0 9 * * SAT", wib(2026, 11, 27)) == "2026-11-28 09:00:00 +07:00");
}

TEST_CASE("cron: 0 and 7 are both Sunday", "[schedule][cron]") {
  const TimePoint thursday = wib(2026, 11, 26);
  CHECK(next("0 0 * * 0", thursday) == "2026-11-29 00:00:00 +07:00");
  CHECK(next("0 0 * * 7", thursday) == "2026-11-29 00:00:00 +07:00");
  CHECK(next("0 0 * * SUN", thursday) == "2026-11-29 00:00:00 +07:00");
  CHECK(next("0 0 * * 5-7", wib(2026, 11, 28, 1)) == "2026-11-29 00:00:00 +07:00");
}

TEST_CASE("cron: day 31 skips the months that have no 31st", "[schedule][cron]") {
  CHECK(next("0 0 31 * *", wib(2026, 1, 31)) == "2026-03-31 00:00:00 +07:00");
  CHECK(next("0 0 31 * *", wib(2026, 3, 31)) == "2026-05-31 00:00:00 +07:00");
  CHECK(next("0 0 30 * *", wib(2026, 1, 30)) == "2026-03-30 00:00:00 +07:00");
}

TEST_CASE("cron: February 29 waits for the next leap year, skipping 2100", "[schedule][cron]") {
  CHECK(next("0 0 29 2 *", wib(2026, 3, 1)) == "2028-02-29 00:00:00 +07:00");
  CHECK(next("0 0 29 2 *", wib(2028, 2, 28, 23, 59)) == "2028-02-29 00:00:00 +07:00");
  CHECK(next("0 0 29 2 *", wib(2096, 3, 1)) == "2104-02-29 00:00:00 +07:00");
}

TEST_CASE("cron: the end of a year rolls into the next", "[schedule][cron]") {
  CHECK(next("0 0 1 1 *", wib(2026, 12, 31, 23, 59)) == "2027-01-01 00:00:00 +07:00");
  CHECK(next("30 23 31 12 *", wib(2026, 12, 31, 23, 30)) == "2027-12-31 23:30:00 +07:00");
}

TEST_CASE("cron: restricted day-of-month and day-of-week match when EITHER does",
          "[schedule][cron]") {
  // Thursday 2026-11-26: the next Monday (the 30th) comes before the 1st.
  CHECK(next("0 2 1 * MON", wib(2026, 11, 26)) == "2026-11-30 02:00:00 +07:00");
  CHECK(next("0 2 1 * MON", wib(2026, 11, 30, 2)) == "2026-12-01 02:00:00 +07:00");
  CHECK(next("0 2 1 * MON", wib(2026, 12, 1, 2)) == "2026-12-07 02:00:00 +07:00");
  // February 30 never comes, but with a day of the week the expression still runs.
  CHECK(next("0 0 30 2 MON", wib(2026, 1, 1)) == "2026-02-02 00:00:00 +07:00");
}

TEST_CASE("cron: a day field starting with * makes both day fields match together",
          "[schedule][cron]") {
  // Mondays in November 2026: 2, 9, 16, 23, 30; odd ones: 9 and 23.
  CHECK(next("0 2 */2 * MON", wib(2026, 11, 1)) == "2026-11-09 02:00:00 +07:00");
  CHECK(next("0 2 */2 * MON", wib(2026, 11, 9, 3)) == "2026-11-23 02:00:00 +07:00");
  CHECK(next("0 2 1 * *", wib(2026, 11, 26)) == "2026-12-01 02:00:00 +07:00");
}

TEST_CASE("cron: macros stand for their five-field forms", "[schedule][cron]") {
  const TimePoint t = wib(2026, 11, 26, 10, 30);  // a Thursday
  CHECK(next("@hourly", t) == "2026-11-26 11:00:00 +07:00");
  CHECK(next("@daily", t) == "2026-11-27 00:00:00 +07:00");
  CHECK(next("@midnight", t) == "2026-11-27 00:00:00 +07:00");
  CHECK(next("@weekly", t) == "2026-11-29 00:00:00 +07:00");
  CHECK(next("@monthly", t) == "2026-12-01 00:00:00 +07:00");
  CHECK(next("@yearly", t) == "2027-01-01 00:00:00 +07:00");
  CHECK(next("@annually", t) == "2027-01-01 00:00:00 +07:00");
  CHECK(cron(" @daily ").text() == "@daily");
}

TEST_CASE("cron: matches() agrees with next_after()", "[schedule][cron]") {
  CHECK(matches("0 2 * * *", wib(2026, 11, 27, 2, 0)));
  CHECK_FALSE(matches("0 2 * * *", wib(2026, 11, 27, 2, 1)));
  CHECK(matches("0 2 1 * MON", wib(2026, 11, 30, 2, 0)));
  CHECK_FALSE(matches("0 2 */2 * MON", wib(2026, 11, 30, 2, 0)));
}

TEST_CASE("cron: tabs and repeated spaces separate fields", "[schedule][cron]") {
  CHECK(next("0\t2  *   * *", wib(2026, 11, 27, 3)) == "2026-11-28 02:00:00 +07:00");
}

// ---- broken expressions: each message quotes the expression and the field ----------------

constexpr const char* kTakes = "ranges a-b and steps */n or a-b/n)";

TEST_CASE("cron: the wrong number of fields is refused with the expected form",
          "[schedule][cron]") {
  CHECK(error_of("0 2 * *") ==
        "cron expression \"0 2 * *\" has 4 fields; it needs 5: minute hour day-of-month month "
        "day-of-week, e.g. \"0 2 * * *\" for 02:00 every day");
  CHECK(error_of("") ==
        "cron expression \"\" has 0 fields; it needs 5: minute hour day-of-month month "
        "day-of-week, e.g. \"0 2 * * *\" for 02:00 every day");
  CHECK(error_of("0 2 * * * 2026") ==
        "cron expression \"0 2 * * * 2026\" has 6 fields; it needs 5: minute hour day-of-month "
        "month day-of-week, e.g. \"0 2 * * *\" for 02:00 every day");
}

TEST_CASE("cron: a value out of range names the field and its range", "[schedule][cron]") {
  CHECK(error_of("0 25 * * *") ==
        "cron expression \"0 25 * * *\": hour field \"25\": 25 is outside 0-23 (the hour field "
        "takes 0-23, *, lists a,b,c, ranges a-b and steps */n or a-b/n)");
  CHECK(error_of("60 * * * *") ==
        "cron expression \"60 * * * *\": minute field \"60\": 60 is outside 0-59 (the minute "
        "field takes 0-59, *, lists a,b,c, ranges a-b and steps */n or a-b/n)");
  CHECK(error_of("* * 0 * *") ==
        "cron expression \"* * 0 * *\": day-of-month field \"0\": 0 is outside 1-31 (the "
        "day-of-month field takes 1-31, *, lists a,b,c, ranges a-b and steps */n or a-b/n)");
  CHECK(error_of("* * * 13 *") ==
        "cron expression \"* * * 13 *\": month field \"13\": 13 is outside 1-12 (the month "
        "field takes 1-12 or JAN-DEC, *, lists a,b,c, ranges a-b and steps */n or a-b/n)");
  CHECK(error_of("* * * * 8") ==
        "cron expression \"* * * * 8\": day-of-week field \"8\": 8 is outside 0-7 (the "
        "day-of-week field takes 0-7 or SUN-SAT (0 and 7 are Sunday), *, lists a,b,c, ranges "
        "a-b and steps */n or a-b/n)");
}

TEST_CASE("cron: words that are not names are refused", "[schedule][cron]") {
  CHECK(error_of("* * * JANUARY *") ==
        std::string("cron expression \"* * * JANUARY *\": month field \"JANUARY\": \"JANUARY\" "
                    "is not a number or a month name (the month field takes 1-12 or JAN-DEC, *, "
                    "lists a,b,c, ") +
            kTakes);
  CHECK(error_of("0 2 * * senin") ==
        std::string("cron expression \"0 2 * * senin\": day-of-week field \"senin\": \"senin\" "
                    "is not a number or a day name (the day-of-week field takes 0-7 or SUN-SAT "
                    "(0 and 7 are Sunday), *, lists a,b,c, ") +
            kTakes);
  CHECK(error_of("x * * * *") ==
        std::string("cron expression \"x * * * *\": minute field \"x\": \"x\" is not a number "
                    "(the minute field takes 0-59, *, lists a,b,c, ") +
            kTakes);
  CHECK(error_of("0 JAN * * *") ==
        std::string("cron expression \"0 JAN * * *\": hour field \"JAN\": \"JAN\" is not a "
                    "number (the hour field takes 0-23, *, lists a,b,c, ") +
            kTakes);
}

TEST_CASE("cron: malformed ranges, steps and lists are refused", "[schedule][cron]") {
  const std::string minute = "(the minute field takes 0-59, *, lists a,b,c, ";
  CHECK(error_of("5-2 * * * *") ==
        "cron expression \"5-2 * * * *\": minute field \"5-2\": the "
        "range \"5-2\" runs backwards " +
            minute + kTakes);
  CHECK(error_of("*/0 * * * *") ==
        "cron expression \"*/0 * * * *\": minute field \"*/0\": step "
        "\"0\" must be a number from 1 to 59 " +
            minute + kTakes);
  CHECK(error_of("*/x * * * *") ==
        "cron expression \"*/x * * * *\": minute field \"*/x\": step "
        "\"x\" must be a number from 1 to 59 " +
            minute + kTakes);
  CHECK(error_of("1,,2 * * * *") ==
        "cron expression \"1,,2 * * * *\": minute field \"1,,2\": a list has an empty element " +
            minute + kTakes);
  CHECK(error_of("1- * * * *") ==
        "cron expression \"1- * * * *\": minute field \"1-\": a range is missing a value " +
            minute + kTakes);
  CHECK(error_of("-5 * * * *") ==
        "cron expression \"-5 * * * *\": minute field \"-5\": a range is missing a value " +
            minute + kTakes);
}

TEST_CASE("cron: an expression that can never run is refused", "[schedule][cron]") {
  CHECK(error_of("0 0 30 2 *") ==
        "cron expression \"0 0 30 2 *\" never runs: none of its months has any of its days of "
        "the month");
  CHECK(error_of("0 0 31 4,6,9,11 *") ==
        "cron expression \"0 0 31 4,6,9,11 *\" never runs: none of its months has any of its "
        "days of the month");
  CHECK(CronExpression::parse("0 0 29 2 *").ok());
}

TEST_CASE("cron: unknown macros, @reboot included, are refused", "[schedule][cron]") {
  CHECK(error_of("@reboot") ==
        "unknown cron macro \"@reboot\" (known: @hourly, @daily, @midnight, @weekly, @monthly, "
        "@yearly, @annually)");
  CHECK(error_of("@fortnightly").starts_with("unknown cron macro \"@fortnightly\""));
}

}  // namespace
}  // namespace jaga::schedule
