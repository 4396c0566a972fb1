// The consistency check's judgement, apart from its I/O: what ConsistencyCheck observed (the
// schema comparison, the engine's outcome, what became of kept progress) goes in, the
// CheckResult comes out. Pure, so every rule is unit-tested
// (tests/unit/checks/consistency_judge_test.cpp) without a server.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "consistency/engine.h"
#include "consistency/schema_compare.h"
#include "core/check_result.h"

namespace jaga::checks {

struct ConsistencyObservation {
  std::string unreachable;           // a server could not be reached: nothing was compared
  std::string tables_error;          // the tables to compare could not be listed
  std::vector<std::string> schemas;  // checks.consistency.schemas, for messages
  size_t tables_planned = 0;         // tables listed on the primary
  // The schema comparison; nullopt when a side's definitions could not be read (`schema_error`).
  std::optional<std::vector<consistency::SchemaDifference>> schema_differences;
  std::string schema_error;
  std::vector<std::string> not_compared;  // kinds of objects one side cannot read
  nlohmann::json columns_left_out = nlohmann::json::object();  // table -> columns
  consistency::EngineOutcome outcome;
  bool digest_by_agent = false;  // DigestWhere::kAgent
  bool progress_kept = false;    // checkpoints are kept (the next run continues a stopped one)
  std::string run_started_at;    // when the run these results belong to began
  std::string resume_discarded;  // why kept progress was not continued; "" when it was not
  std::optional<std::string> checkpoint_error;  // progress could not be saved
  // checks.consistency.differing_rows_crit: CRIT from this many differing rows, WARN below.
  int64_t differing_rows_crit = 1;
  // digest_where = "agents" (or "auto" that chose it): the backup was digested by its own host's
  // agent, this label ("backup (...) via the agent of peer NAME").
  std::string backup_digested_by;
  // "auto" did not use the backup's agent: why (evidence only; the run is still exact).
  std::string peer_session_unused;
};

CheckResult judge_consistency(const ConsistencyObservation& seen);

}  // namespace jaga::checks
