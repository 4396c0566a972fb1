// What a check gives back, and where a long check keeps its progress: the result types every
// layer shares (the store records them, output prints them, the peer link carries them, reports
// read them back). They live in core so that none of those layers depends on checks/, which
// holds the checks themselves.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "core/status.h"

namespace jaga {

// One observation with its own status, e.g. "SQL thread stopped: ..." (CRIT).
struct Finding {
  Status status = Status::kOk;
  std::string message;
};

// A number for graphs and Nagios performance data, with its thresholds when it has them.
// Every metric jaga measures is a count, a size, a duration or a percentage: never negative.
struct Metric {
  std::string name;  // lower_snake, e.g. "replication_lag"
  double value = 0;
  std::string unit;  // Nagios units: "s", "%", "B" or "" for a count
  // The check's thresholds: WARN/CRIT when value >= warn/crit, or, for a metric whose low values
  // are bad (free space), when value <= warn/crit.
  std::optional<double> warn;
  std::optional<double> crit;
  bool low_is_bad = false;
};

struct CheckResult {
  std::string check;
  Status status = Status::kOk;  // the worst of the findings
  std::string summary;          // one line for a person
  std::vector<Finding> findings;
  std::vector<Metric> metrics;
  nlohmann::json evidence = nlohmann::json::object();  // what was seen, for the record
  // Evidence holding personal data (full row keys, server messages that may quote them). Kept in
  // the evidence store on this host only; never printed by `check` or `history`, shown only by
  // `diff show --reveal`. `evidence` carries the same facts masked.
  nlohmann::json personal = nlohmann::json::object();
  TimePoint started;
  TimePoint finished;

  // Records a finding and folds its status into `status`.
  void add(Status finding_status, std::string message);
  // Sets `summary` from the findings: the messages of the worst status, or `ok_summary`.
  void summarize(const std::string& ok_summary);
};

// Where a long check keeps its progress between runs, so that a killed or interrupted run is
// continued by the next one. Backed by the evidence store; a check sees only this interface.
class Checkpoints {
 public:
  virtual ~Checkpoints() = default;
  virtual std::optional<nlohmann::json> load(const std::string& key) = 0;
  // Durable when it returns (or the Error says why not).
  virtual Result<void> save(const std::string& key, const nlohmann::json& state) = 0;
  virtual Result<void> clear(const std::string& key) = 0;
};

}  // namespace jaga
