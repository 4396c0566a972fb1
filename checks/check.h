// The one interface every check implements. A check receives a context (configuration, the two
// servers, a clock), looks, and returns a CheckResult. It never writes to the evidence store,
// formats output or knows about reports; the caller does all of that with the result.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "core/clock.h"
#include "core/status.h"
#include "db/servers.h"

namespace jaga::checks {

// One observation with its own status, e.g. "SQL thread stopped: ..." (CRIT).
struct Finding {
  Status status = Status::kOk;
  std::string message;
};

// A number for graphs and Nagios performance data, with its thresholds when it has them.
struct Metric {
  std::string name;  // lower_snake, e.g. "replication_lag"
  double value = 0;
  std::string unit;  // Nagios units: "s", "%", "B" or "" for a count
  std::optional<double> warn;
  std::optional<double> crit;
};

struct CheckResult {
  std::string check;
  Status status = Status::kOk;  // the worst of the findings
  std::string summary;          // one line for a person
  std::vector<Finding> findings;
  std::vector<Metric> metrics;
  nlohmann::json evidence = nlohmann::json::object();  // what was seen, for the record
  TimePoint started;
  TimePoint finished;

  // Records a finding and folds its status into `status`.
  void add(Status finding_status, std::string message);
  // Sets `summary` from the findings: the messages of the worst status, or `ok_summary`.
  void summarize(const std::string& ok_summary);
};

struct CheckContext {
  const config::Config& config;
  db::Servers& servers;
  const Clock& clock;
};

class Check {
 public:
  virtual ~Check() = default;
  virtual std::string_view name() const = 0;
  virtual std::string_view description() const = 0;
  // Whether the configuration switches this check on.
  virtual bool enabled(const config::Config& config) const = 0;
  // Looks and reports. Never throws for a server that is down or misbehaves: that is a finding.
  virtual CheckResult run(CheckContext& context) = 0;
};

}  // namespace jaga::checks
