#include "output/check_output.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <cmath>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace jaga::output {
namespace {

using Catch::Contains;
using Catch::EndsWith;
using Catch::StartsWith;
using std::chrono::milliseconds;
using std::chrono::seconds;

// 2026-11-26T21:40:12.345Z
const TimePoint kStart = TimePoint(seconds(1795729212)) + milliseconds(345);

Metric metric(std::string name, double value, std::string unit,
              std::optional<double> warn = std::nullopt,
              std::optional<double> crit = std::nullopt) {
  return {std::move(name), value, std::move(unit), warn, crit};
}

CheckResult server_ok() {
  CheckResult r;
  r.check = "server";
  r.summary = "both servers up";
  r.metrics.push_back(metric("primary_connections", 12.5, "%", 80, 95));
  r.started = kStart;
  r.finished = kStart + milliseconds(120);
  return r;
}

CheckResult replication_crit() {
  CheckResult r;
  r.check = "replication";
  r.add(Status::kWarn, jaga::FindingKind::kUnclassified, {}, "replication lag 75 s");
  r.add(Status::kCrit, jaga::FindingKind::kUnclassified, {}, "SQL thread stopped: error 1062");
  r.summarize("");
  r.metrics.push_back(metric("replication_lag", 75, "s", 60, 300));
  r.evidence = {{"slave_sql_running", "No"}};
  r.started = kStart + milliseconds(120);
  r.finished = kStart + milliseconds(400);
  return r;
}

CheckRun make_run(std::vector<CheckResult> results) {
  CheckRun run;
  run.host = "db-utama";
  run.started = kStart;
  run.finished = kStart + milliseconds(1500);
  run.results = std::move(results);
  return run;
}

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

// The performance data of a Nagios status line: what follows " | ".
std::string perfdata_of(const CheckRun& run) {
  const std::string line = first_line(render_nagios(run));
  const size_t bar = line.find(" | ");
  REQUIRE(bar != std::string::npos);
  return line.substr(bar + 3);
}

std::string perfdata_of(const Metric& m) {
  CheckResult r = server_ok();
  r.metrics = {m};
  return perfdata_of(make_run({r}));
}

// ---- Nagios ------------------------------------------------------------------------------------

TEST_CASE("nagios status line starts with the overall status spelled out", "[output]") {
  CHECK_THAT(render_nagios(make_run({server_ok(), replication_crit()})),
             StartsWith("JAGA CRITICAL - "));
}

TEST_CASE("nagios status line names each check and the summary of failing ones", "[output]") {
  CHECK_THAT(first_line(render_nagios(make_run({server_ok(), replication_crit()}))),
             StartsWith("JAGA CRITICAL - server OK, replication CRIT: SQL thread stopped: error "
                        "1062 | "));
}

TEST_CASE("nagios status line of all-OK checks reads OK", "[output]") {
  CHECK_THAT(render_nagios(make_run({server_ok()})),
             StartsWith("JAGA OK - server OK | primary_connections=12.5%;@80:;@95:;0;100\n"));
}

TEST_CASE("nagios perfdata lists every metric as name=value, unit, warn, crit, min and max",
          "[output]") {
  CHECK(perfdata_of(make_run({server_ok(), replication_crit()})) ==
        "primary_connections=12.5%;@80:;@95:;0;100 replication_lag=75s;@60:;@300:;0");
}

TEST_CASE("nagios perfdata of a metric without thresholds has only its minimum", "[output]") {
  CHECK(perfdata_of(metric("errant_transactions", 0, "")) == "errant_transactions=0;;;0");
}

TEST_CASE("nagios perfdata of a metric with only a CRIT threshold leaves WARN empty", "[output]") {
  CHECK(perfdata_of(metric("gtid_gap", 3, "", std::nullopt, 100000)) == "gtid_gap=3;;@100000:;0");
}

TEST_CASE("nagios perfdata prints large values in full, not in exponent notation", "[output]") {
  CHECK(perfdata_of(metric("primary_uptime", 1234567, "s")) == "primary_uptime=1234567s;;;0");
  CHECK(perfdata_of(metric("backup_bytes", 53687091200, "B", 1e7, 1e6)) ==
        "backup_bytes=53687091200B;@10000000:;@1000000:;0");
}

TEST_CASE("nagios perfdata prints small fractions without exponent notation", "[output]") {
  CHECK(perfdata_of(metric("clock_skew", 0.00025, "s")) == "clock_skew=0.00025s;;;0");
}

TEST_CASE("nagios perfdata of a value nobody could measure is U", "[output]") {
  CHECK(perfdata_of(metric("replication_lag", std::nan(""), "s", 60, 300)) ==
        "replication_lag=U;@60:;@300:;0");
}

TEST_CASE("nagios perfdata quotes a label that holds a space", "[output]") {
  CHECK(perfdata_of(metric("volume_data disk_free", 40, "%", 15, 5)) ==
        "'volume_data disk_free'=40%;@15:;@5:;0;100");
}

TEST_CASE("nagios perfdata doubles a quote and drops '=' in a label", "[output]") {
  CHECK(perfdata_of(metric("volume_o'brien=x_free", 40, "%")) ==
        "'volume_o''brien_x_free'=40%;;;0;100");
}

TEST_CASE("nagios output has no perfdata separator when there are no metrics", "[output]") {
  CheckResult r = server_ok();
  r.metrics.clear();
  CHECK(render_nagios(make_run({r})).find('|') == std::string::npos);
}

TEST_CASE("nagios status line keeps a '|' in a summary out of the perfdata", "[output]") {
  CheckResult r = replication_crit();
  r.summary = "Last_SQL_Error: a|b";
  const std::string line = first_line(render_nagios(make_run({r})));
  CHECK(std::count(line.begin(), line.end(), '|') == 1);
  CHECK_THAT(line, Contains("a/b"));
}

TEST_CASE("nagios long text keeps a '|' in a summary out as well", "[output]") {
  CheckResult r = replication_crit();
  r.summary = "Last_SQL_Error: a|b";
  const std::string text = render_nagios(make_run({r}));
  const std::string details = text.substr(text.find('\n') + 1);
  CHECK(details.find('|') == std::string::npos);
}

TEST_CASE("nagios status line stays one line when a summary holds line breaks", "[output]") {
  CheckResult r = replication_crit();
  r.summary = "first\nsecond\r\nthird";
  const std::string text = render_nagios(make_run({r}));
  CHECK_THAT(first_line(text), Contains("first second") && Contains("third |"));
  CHECK(first_line(text).find('\r') == std::string::npos);
}

TEST_CASE("nagios long text lists each check with its status and summary", "[output]") {
  const std::string text = render_nagios(make_run({server_ok(), replication_crit()}));
  CHECK_THAT(text, EndsWith("\n[OK] server: both servers up\n"
                            "[CRIT] replication: SQL thread stopped: error 1062\n"));
}

TEST_CASE("nagios output of a run without checks says so", "[output]") {
  CHECK(first_line(render_nagios(make_run({}))) == "JAGA OK - no checks ran");
}

// ---- JSON --------------------------------------------------------------------------------------

TEST_CASE("json output is one document with the run's documented keys", "[output]") {
  const auto doc = nlohmann::json::parse(render_json(make_run({server_ok(), replication_crit()})));
  CHECK(doc["jaga_version"] == JAGA_VERSION);
  CHECK(doc["format_version"] == 1);
  CHECK(doc["host"] == "db-utama");
  CHECK(doc["status"] == "CRIT");
  CHECK(doc["exit_code"] == 2);
  CHECK(doc["started_at"] == "2026-11-26T21:40:12.345Z");
  CHECK(doc["finished_at"] == "2026-11-26T21:40:13.845Z");
  CHECK(doc["checks"].size() == 2);
}

TEST_CASE("json output describes each check with its documented keys", "[output]") {
  const auto doc = nlohmann::json::parse(render_json(make_run({server_ok(), replication_crit()})));
  const auto& check = doc["checks"][1];
  CHECK(check["name"] == "replication");
  CHECK(check["status"] == "CRIT");
  CHECK(check["exit_code"] == 2);
  CHECK(check["summary"] == "SQL thread stopped: error 1062");
  CHECK(check["evidence"] == nlohmann::json{{"slave_sql_running", "No"}});
  CHECK(check["started_at"] == "2026-11-26T21:40:12.465Z");
  CHECK(check["duration_ms"] == 280.0);
}

TEST_CASE("json output lists each finding with status and message", "[output]") {
  const auto doc = nlohmann::json::parse(render_json(make_run({replication_crit()})));
  CHECK(doc["checks"][0]["findings"] ==
        nlohmann::json::parse(R"([{"status":"WARN","message":"replication lag 75 s"},
                                  {"status":"CRIT","message":"SQL thread stopped: error 1062"}])"));
}

TEST_CASE("json output lists each metric with null for a missing threshold", "[output]") {
  CheckResult r = server_ok();
  r.metrics = {metric("replication_lag", 75, "s", 60, 300), metric("gtid_gap", 3, "")};
  const auto doc = nlohmann::json::parse(render_json(make_run({r})));
  CHECK(doc["checks"][0]["metrics"] ==
        nlohmann::json::parse(R"([{"name":"replication_lag","value":75.0,"unit":"s","warn":60.0,
                                   "crit":300.0},
                                  {"name":"gtid_gap","value":3.0,"unit":"","warn":null,
                                   "crit":null}])"));
}

