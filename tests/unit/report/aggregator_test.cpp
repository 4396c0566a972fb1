// Aggregating a period's evidence from a real store: availability, lag statistics, incidents,
// gaps, consistency runs, volumes and the days of a week.
#include "report/aggregator.h"

#include <catch2/catch.hpp>

#include "tests/unit/report/evidence_fixture.h"
#include "tests/unit/schedule/times.h"

namespace jaga::report {
namespace {

using schedule::testing::kWib;
using schedule::testing::wib;
using std::chrono::minutes;
using testing::EvidenceFixture;
using testing::fill_day;

const std::vector<ExpectedCheck> kExpected = {{"server", minutes(1)},
                                              {"replication", minutes(1)},
                                              {"consistency", std::chrono::hours(24)},
                                              {"backups", std::chrono::hours(24)},
                                              {"backup", std::chrono::hours(24)},
                                              {"restore_test", std::chrono::hours(24)}};

Date nov(unsigned d) {
  return Date{std::chrono::year(2026), std::chrono::November, std::chrono::day(d)};
}

TEST_CASE("a day with an agent stop, an unreachable backup and lag incidents",
          "[report][aggregate]") {
  EvidenceFixture f;
  fill_day(f, 26);
  f.add("server", "db1", wib(2026, 11, 27, 0, 0, 5), Status::kOk, "next day: not in the period");
  const Period day = period_containing(PeriodKind::kDaily, nov(26), kWib);
  auto s = aggregate_period(f.store(), day, kExpected);
  REQUIRE(s.ok());
  CHECK(s->results == 2 * (1440 - 30) + 1);

  REQUIRE(s->availability.size() == 2);
  CHECK(s->availability[0].server == "backup");
  CHECK(s->availability[0].checks == 1410);
  CHECK(s->availability[0].reached == 1400);
  CHECK(s->availability[1].server == "primary");
  CHECK(s->availability[1].percent() == 100.0);

  REQUIRE(s->lag.size() == 1);
  const LagSummary& lag = s->lag[0];
  CHECK(lag.samples == 1410);
  CHECK(lag.median == 0);
  CHECK(lag.max == 400);
  CHECK(lag.seconds_above_warn == Approx(25 * 60));
  CHECK(lag.seconds_above_crit == Approx(5 * 60));

  // Incidents: replication WARN 08:00-08:20, CRIT 08:20-08:25, server CRIT 14:00-14:10, and
  // consistency CRIT still open when the day ended.
  REQUIRE(s->incidents.size() == 4);
  CHECK(s->incidents[0].check == "consistency");
  CHECK(s->incidents[0].open);
  CHECK(s->incidents[0].summary == "siak.penduduk: 2 rows differ, e.g. 3322********0001");
  CHECK(s->incidents[1].check == "replication");
  CHECK(s->incidents[1].status == Status::kWarn);
  CHECK(s->incidents[1].seconds() == 20 * 60);
  CHECK(s->incidents[2].status == Status::kCrit);
  CHECK(s->incidents[2].seconds() == 5 * 60);
  CHECK(s->incidents[3].check == "server");
  CHECK(s->incidents[3].seconds() == 10 * 60);
  CHECK_FALSE(s->incidents[3].open);

  // Gaps: the agent's half hour for both minutely checks, three backup checks never run.
  std::vector<std::string> gaps;
  for (const Gap& g : s->gaps) {
    gaps.push_back(g.check + "/" + std::to_string(static_cast<int>(g.kind)) + "/" +
                   std::to_string(static_cast<int>(g.seconds())));
  }
  CHECK(gaps == std::vector<std::string>{"replication/0/1860", "server/0/1860", "backups/1/86400",
                                         "backup/1/86400", "restore_test/1/86400"});

  // The two checks were silent at the same time: the agent's half hour counts once.
  CHECK(headline(*s).gap_seconds == Approx(1860));

  REQUIRE(s->consistency.size() == 1);
  CHECK(s->consistency[0].differing_rows == 2.0);
  CHECK(s->consistency[0].findings.at(0).find("3322010101900001") == std::string::npos);

  REQUIRE(s->volumes.size() == 1);
  CHECK(s->volumes[0].name == "data");
  CHECK(s->volumes[0].first == 40);
  CHECK(s->volumes[0].last == Approx(40 - 1439 / 720.0));
  CHECK(s->volumes[0].warn == 15.0);
  CHECK(s->days.empty());
  // 144 ten-minute buckets; the agent's stop leaves holes.
  REQUIRE(s->lag_series.values.size() == 144);
  CHECK(s->lag_series.values[48] == 120.0);
  CHECK(s->lag_series.values[50] == 400.0);
  CHECK_FALSE(s->lag_series.values[60].has_value());
  CHECK_FALSE(s->lag_series.values[62].has_value());
}

TEST_CASE("a week summarises its days and a day without evidence is a gap", "[report][aggregate]") {
  EvidenceFixture f;
  fill_day(f, 24);
  fill_day(f, 25);
  const Period week = period_containing(PeriodKind::kWeekly, nov(25), kWib);
  auto s = aggregate_period(f.store(), week, kExpected);
  REQUIRE(s.ok());
  REQUIRE(s->days.size() == 7);
  CHECK(format_date(s->days[0].date) == "2026-11-23");
  CHECK(s->days[0].results == 0);
  CHECK_FALSE(s->days[0].primary_percent.has_value());
  CHECK(s->days[0].gap_seconds == Approx(86400));  // Monday: no check ran
  CHECK(s->days[1].results == 2 * 1410 + 1);
  CHECK(s->days[1].backup_percent == Approx(100.0 * 1400 / 1410));
  CHECK(s->days[1].lag_max == 400.0);
  CHECK(s->days[1].consistency == Status::kCrit);
  CHECK(s->days[1].incidents >= 3);
  // The agent's half hour on both minutely checks, and the first 5 s of the day before their
  // first result (the silence that began on Monday).
  CHECK(s->days[1].gap_seconds == Approx(1860 + 5));
  // Thursday: both minutely checks silent, and the daily consistency check more than two days late.
  CHECK(s->days[3].gap_seconds == Approx(86400));
  const Headline h = headline(*s);
  CHECK(h.consistency_runs == 2);
  CHECK(h.differing_rows == 4);
  CHECK(h.lag_max == 400.0);

  auto previous = aggregate_period(f.store(), previous_period(week), kExpected);
  REQUIRE(previous.ok());
  CHECK(previous->results == 0);
  // Without a single result there is no count of incidents, not zero of them.
  CHECK_FALSE(headline(*previous).incidents.has_value());
  CHECK_FALSE(headline(*previous).differing_rows.has_value());
  CHECK_FALSE(headline(*previous).seconds_above_warn.has_value());
  CHECK(headline(*previous).gap_seconds == Approx(7 * 86400));  // the whole week without evidence
  // A check that never ran in the previous week is a gap, not an omission.
  CHECK(previous->gaps.size() == kExpected.size());
}

TEST_CASE("the security check's findings are summarised once each with the worst status",
          "[report][aggregate]") {
  EvidenceFixture f;
  f.add("security", "db1", wib(2026, 11, 26, 1, 0, 0), Status::kOk, "no findings");
  f.add("security", "db1", wib(2026, 11, 26, 2, 0, 0), Status::kWarn,
        "primary: grants changed since the last run: added [clerk@localhost]");
  f.add("security", "db1", wib(2026, 11, 26, 3, 0, 0), Status::kCrit,
        "backup: account without a password: clerk@localhost");
  f.add("security", "db1", wib(2026, 11, 26, 4, 0, 0), Status::kCrit,
        "backup: account without a password: clerk@localhost");
  const Period day = period_containing(PeriodKind::kDaily, nov(26), kWib);
  auto s = aggregate_period(f.store(), day, {{"security", std::chrono::hours(1)}});
  REQUIRE(s.ok());
  CHECK(s->security.runs == 4);
  CHECK(s->security.worst == Status::kCrit);
  CHECK(s->security.findings ==
        std::vector<std::string>{
            "primary: grants changed since the last run: added [clerk@localhost]",
            "backup: account without a password: clerk@localhost"});
}

TEST_CASE("percentiles by nearest rank", "[report][aggregate]") {
  std::vector<double> v = {5, 1, 4, 2, 3};
  CHECK(percentile(v, 50) == 3);
  CHECK(percentile(v, 95) == 5);
  std::vector<double> one = {7};
  CHECK(percentile(one, 95) == 7);
  std::vector<double> hundred;
  for (int i = 1; i <= 100; ++i) hundred.push_back(i);
  CHECK(percentile(hundred, 95) == 95);
}

}  // namespace
}  // namespace jaga::report
