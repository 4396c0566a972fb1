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
};

struct Snapshot {
  std::vector<LatestResult> latest;
  // Per host: when a consistency check last finished OK.
  std::vector<std::pair<std::string, TimePoint>> consistency_ok;
};

// Families: jaga_check_status, jaga_check_last_run_timestamp_seconds,
// jaga_check_duration_seconds, jaga_replication_lag_seconds,
// jaga_consistency_last_success_timestamp_seconds, jaga_backup_age_seconds.
std::string render(const Snapshot& snapshot);

// `value` as a Prometheus label value: \, " and newline escaped.
std::string escape_label(const std::string& value);

}  // namespace jaga::metrics
