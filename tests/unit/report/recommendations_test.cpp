// The recommended actions read as the report's language writes: Indonesian durations and decimal
// commas in the Indonesian text, and only the findings that were seen.
#include "report/recommendations.h"

#include <catch2/catch.hpp>

namespace jaga::report {
namespace {

using Catch::Contains;

Recommendation find(const std::vector<Recommendation>& all, const std::string& code) {
  for (const Recommendation& r : all) {
    if (r.code == code) return r;
  }
  FAIL("no recommendation " << code);
  return all.front();
}

TEST_CASE("recommendations use the language's durations and numbers", "[report][recommend]") {
  Summary s;
  s.availability.push_back({"db1", "backup", 10000, 9984});
  LagSummary lag;
  lag.host = "db1";
  lag.seconds_above_crit = 6600;
  s.lag.push_back(lag);
  const auto all = recommend(s, {{"db1", "Server Utama"}});

  const Recommendation& reach = find(all, "availability_backup");
  CHECK(reach.id ==
        "Periksa penyebab server cadangan tidak terjangkau dari Server Utama (99,84% tersedia).");
  CHECK_THAT(reach.en, Contains("(99.84% available)"));
  const Recommendation& repl = find(all, "replication");
  CHECK(repl.id ==
        "Periksa replikasi pada server cadangan: keterlambatan di atas batas kritis selama 1 jam "
        "50 menit.");
  CHECK(repl.en ==
        "Check replication on the backup server: lag above the critical threshold for 1 h 50 min.");
}

TEST_CASE("a replication recommendation names only what was seen", "[report][recommend]") {
  Summary s;
  LagSummary lag;
  lag.host = "db1";
  lag.without_lag = 1234;
  s.lag.push_back(lag);
  const Recommendation repl = find(recommend(s, {{"db1", "Server Utama"}}), "replication");
  CHECK(repl.id ==
        "Periksa replikasi pada server cadangan: 1.234 pemeriksaan tanpa nilai keterlambatan "
        "(proses replikasi berhenti atau server tidak terjangkau).");
  s.lag[0].seconds_above_crit = 90;
  CHECK_THAT(find(recommend(s, {{"db1", "Server Utama"}}), "replication").en,
             Contains("threshold for 1 min, 1,234 checks without a lag"));
}

}  // namespace
}  // namespace jaga::report

namespace jaga::report {
namespace {

TEST_CASE("a period without evidence is never said to need no action", "[report][recommend]") {
  Summary empty;
  const auto none = recommend(empty, {});
  REQUIRE_FALSE(none.empty());
  CHECK(none.front().code == "checks_missing");
  for (const Recommendation& r : none) CHECK(r.code != "no_action");
  Summary quiet;
  quiet.results = 100;
  quiet.backups.taken = 1;
  quiet.backups.restore_tests = 1;
  const auto fine = recommend(quiet, {});
  REQUIRE(fine.size() == 1);
  CHECK(fine.front().code == "no_action");
}

}  // namespace
}  // namespace jaga::report