TEST_CASE("json output of a run without checks has an empty checks array", "[output]") {
  const auto doc = nlohmann::json::parse(render_json(make_run({})));
  CHECK(doc["checks"] == nlohmann::json::array());
  CHECK(doc["status"] == "OK");
}

TEST_CASE("json output stays parseable when a summary is not valid UTF-8", "[output]") {
  CheckResult r = replication_crit();
  r.summary = "Access denied for user 'jaga'@'r\xe9seau'";
  const auto doc = nlohmann::json::parse(render_json(make_run({r})));
  CHECK(doc["checks"][0]["summary"] == "Access denied for user 'jaga'@'r\xef\xbf\xbdseau'");
}

TEST_CASE("json output ends with a newline", "[output]") {
  CHECK_THAT(render_json(make_run({server_ok()})), EndsWith("}\n"));
}

// ---- text --------------------------------------------------------------------------------------

TEST_CASE("text output names the host and the jaga version", "[output]") {
  CHECK_THAT(render_text(make_run({server_ok()})),
             StartsWith(std::string("jaga ") + JAGA_VERSION + " on db-utama at "));
}

TEST_CASE("text output names every check with its status and summary", "[output]") {
  const std::string text = render_text(make_run({server_ok(), replication_crit()}));
  CHECK_THAT(text, Contains("OK      server       both servers up"));
  CHECK_THAT(text, Contains("CRIT    replication  SQL thread stopped: error 1062"));
}

