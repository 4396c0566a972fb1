// The Prometheus text format: families, labels, escaping, and nothing for what is not known.
#include "metrics/prometheus_text.h"

#include <catch2/catch.hpp>

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

TEST_CASE("an empty store renders nothing, a family without samples is left out", "[metrics]") {
  CHECK(render(Snapshot{}).empty());
  Snapshot s;
  s.latest.push_back({"server", "h", Status::kOk, at(0), at(1), nlohmann::json::array()});
  const std::string text = render(s);
  CHECK(text.find("jaga_replication_lag_seconds") == std::string::npos);
  CHECK(text.find("jaga_backup_age_seconds") == std::string::npos);
}

TEST_CASE("label values are escaped", "[metrics]") {
  CHECK(escape_label("a\"b\\c\nd") == "a\\\"b\\\\c\\nd");
}

}  // namespace
}  // namespace jaga::metrics
