// Data consistency: every configured table of the backup server holds exactly the primary's rows.
// The work is done by consistency::Engine (see agent/consistency/engine.h for the protocol); this
// check chooses the tables, keeps the engine's progress between runs and turns its outcome into
// a result whose summary masks row keys. The evidence keeps full keys for `jaga diff show`.
#pragma once

#include "checks/check.h"
#include "core/check_names.h"

namespace jaga::checks {

class ConsistencyCheck final : public Check {
 public:
  std::string_view name() const override { return check_names::kConsistency; }
  std::string_view description() const override {
    return "backup tables equal the primary's, row for row (chunked digests, read-only)";
  }
  bool enabled(const config::Config& config) const override {
    return config.consistency_check.enabled;
  }
  CheckResult run(CheckContext& context) override;
};

}  // namespace jaga::checks
