// `jaga check --warning/--critical` (agent/cli/check_overrides.h): which thresholds each check's
// override sets, in which unit, and the exact refusals.
#include "cli/check_overrides.h"

#include <catch2/catch.hpp>

namespace jaga::cli {
namespace {

config::Config two_volumes() {
  config::Config c;
  c.server_check.volumes = {{"data", "/var/lib/mysql", 15, 5}, {"backup", "/srv", 20, 10}};
  return c;
}

std::string refusal(config::Config c, const std::vector<std::string>& names, const std::string& w,
                    const std::string& crit) {
  auto r = apply_threshold_overrides(c, names, w, crit);
  REQUIRE_FALSE(r.ok());
  return r.error().message;
}

}  // namespace

TEST_CASE("override durations are seconds or a number with s, m, h or d", "[cli][overrides]") {
  CHECK(*parse_override_seconds("--timeout", "90") == 90);
  CHECK(*parse_override_seconds("--timeout", "90s") == 90);
  CHECK(*parse_override_seconds("--timeout", "5m") == 300);
  CHECK(*parse_override_seconds("--timeout", "26h") == 26 * 3600);
  CHECK(*parse_override_seconds("--timeout", "1.5d") == 1.5 * 86400);
  for (const char* bad : {"", "m", "-5", "5x", "inf", "nan", "5 m", "1e3"}) {
    INFO(bad);
    CHECK_FALSE(parse_override_seconds("--timeout", bad).ok());
  }
  CHECK(parse_override_seconds("--warning", "ten").error().message ==
        "--warning ten: expected a duration: seconds, or a number with s, m, h or d (90, 90s, "
        "5m, 26h, 2d)");
}

TEST_CASE("replication overrides set the lag thresholds in whole seconds", "[cli][overrides]") {
  config::Config c;
  REQUIRE(apply_threshold_overrides(c, {"replication"}, "30", "2m").ok());
  CHECK(c.replication_check.lag_warn_seconds == 30);
  CHECK(c.replication_check.lag_crit_seconds == 120);
  CHECK(refusal(c, {"replication"}, "1.5", "") ==
        "--warning 1.5: replication lag is judged in whole seconds");
  CHECK(refusal(config::Config{}, {"replication"}, "400", "") ==
        "replication lag: the WARN threshold (400) must not be higher than the CRIT threshold "
        "(300)");
}

TEST_CASE("server overrides set the free space of every volume", "[cli][overrides]") {
  config::Config c = two_volumes();
  REQUIRE(apply_threshold_overrides(c, {"server"}, "30%", "").ok());
  CHECK(c.server_check.volumes[0].warn_free_percent == 30);
  CHECK(c.server_check.volumes[0].crit_free_percent == 5);
  CHECK(c.server_check.volumes[1].warn_free_percent == 30);
  CHECK(c.server_check.volumes[1].crit_free_percent == 10);
  CHECK(refusal(two_volumes(), {"server"}, "", "120") ==
        "--critical 120: expected a percentage of free space from 0 to 100, like 15 or 15%");
  CHECK(refusal(two_volumes(), {"server"}, "4", "") ==
        "free space of volume 'data': the WARN threshold (4) must not be lower than the CRIT "
        "threshold (5)");
  CHECK_THAT(refusal(config::Config{}, {"server"}, "5", ""),
             Catch::StartsWith("--warning/--critical for server: no volumes"));
}

TEST_CASE("backups overrides set the age of every set, the default set included",
          "[cli][overrides]") {
  config::Config c;
  REQUIRE(apply_threshold_overrides(c, {"backups"}, "12h", "1d").ok());
  REQUIRE(c.backups.sets.size() == 1);
  CHECK(c.backups.sets[0].name == "jaga");
  CHECK(c.backups.sets[0].rpo_warn_hours == 12);
  CHECK(c.backups.sets[0].rpo_crit_hours == 24);
}

TEST_CASE("consistency takes only --critical, in differing rows", "[cli][overrides]") {
  config::Config c;
  REQUIRE(apply_threshold_overrides(c, {"consistency"}, "", "10").ok());
  CHECK(c.consistency_check.differing_rows_crit == 10);
  CHECK_THAT(refusal(c, {"consistency"}, "1", ""),
             Catch::StartsWith("--warning for consistency: a differing row is never OK"));
  CHECK(refusal(c, {"consistency"}, "", "0") ==
        "--critical 0: expected a number of differing rows, 1 or more");
}

TEST_CASE("overrides need exactly one check with a main figure", "[cli][overrides]") {
  CHECK_THAT(refusal(config::Config{}, {}, "1", ""),
             Catch::StartsWith("--warning/--critical apply to one check's main figure: name "
                               "exactly one check (got none)"));
  CHECK_THAT(refusal(config::Config{}, {"server", "replication"}, "1", ""),
             Catch::Contains("(got server, replication)"));
  CHECK_THAT(refusal(config::Config{}, {"security"}, "1", ""),
             Catch::StartsWith("--warning/--critical: check security has no main figure"));
}

}  // namespace jaga::cli
