// The verdict rules (agent/report/verdict.h), one behaviour per test, on hand-made summaries:
// a healthy period is AMAN, and each rule alone turns one area to TIDAK DAPAT DINILAI or
// PERLU TINDAKAN.
#include "report/verdict.h"

#include <catch2/catch.hpp>

#include "tests/unit/schedule/times.h"

namespace jaga::report {
namespace {

using Catch::Contains;
using schedule::testing::kWib;
using schedule::testing::wib;
using std::chrono::hours;
using std::chrono::minutes;

const std::vector<ExpectedCheck> kExpected = {
    {"server", minutes(1)},         {"replication", minutes(1)},
    {"consistency", hours(24)},     {"security", hours(24)},
    {"backups", hours(1)},          {"backup", std::chrono::seconds(0)},
    {"restore_test", hours(24 * 7)}};

// A period of `kind` around 26 November 2026 in which every check ran throughout, one complete
// consistency run found nothing, backups were verified and a restore test passed.
Summary healthy(PeriodKind kind) {
  Summary s;
  s.period = period_containing(
      kind, Date{std::chrono::year(2026), std::chrono::November, std::chrono::day(26)}, kWib);
  for (const char* check :
       {"server", "replication", "consistency", "security", "backups", "restore_test"}) {
    s.counts.push_back(CheckCounts{check, "db1", {10, 0, 0, 0}, 60});
    s.results += 10;
  }
  s.consistency.push_back(
      ConsistencyRun{s.period.start + hours(2), "db1", Status::kOk, 20000.0, 0.0, {}, ""});
  s.backups.status_checks = s.backups.verified = 10;
  s.backups.restore_tests = s.backups.restore_passed = 1;
  return s;
}

const AreaVerdict& area(const PeriodVerdict& v, Area a) {
  return v.areas.at(static_cast<size_t>(a));
}

PeriodVerdict judge(const Summary& s, config::VerdictConfig rules = {}) {
  return judge_period(s, kExpected, rules);
}

Incident incident(const Summary& s, const char* check, Status status, hours from, hours to,
                  bool open) {
  return Incident{check, "db1", status, s.period.start + from, s.period.start + to, open, "x", "x"};
}

TEST_CASE("a period with every check running and nothing found is AMAN", "[report][verdict]") {
  for (PeriodKind kind : {PeriodKind::kDaily, PeriodKind::kWeekly, PeriodKind::kMonthly}) {
    const PeriodVerdict v = judge(healthy(kind));
    CHECK(v.overall == Verdict::kAman);
    REQUIRE(v.areas.size() == 5);
    for (const AreaVerdict& a : v.areas) CHECK(a.verdict == Verdict::kAman);
    CHECK(v.unassessed_areas == 0);
  }
  CHECK(area(judge(healthy(PeriodKind::kDaily)), Area::kServer).reasons.at(0).id ==
        "10 hasil pemeriksaan server, tanpa status kritis yang tersisa di akhir periode dan "
        "tanpa peringatan lebih dari 24 jam.");
}

TEST_CASE("a summary without any evidence cannot be assessed in any area", "[report][verdict]") {
  Summary s;
  s.period = healthy(PeriodKind::kDaily).period;
  const PeriodVerdict v = judge(s);
  CHECK(v.overall == Verdict::kTidakDapatDinilai);
  for (const AreaVerdict& a : v.areas) CHECK(a.verdict == Verdict::kTidakDapatDinilai);
  CHECK(v.unassessed_areas == 5);
  CHECK(area(v, Area::kSecurity).reasons.at(0).id ==
        "Tidak ada hasil pemeriksaan keamanan dalam periode ini.");
}

TEST_CASE("a check silent for more than 10% of the period cannot be assessed",
          "[report][verdict]") {
  Summary s = healthy(PeriodKind::kDaily);
  const TimePoint t = s.period.start + hours(10);
  s.gaps.push_back(Gap{Gap::Kind::kNoResults, "server", "db1", t, t + hours(2) + minutes(24)});
  CHECK(area(judge(s), Area::kServer).verdict == Verdict::kAman);  // exactly 90%
  s.gaps.back().end = t + hours(3);
  const AreaVerdict a = area(judge(s), Area::kServer);
  CHECK(a.verdict == Verdict::kTidakDapatDinilai);
  CHECK(a.coverage_percent == Approx(87.5));
  CHECK(a.reasons.at(0).id == "Pemeriksaan server hanya mencakup 87,5% periode (minimal 90%).");
}

TEST_CASE("a check not due in the period is not held to coverage", "[report][verdict]") {
  Summary s = healthy(PeriodKind::kDaily);
  std::erase_if(s.counts, [](const CheckCounts& c) { return c.check == "restore_test"; });
  s.backups.restore_tests = s.backups.restore_passed = 0;
  s.gaps.push_back(
      Gap{Gap::Kind::kNeverRun, "restore_test", "", s.period.start, s.period.end});  // weekly
  CHECK(area(judge(s), Area::kBackups).verdict == Verdict::kAman);
}

TEST_CASE("a day without a complete consistency run cannot be assessed", "[report][verdict]") {
  Summary s = healthy(PeriodKind::kDaily);
  s.consistency[0].status = Status::kUnknown;  // a table was not compared
  const AreaVerdict a = area(judge(s), Area::kConsistency);
  CHECK(a.verdict == Verdict::kTidakDapatDinilai);
  CHECK(a.reasons.at(0).id ==
        "Tidak ada pemeriksaan konsistensi yang selesai lengkap dalam periode ini.");
}

TEST_CASE("a day without a verified backup cannot be assessed", "[report][verdict]") {
  Summary s = healthy(PeriodKind::kDaily);
  s.backups.verified = 0;  // every backups check found a set stale, small or damaged
  const AreaVerdict a = area(judge(s), Area::kBackups);
  CHECK(a.verdict == Verdict::kTidakDapatDinilai);
  CHECK(a.reasons.at(0).id == "Tidak ada cadangan yang terverifikasi utuh dalam periode ini.");
}

TEST_CASE("a week or month without a passed restore test cannot be assessed, a day can",
          "[report][verdict]") {
  for (PeriodKind kind : {PeriodKind::kDaily, PeriodKind::kWeekly, PeriodKind::kMonthly}) {
    Summary s = healthy(kind);
    s.backups.restore_passed = 0;  // the one test failed
    const AreaVerdict a = area(judge(s), Area::kBackups);
    CHECK(a.verdict == (kind == PeriodKind::kDaily ? Verdict::kAman : Verdict::kTidakDapatDinilai));
    if (kind != PeriodKind::kDaily) {
      CHECK(a.reasons.at(0).id == "Tidak ada uji pemulihan yang lulus dalam periode ini.");
    }
  }
}

TEST_CASE("a CRIT still CRIT at the period's end needs action, one that ended does not",
          "[report][verdict]") {
  Summary s = healthy(PeriodKind::kDaily);
  s.incidents.push_back(incident(s, "server", Status::kCrit, hours(14), hours(15), false));
  CHECK(area(judge(s), Area::kServer).verdict == Verdict::kAman);
  s.incidents.push_back(incident(s, "server", Status::kCrit, hours(20), hours(24), true));
  const AreaVerdict a = area(judge(s), Area::kServer);
  CHECK(a.verdict == Verdict::kPerluTindakan);
  CHECK(a.reasons.at(0).id ==
        "Pemeriksaan server masih berstatus kritis di akhir periode (sejak 20:00).");
}

TEST_CASE("a consistency run that found differing rows needs action", "[report][verdict]") {
  Summary s = healthy(PeriodKind::kDaily);
  s.consistency[0].status = Status::kCrit;
  s.consistency[0].differing_rows = 2;
  const AreaVerdict a = area(judge(s), Area::kConsistency);
  CHECK(a.verdict == Verdict::kPerluTindakan);
  CHECK_THAT(a.reasons.at(0).id, Contains("menemukan baris yang berbeda antara server utama dan "
                                          "server cadangan (terbanyak 2 baris"));
}

TEST_CASE("a WARN longer than 24 hours needs action, a shorter one does not", "[report][verdict]") {
  Summary s = healthy(PeriodKind::kWeekly);
  s.incidents.push_back(incident(s, "replication", Status::kWarn, hours(1), hours(24), false));
  CHECK(area(judge(s), Area::kReplication).verdict == Verdict::kAman);
  s.incidents.back().end = s.period.start + hours(26);
  const AreaVerdict a = area(judge(s), Area::kReplication);
  CHECK(a.verdict == Verdict::kPerluTindakan);
  CHECK(a.reasons.at(0).id ==
        "Pemeriksaan replikasi berstatus peringatan lebih dari 24 jam (sejak 23-11 01:00).");
}

TEST_CASE("an area that cannot be assessed is never summed up as AMAN", "[report][verdict]") {
  Summary s = healthy(PeriodKind::kDaily);
  std::erase_if(s.counts, [](const CheckCounts& c) { return c.check == "security"; });
  const PeriodVerdict v = judge(s);
  CHECK(area(v, Area::kSecurity).verdict == Verdict::kTidakDapatDinilai);
  CHECK(v.overall == Verdict::kTidakDapatDinilai);
  CHECK(v.unassessed_areas == 1);
}

TEST_CASE("action outranks what could not be assessed, which stays counted", "[report][verdict]") {
  Summary s = healthy(PeriodKind::kDaily);
  std::erase_if(s.counts, [](const CheckCounts& c) { return c.check == "security"; });
  s.backups.verified = 0;
  s.incidents.push_back(incident(s, "backups", Status::kCrit, hours(3), hours(24), true));
  const PeriodVerdict v = judge(s);
  CHECK(v.overall == Verdict::kPerluTindakan);
  CHECK(v.unassessed_areas == 2);
  const AreaVerdict& backups = area(v, Area::kBackups);
  CHECK(backups.verdict == Verdict::kPerluTindakan);
  REQUIRE(backups.missing.size() == 1);  // the unverified backup is kept with the action
  CHECK_THAT(backups.missing[0].id, Contains("terverifikasi utuh"));
}

TEST_CASE("the coverage and WARN thresholds come from the configuration", "[report][verdict]") {
  Summary s = healthy(PeriodKind::kWeekly);
  const TimePoint t = s.period.start + hours(30);
  s.gaps.push_back(Gap{Gap::Kind::kNoResults, "replication", "db1", t, t + hours(24)});  // 85.7%
  s.incidents.push_back(incident(s, "server", Status::kWarn, hours(1), hours(14), false));
  CHECK(area(judge(s), Area::kReplication).verdict == Verdict::kTidakDapatDinilai);
  CHECK(area(judge(s), Area::kServer).verdict == Verdict::kAman);
  config::VerdictConfig rules;
  rules.min_coverage_percent = 80;
  rules.max_warn_hours = 12;
  CHECK(area(judge(s, rules), Area::kReplication).verdict == Verdict::kAman);
  CHECK(area(judge(s, rules), Area::kServer).verdict == Verdict::kPerluTindakan);
  rules.max_warn_hours = 12.5;
  CHECK(area(judge(s, rules), Area::kServer).reasons.at(0).id ==
        "Pemeriksaan server berstatus peringatan lebih dari 12,5 jam (sejak 23-11 01:00).");
}

TEST_CASE("verdicts and areas are named in both languages and coded for the JSON",
          "[report][verdict]") {
  CHECK(verdict_text(Verdict::kTidakDapatDinilai, "id") == "TIDAK DAPAT DINILAI");
  CHECK(verdict_text(Verdict::kPerluTindakan, "en") == "ACTION REQUIRED");
  CHECK(verdict_code(Verdict::kPerluTindakan) == "PERLU_TINDAKAN");
  CHECK(area_code(Area::kBackups) == "backups");
  CHECK(area_text(Area::kBackups, "id") == "Cadangan dan uji pemulihan");
}

}  // namespace
}  // namespace jaga::report
