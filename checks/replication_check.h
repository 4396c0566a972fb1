// Replication on the backup server: both replication threads run, their last errors verbatim,
// the lag the server reports, the GTID gap to the primary, errant transactions (GTIDs the backup
// executed that the primary never had) and, when enabled, the true lag measured by a heartbeat
// row that jaga writes in its own `jaga` schema on the primary (never in population schemas).
#pragma once

#include "checks/check.h"
#include "core/check_names.h"

namespace jaga::checks {

class ReplicationCheck final : public Check {
 public:
  std::string_view name() const override { return check_names::kReplication; }
  std::string_view description() const override {
    return "replication threads and errors, lag, GTID gap, errant transactions, heartbeat";
  }
  bool enabled(const config::Config& config) const override {
    return config.replication_check.enabled;
  }
  CheckResult run(CheckContext& context) override;
};

}  // namespace jaga::checks
