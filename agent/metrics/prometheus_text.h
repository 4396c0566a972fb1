// The newest state of every check on every host in the Prometheus text exposition format
// (version 0.0.4): what an office's Prometheus scrapes from /metrics.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/status.h"

namespace jaga::metrics {

// The newest result of one check on one host.
struct LatestResult {
  std::string check;
  std::string host;
  Status status = Status::kUnknown;
  TimePoint started;
  TimePoint finished;
  nlohmann::json metrics;  // the stored array of {"name", "value", "unit", ...}
  // Replication results: the replica status as the check kept it (io_running, sql_running, ...).
  nlohmann::json replica_status = nullptr;
};

// When a check last finished OK on a host.
struct CheckSuccess {
  std::string check;
  std::string host;
  TimePoint finished;
};

struct Snapshot {
  std::vector<LatestResult> latest;
  // Per host: when a consistency check last finished OK.
  std::vector<std::pair<std::string, TimePoint>> consistency_ok;
  // Every check that ever passed on a host, with the time it last did.
  std::vector<CheckSuccess> last_success;
};

// Families (docs/operations.md "Metrics" lists each with its labels): jaga_up, jaga_build_info,
// jaga_check_status, jaga_check_last_run_timestamp_seconds,
// jaga_check_last_success_timestamp_seconds, jaga_check_duration_seconds,
// jaga_replication_io_running, jaga_replication_sql_running, jaga_replication_lag_seconds,
// jaga_replication_gtid_gap, jaga_replication_errant_transactions,
// jaga_replication_heartbeat_lag_seconds, jaga_volume_free_ratio, jaga_consistency_rows_compared,
// jaga_consistency_differing_rows, jaga_consistency_last_success_timestamp_seconds,
// jaga_backup_age_seconds, jaga_backup_newest_timestamp_seconds, jaga_backup_size_bytes,
// jaga_restore_test_success, jaga_restore_test_tables_compared,
// jaga_restore_test_tables_differing; and, under mysqld_exporter's names so its dashboards and
// alerts apply, mysql_slave_status_slave_io_running, mysql_slave_status_slave_sql_running and
// mysql_slave_status_seconds_behind_master. Every sample comes from the newest result that holds
// it, so it stays while its source is silent. A value the newest result does not hold (the lag
// while the SQL thread is stopped) has no sample; the thread gauges, jaga_check_status and the
// last-success timestamps say why, and those are always there.
std::string render(const Snapshot& snapshot);

// `value` as a Prometheus label value: \, " and newline escaped.
std::string escape_label(const std::string& value);

}  // namespace jaga::metrics
