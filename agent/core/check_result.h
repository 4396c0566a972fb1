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
#include "core/finding_kind.h"
#include "core/result.h"
#include "core/status.h"

namespace jaga {

// One observation with its own status, e.g. "SQL thread stopped: ..." (CRIT): its kind and
// parameters for readers that say it in their own words (finding_kind.h), and the check's
// English message for the CLI, the logs and the JSON.
struct Finding {
  Status status = Status::kOk;
  FindingKind kind = FindingKind::kUnclassified;
  nlohmann::json params = nlohmann::json::object();
  std::string message;
};

// {"status", "kind", "params", "message"}: how the store, the peer wire and `check --format
// json` write a finding.
nlohmann::json finding_json(const Finding& f);
// Back from that form. A finding recorded before kinds existed, or of a kind this jaga does not
// know, is kUnclassified; parameters that are not an object of numbers, strings and booleans are
// dropped (a reader then says the plain sentence of the check). nullopt when `j` is not a
// finding at all (no status or message).
std::optional<Finding> finding_from_json(const nlohmann::json& j);

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
  void add(Status finding_status, FindingKind kind, nlohmann::json params, std::string message);
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
