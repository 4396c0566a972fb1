// The replication check's judgement, apart from its I/O: what ReplicationCheck observed on the
// two servers goes in, the CheckResult comes out. Pure, so every rule is unit-tested
// (tests/unit/checks/replication_judge_test.cpp) without a server.
#pragma once

#include <optional>
#include <string>

#include "config/config.h"
#include "core/check_result.h"
#include "db/gtid.h"
#include "db/replica_status.h"

namespace jaga::checks {

// The heartbeat written on the primary and looked for on the backup.
struct HeartbeatObservation {
  bool arrived = false;  // seen on the backup within the wait
  double waited = 0;     // seconds from writing to seeing it, or to giving up
  std::string error;     // it could not be written or looked for: nothing is known
};

struct ReplicationObservation {
  std::string backup_unreachable;   // cannot connect to the backup: nothing else was observed
  std::string label;                // the backup's label ("backup 127.0.0.2:3306")
  std::string status_error;         // the replica status could not be read or parsed
  db::ReplicaStatus status;         // when neither error is set
  std::string primary_unreachable;  // cannot connect to the primary
  std::optional<db::GtidComparison> gtids;        // compared with the primary
  std::string gtid_error;                         // the GTIDs could not be compared
  std::optional<HeartbeatObservation> heartbeat;  // when enabled and both threads run
};

CheckResult judge_replication(const ReplicationObservation& seen,
                              const config::ReplicationCheckConfig& config);

}  // namespace jaga::checks
