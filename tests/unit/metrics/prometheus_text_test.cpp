// The Prometheus text format: families, labels, escaping, and nothing for what is not known.
#include "metrics/prometheus_text.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

namespace jaga::metrics {
namespace {

using Catch::Contains;

TimePoint at(int seconds) { return TimePoint(std::chrono::seconds(1764205200 + seconds)); }

TEST_CASE("statuses, durations, lag, backup age and the last consistency success", "[metrics]") {
  Snapshot s;
  s.latest.push_back({"replication", "primary-1", Status::kWarn, at(0), at(2),
                      nlohmann::json::array({{{"name", "replication_lag"}, {"value", 75}}})});
  s.latest.push_back(
      {"backups", "backup-1", Status::kOk, at(10), at(13),
       nlohmann::json::array({{{"name", "newest_backup_age_seconds"}, {"value", 3600.5}}})});
  s.latest.push_back({"peer", "backup-1", Status::kCrit, at(20), at(20), nullptr});
  s.consistency_ok.emplace_back("primary-1", at(30));
  const std::string text = render(s);
  CHECK_THAT(text, Contains("# TYPE jaga_check_status gauge\n"));
  CHECK_THAT(text, Contains("jaga_check_status{check=\"replication\",host=\"primary-1\"} 1\n"));
  CHECK_THAT(text, Contains("jaga_check_status{check=\"peer\",host=\"backup-1\"} 2\n"));
  CHECK_THAT(text,
             Contains("jaga_check_duration_seconds{check=\"backups\",host=\"backup-1\"} 3\n"));
  CHECK_THAT(text,
             Contains("jaga_check_last_run_timestamp_seconds{check=\"replication\",host=\"primary-"
                      "1\"} 1764205202\n"));
  CHECK_THAT(text, Contains("jaga_replication_lag_seconds{host=\"primary-1\"} 75\n"));
  CHECK_THAT(text, Contains("jaga_backup_age_seconds{host=\"backup-1\"} 3600.5\n"));
  CHECK_THAT(text, Contains("jaga_consistency_last_success_timestamp_seconds{host=\"primary-1\"} "
                            "1764205230\n"));
}

TEST_CASE("an empty store renders only that jaga is up, a family without samples is left out",
          "[metrics]") {
  const std::string empty = render(Snapshot{});
  CHECK_THAT(empty, Contains("\njaga_up 1\n") &&
                        Contains("jaga_build_info{version=\"" JAGA_VERSION "\"} 1\n"));
  CHECK(empty.find("jaga_check_status") == std::string::npos);
  Snapshot s;
  s.latest.push_back({"server", "h", Status::kOk, at(0), at(1), nlohmann::json::array()});
  const std::string text = render(s);
  CHECK(text.find("jaga_replication_lag_seconds") == std::string::npos);
  CHECK(text.find("jaga_backup_age_seconds") == std::string::npos);
}

// Issue 18: when the SQL thread stops the server reports no lag, so a `lag > X` alert went
// quiet. The thread gauges (mysqld_exporter's names) say it, with the GTID gap, the heartbeat,
// free space and differing rows.
TEST_CASE("a stopped SQL thread is a sample of its own, not a lag that disappears", "[metrics]") {
  Snapshot s;
  LatestResult replication{"replication",
                           "db-utama",
                           Status::kCrit,
                           at(0),
                           at(1),
                           nlohmann::json::array({{{"name", "gtid_gap"}, {"value", 1200}},
                                                  {{"name", "errant_transactions"}, {"value", 0}},
                                                  {{"name", "heartbeat_lag"}, {"value", 2.5}}})};
  replication.replica_status = {{"io_running", "Yes"}, {"sql_running", "No"}};
  s.latest.push_back(replication);
  s.latest.push_back({"server", "db-utama", Status::kWarn, at(0), at(1),
                      nlohmann::json::array({{{"name", "volume_data_free"}, {"value", 12.5}},
                                             {{"name", "primary_uptime"}, {"value", 100}}})});
  s.latest.push_back({"consistency", "db-utama", Status::kCrit, at(0), at(1),
                      nlohmann::json::array({{{"name", "rows_compared"}, {"value", 1000}},
                                             {{"name", "differing_rows"}, {"value", 3}}})});
  const std::string text = render(s);
  CHECK_THAT(text,
             Contains("mysql_slave_status_slave_io_running{host=\"db-utama\"} 1\n") &&
                 Contains("mysql_slave_status_slave_sql_running{host=\"db-utama\"} 0\n") &&
                 Contains("jaga_replication_gtid_gap{host=\"db-utama\"} 1200\n") &&
                 Contains("jaga_replication_errant_transactions{host=\"db-utama\"} 0\n") &&
                 Contains("jaga_replication_heartbeat_lag_seconds{host=\"db-utama\"} 2.5\n") &&
                 Contains("jaga_volume_free_ratio{host=\"db-utama\",volume=\"data\"} 0.125\n") &&
                 Contains("jaga_consistency_rows_compared{host=\"db-utama\"} 1000\n") &&
                 Contains("jaga_consistency_differing_rows{host=\"db-utama\"} 3\n") &&
                 Contains("jaga_check_status{check=\"replication\",host=\"db-utama\"} 2\n"));
  CHECK(text.find("seconds_behind_master") == std::string::npos);  // NULL: no sample
  CHECK(text.find("jaga_replication_lag_seconds") == std::string::npos);
}

// Issue 18: every value of the Nagios perfdata has a metric, and the last success of every check
// carries an alert when the check stops passing or stops running.
TEST_CASE("each backup set's newest backup time and size, the restore test, every last success",
          "[metrics]") {
  Snapshot s;
  s.latest.push_back(
      {"backups", "db-cadangan", Status::kOk, at(0), at(100),
       nlohmann::json::array({{{"name", "newest_backup_age_seconds"}, {"value", 60}},
                              {{"name", "newest_backup_age_seconds_jaga"}, {"value", 60}},
                              {{"name", "newest_backup_bytes_jaga"}, {"value", 5368709120.0}}})});
  s.latest.push_back({"restore_test", "db-cadangan", Status::kCrit, at(0), at(9),
                      nlohmann::json::array({{{"name", "tables_compared"}, {"value", 12}},
                                             {{"name", "tables_differing"}, {"value", 1}}})});
  s.last_success.push_back({"backups", "db-cadangan", at(100)});
  s.last_success.push_back({"restore_test", "db-cadangan", at(-86400)});
  const std::string text = render(s);
  CHECK_THAT(
      text,
      Contains("jaga_backup_newest_timestamp_seconds{host=\"db-cadangan\",set=\"jaga\"} "
               "1764205240\n") &&
          Contains("jaga_backup_size_bytes{host=\"db-cadangan\",set=\"jaga\"} 5368709120\n") &&
          Contains("jaga_restore_test_success{host=\"db-cadangan\"} 0\n") &&
          Contains("jaga_restore_test_tables_compared{host=\"db-cadangan\"} 12\n") &&
          Contains("jaga_restore_test_tables_differing{host=\"db-cadangan\"} 1\n") &&
          Contains("jaga_check_last_success_timestamp_seconds{check=\"restore_test\",host="
                   "\"db-cadangan\"} 1764118800\n"));
  // The age of the aggregate metric is not a set.
  CHECK(text.find("set=\"\"") == std::string::npos);
}

TEST_CASE("the replication threads have jaga names beside mysqld_exporter's", "[metrics]") {
  Snapshot s;
  LatestResult r{"replication", "db-cadangan", Status::kCrit,
                 at(0),         at(1),         nlohmann::json::array()};
  r.replica_status = {{"io_running", "Yes"}, {"sql_running", "No"}};
  s.latest.push_back(r);
  const std::string text = render(s);
  CHECK_THAT(text, Contains("jaga_replication_io_running{host=\"db-cadangan\"} 1\n") &&
                       Contains("jaga_replication_sql_running{host=\"db-cadangan\"} 0\n"));
}

// Every family jaga can serve is in the table of docs/operations.md, which ops/prometheus/check
// holds the shipped alert rules and dashboard to.
TEST_CASE("every metric family is documented in docs/operations.md", "[metrics]") {
  Snapshot s;
  LatestResult replication{"replication",
                           "h",
                           Status::kOk,
                           at(0),
                           at(1),
                           nlohmann::json::array({{{"name", "replication_lag"}, {"value", 1}},
                                                  {{"name", "gtid_gap"}, {"value", 0}},
                                                  {{"name", "errant_transactions"}, {"value", 0}},
                                                  {{"name", "heartbeat_lag"}, {"value", 1}}})};
  replication.replica_status = {{"io_running", "Yes"}, {"sql_running", "Yes"}};
  s.latest.push_back(replication);
  s.latest.push_back({"server", "h", Status::kOk, at(0), at(1),
                      nlohmann::json::array({{{"name", "volume_data_free"}, {"value", 50}}})});
  s.latest.push_back({"consistency", "h", Status::kOk, at(0), at(1),
                      nlohmann::json::array({{{"name", "rows_compared"}, {"value", 1}},
                                             {{"name", "differing_rows"}, {"value", 0}}})});
  s.latest.push_back(
      {"backups", "h", Status::kOk, at(0), at(1),
       nlohmann::json::array({{{"name", "newest_backup_age_seconds"}, {"value", 1}},
                              {{"name", "newest_backup_age_seconds_a"}, {"value", 1}},
                              {{"name", "newest_backup_bytes_a"}, {"value", 1}}})});
  s.latest.push_back({"restore_test", "h", Status::kOk, at(0), at(1),
                      nlohmann::json::array({{{"name", "tables_compared"}, {"value", 1}},
                                             {{"name", "tables_differing"}, {"value", 0}}})});
  s.consistency_ok.emplace_back("h", at(1));
  s.last_success.push_back({"server", "h", at(1)});
  std::ifstream in(JAGA_SOURCE_DIR "/docs/operations.md");
  REQUIRE(in.good());
  const std::string docs((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::istringstream text(render(s));
  int families = 0;
  for (std::string line; std::getline(text, line);) {
    if (line.rfind("# TYPE ", 0) != 0) continue;
    const std::string name = line.substr(7, line.find(' ', 7) - 7);
    ++families;
    INFO(name);
    CHECK(docs.find("`" + name + "`") != std::string::npos);
  }
  CHECK(families == 25);
}

TEST_CASE("label values are escaped", "[metrics]") {
  CHECK(escape_label("a\"b\\c\nd") == "a\\\"b\\\\c\\nd");
}

}  // namespace
}  // namespace jaga::metrics