TEST_CASE("text output lists the failing findings of a check with several", "[output]") {
  const std::string text = render_text(make_run({replication_crit()}));
  CHECK_THAT(text, Contains("- [WARN] replication lag 75 s"));
  CHECK_THAT(text, Contains("- [CRIT] SQL thread stopped: error 1062"));
}

TEST_CASE("text output ends with the overall status, exit code and duration", "[output]") {
  CHECK_THAT(render_text(make_run({server_ok(), replication_crit()})),
             EndsWith("\nOverall: CRITICAL (exit 2) — 2 checks in 1.5 s\n"));
}

TEST_CASE("text output counts a single check in the singular", "[output]") {
  CHECK_THAT(render_text(make_run({server_ok()})),
             EndsWith("Overall: OK (exit 0) — 1 check in 1.5 s\n"));
}

TEST_CASE("text output reports UNKNOWN with exit code 3", "[output]") {
  CheckResult r = server_ok();
  r.add(Status::kUnknown, jaga::FindingKind::kUnclassified, {}, "cannot connect to 127.0.0.1:3306");
  r.summarize("");
  CHECK_THAT(render_text(make_run({r})), Contains("Overall: UNKNOWN (exit 3)"));
}

}  // namespace
}  // namespace jaga::output

namespace jaga::output {

// Issue 18: "volume_data_free=27.75%;50;5" told a tool that re-reads it that 27.75% is critical
// (a plain number means "alert above it"), and "differing_rows=0;;1" alerted only above 1.
TEST_CASE("nagios perfdata thresholds alert on exactly what the check judges", "[output]") {
  Metric free = metric("volume_data_free", 27.75, "%", 50, 5);
  free.low_is_bad = true;
  CHECK(perfdata_of(free) == "volume_data_free=27.75%;@~:50;@~:5;0;100");
  CHECK(perfdata_of(metric("differing_rows", 1, "", std::nullopt, 1)) == "differing_rows=1;;@1:;0");
}

}  // namespace jaga::output
