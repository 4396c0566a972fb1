// The [schedule] section of the configuration: defaults, good input and every kind of mistake,
// each reported with the file, line and key.
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>
#include <string>

#include "config/config.h"
#include "tests/unit/schedule/times.h"

namespace jaga::config {
namespace {

using Catch::Contains;
using schedule::testing::in_wib;
using schedule::testing::wib;

constexpr const char* kPath = "/etc/jaga/jaga.toml";

// Both servers, on lines 1-6; what a test adds starts on line 7.
const std::string kServers =
    "[servers.primary]\nhost = \"127.0.0.1\"\nuser = \"jaga\"\n"
    "[servers.backup]\nhost = \"10.0.0.2\"\nuser = \"jaga\"\n";

Config parse(const std::string& schedule) {
  Result<Config> config = parse_config(kServers + schedule, kPath);
  if (!config) FAIL(config.error().message);
  return *config;
}

std::string error_of(const std::string& schedule) {
  Result<Config> config = parse_config(kServers + schedule, kPath);
  REQUIRE_FALSE(config.ok());
  return config.error().message;
}

std::string describe(const schedule::Job& job) {
  return job.name() + ": " + job.when.describe() + (job.heavy ? ", heavy" : "");
}

TEST_CASE(
    "no [schedule]: server and replication every minute, consistency at 02:00, heavy, "
    "security hourly, reports drafted at 01:00",
    "[schedule][config]") {
  const Config config = parse("");
  const schedule::Plan& plan = config.schedule;
  REQUIRE(plan.jobs.size() == 7);
  CHECK(describe(plan.jobs[0]) == "server: every 1m");
  CHECK(describe(plan.jobs[1]) == "replication: every 1m");
  CHECK(describe(plan.jobs[2]) == "consistency: cron \"0 2 * * *\", heavy");
  CHECK(describe(plan.jobs[3]) == "security: every 1h");
  CHECK(describe(plan.jobs[4]) == "report_daily: cron \"0 1 * * *\"");
  CHECK(describe(plan.jobs[5]) == "report_weekly: cron \"0 1 * * MON\"");
  CHECK(describe(plan.jobs[6]) == "report_monthly: cron \"0 1 1 * *\"");
  CHECK(plan.maintenance.empty());
  CHECK(plan.zone.offset() == UtcOffset::of_host(std::chrono::system_clock::now()).offset());
}

TEST_CASE("[schedule] with jobs and a maintenance window", "[schedule][config]") {
  const Config config = parse(R"(
[schedule]
time_zone = "+07:00"
[[schedule.jobs]]
check = "replication"
every = "1m"
[[schedule.jobs]]
check = "consistency"
cron = "0 2 * * *"
[[schedule.jobs]]
check = "server"
cron = "@every 30s"
heavy = true
[[schedule.maintenance]]
cron = "0 1 * * 0"
duration_minutes = 120
)");
  const schedule::Plan& plan = config.schedule;
  CHECK(plan.zone.name() == "+07:00");
  REQUIRE(plan.jobs.size() == 6);  // and the three default report jobs
  CHECK(describe(plan.jobs[0]) == "replication: every 1m");
  CHECK(describe(plan.jobs[1]) == "consistency: cron \"0 2 * * *\", heavy");
  CHECK(describe(plan.jobs[2]) == "server: every 30s, heavy");
  REQUIRE(plan.maintenance.size() == 1);
  CHECK(plan.maintenance[0].start.text() == "0 1 * * 0");
  CHECK(plan.maintenance[0].duration == std::chrono::minutes(120));
  CHECK(in_wib(plan.jobs[1].when.next_after(wib(2026, 11, 27, 3), plan.zone)) ==
        "2026-11-28 02:00:00 +07:00");
}

TEST_CASE("[schedule] without jobs keeps the default jobs in its time zone", "[schedule][config]") {
  const Config config = parse("[schedule]\ntime_zone = \"WITA\"\n");
  CHECK(config.schedule.zone.name() == "+08:00");
  CHECK(config.schedule.jobs.size() == 7);
}

TEST_CASE("a consistency job can be made light", "[schedule][config]") {
  const Config config =
      parse("[[schedule.jobs]]\ncheck = \"consistency\"\ncron = \"@daily\"\nheavy = false\n");
  REQUIRE(config.schedule.jobs.size() == 4);  // and the three default report jobs
  CHECK_FALSE(config.schedule.jobs[0].heavy);
}

TEST_CASE("the example configuration's schedule loads", "[schedule][config]") {
  const std::string path = std::string(JAGA_SOURCE_DIR) + "/config/jaga.example.toml";
  std::ifstream in(path);
  REQUIRE(in);
  std::stringstream text;
  text << in.rdbuf();
  Result<Config> config = parse_config(text.str(), path);
  if (!config) FAIL(config.error().message);
  CHECK(config->schedule.zone.name() == "+07:00");
  REQUIRE(config->schedule.jobs.size() == 6);
  CHECK(describe(config->schedule.jobs[2]) == "consistency: cron \"0 2 * * *\", heavy");
  CHECK(describe(config->schedule.jobs[3]) == "report_daily: cron \"0 1 * * *\"");
  CHECK(describe(config->schedule.jobs[4]) == "report_weekly: cron \"0 1 * * MON\"");
  CHECK(describe(config->schedule.jobs[5]) == "report_monthly: cron \"0 1 1 * *\"");
  CHECK(config->schedule.maintenance.size() == 1);
}

TEST_CASE("schedule.reports jobs draft reports next to the default check jobs",
          "[schedule][config]") {
  const Config config = parse(R"(
[schedule]
time_zone = "WIB"
[[schedule.reports]]
period = "daily"
cron = "0 1 * * *"
[[schedule.reports]]
period = "monthly"
cron = "30 1 1 * *"
)");
  const schedule::Plan& plan = config.schedule;
  REQUIRE(plan.jobs.size() == 6);  // the four default check jobs stay; no default weekly job
  CHECK(describe(plan.jobs[4]) == "report_daily: cron \"0 1 * * *\"");
  CHECK(plan.jobs[4].report == "daily");
  CHECK(plan.jobs[4].check.empty());
  CHECK(describe(plan.jobs[5]) == "report_monthly: cron \"30 1 1 * *\"");
  CHECK(in_wib(plan.jobs[5].when.next_after(wib(2026, 11, 27, 3), plan.zone)) ==
        "2026-12-01 01:30:00 +07:00");
}

TEST_CASE("a broken report job names the line and the key", "[schedule][config]") {
  CHECK(error_of("[[schedule.reports]]\ncron = \"0 1 * * *\"\n") ==
        "/etc/jaga/jaga.toml:7:1: missing required key 'schedule.reports[0].period'");
  CHECK(error_of("[[schedule.reports]]\nperiod = \"yearly\"\ncron = \"0 1 * * *\"\n") ==
        "/etc/jaga/jaga.toml:8:10: 'schedule.reports[0].period': must be daily, weekly or "
        "monthly, got \"yearly\"");
  CHECK(error_of("[[schedule.reports]]\nperiod = \"daily\"\n") ==
        "/etc/jaga/jaga.toml:7:1: a job needs either 'cron' (e.g. \"0 2 * * *\") or 'every' (e.g. "
        "\"15m\")");
  CHECK_THAT(error_of("[[schedule.reports]]\nperiod = \"daily\"\ncron = \"0 25 * * *\"\n"),
             Contains("/etc/jaga/jaga.toml:9:8: 'schedule.reports[0].cron': cron expression "
                      "\"0 25 * * *\": hour field \"25\": 25 is outside 0-23"));
  CHECK(error_of("[[schedule.reports]]\nperiod = \"daily\"\ncron = \"@daily\"\n"
                 "[[schedule.reports]]\nperiod = \"daily\"\nevery = \"1d\"\n") ==
        "/etc/jaga/jaga.toml:11:10: 'schedule.reports[1].period': the daily report already has a "
        "job; give each period one");
  CHECK_THAT(error_of("[[schedule.reports]]\nperiod = \"daily\"\nevery = \"1d\"\ncheck = "
                      "\"server\"\n"),
             Contains("unknown key 'schedule.reports[0].check'"));
}

// ---- mistakes ----------------------------------------------------------------------------

TEST_CASE("an unknown check name is an error naming the known ones", "[schedule][config]") {
  CHECK(error_of("[[schedule.jobs]]\ncheck = \"replikasi\"\nevery = \"1m\"\n") ==
        "/etc/jaga/jaga.toml:8:9: 'schedule.jobs[0].check': unknown check 'replikasi' (known "
        "checks: server, replication, consistency, security, backups)");
}

TEST_CASE("a bad cron expression names the line, the key and the field", "[schedule][config]") {
  CHECK(error_of("[[schedule.jobs]]\ncheck = \"consistency\"\ncron = \"0 25 * * *\"\n") ==
        "/etc/jaga/jaga.toml:9:8: 'schedule.jobs[0].cron': cron expression \"0 25 * * *\": hour "
        "field \"25\": 25 is outside 0-23 (the hour field takes 0-23, *, lists a,b,c, ranges a-b "
        "and steps */n or a-b/n)");
}

TEST_CASE("a bad interval names the line and the key", "[schedule][config]") {
  CHECK(error_of("[[schedule.jobs]]\ncheck = \"server\"\nevery = \"1 minute\"\n") ==
        "/etc/jaga/jaga.toml:9:9: 'schedule.jobs[0].every': bad interval \"1 minute\": write a "
        "whole number with a unit s, m, h or d, e.g. \"30s\", \"15m\", \"1h30m\" or \"1d\"");
}

TEST_CASE("a job needs exactly one of cron and every", "[schedule][config]") {
  const std::string expected =
      "/etc/jaga/jaga.toml:7:1: a job needs either 'cron' (e.g. \"0 2 * * *\") or 'every' (e.g. "
      "\"15m\")";
  CHECK(error_of("[[schedule.jobs]]\ncheck = \"server\"\n") == expected);
  CHECK(error_of("[[schedule.jobs]]\ncheck = \"server\"\nevery = \"1m\"\ncron = \"* * * * *\"\n") ==
        expected);
}

TEST_CASE("a job without a check is an error", "[schedule][config]") {
  CHECK(error_of("[[schedule.jobs]]\nevery = \"1m\"\n") ==
        "/etc/jaga/jaga.toml:7:1: missing required key 'schedule.jobs[0].check'");
}

TEST_CASE("a check scheduled twice is an error", "[schedule][config]") {
  CHECK(error_of("[[schedule.jobs]]\ncheck = \"server\"\nevery = \"1m\"\n"
                 "[[schedule.jobs]]\ncheck = \"server\"\ncron = \"@hourly\"\n") ==
        "/etc/jaga/jaga.toml:11:9: 'schedule.jobs[1].check': check 'server' already has a job; "
        "give each check one");
}

TEST_CASE("an unknown key in a job is an error", "[schedule][config]") {
  CHECK_THAT(error_of("[[schedule.jobs]]\ncheck = \"server\"\nevery = \"1m\"\nhevy = true\n"),
             Contains("/etc/jaga/jaga.toml:10:8: unknown key 'schedule.jobs[0].hevy'"));
}

TEST_CASE("heavy must be a boolean", "[schedule][config]") {
  CHECK(error_of("[[schedule.jobs]]\ncheck = \"server\"\nevery = \"1m\"\nheavy = \"yes\"\n") ==
        "/etc/jaga/jaga.toml:10:9: 'schedule.jobs[0].heavy' must be a boolean (true or false), "
        "got a string");
}

TEST_CASE("a zone with daylight saving time is refused", "[schedule][config]") {
  CHECK(error_of("[schedule]\ntime_zone = \"Europe/Amsterdam\"\n") ==
        "/etc/jaga/jaga.toml:8:13: 'schedule.time_zone': bad time zone \"Europe/Amsterdam\": use "
        "a fixed offset from UTC such as \"+07:00\" (WIB), \"+08:00\" (WITA), \"+09:00\" (WIT) or "
        "\"UTC\"; zones with daylight saving time are not supported");
}

TEST_CASE("a maintenance window needs a cron start and a duration", "[schedule][config]") {
  CHECK(error_of("[[schedule.maintenance]]\ncron = \"0 1 * * 0\"\n") ==
        "/etc/jaga/jaga.toml:7:1: missing required key 'duration_minutes'");
  CHECK(error_of("[[schedule.maintenance]]\nduration_minutes = 60\n") ==
        "/etc/jaga/jaga.toml:7:1: missing required key 'schedule.maintenance[0].cron'");
  CHECK(error_of("[[schedule.maintenance]]\ncron = \"0 1 * * 0\"\nduration_minutes = 0\n") ==
        "/etc/jaga/jaga.toml:9:20: 'schedule.maintenance[0].duration_minutes' must be between 1 "
        "and 10080, got 0");
  CHECK(error_of("[[schedule.maintenance]]\ncron = \"@every 1h\"\nduration_minutes = 10\n") ==
        "/etc/jaga/jaga.toml:8:8: 'schedule.maintenance[0].cron': unknown cron macro \"@every "
        "1h\" (known: @hourly, @daily, @midnight, @weekly, @monthly, @yearly, @annually)");
}

TEST_CASE("schedule must be a table", "[schedule][config]") {
  Result<Config> config = parse_config("schedule = \"daily\"\n" + kServers, kPath);
  REQUIRE_FALSE(config.ok());
  CHECK(config.error().message ==
        "/etc/jaga/jaga.toml:1:12: 'schedule' must be a table, got a string");
}

TEST_CASE("schedule.jobs must be an array of tables", "[schedule][config]") {
  CHECK_THAT(error_of("[schedule]\njobs = \"server\"\n"),
             Contains("'schedule.jobs' must be an array of tables ([[schedule.jobs]])"));
}

}  // namespace
}  // namespace jaga::config
