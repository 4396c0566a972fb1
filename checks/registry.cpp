#include "checks/registry.h"

#include "checks/backups_check.h"
#include "checks/consistency_check.h"
#include "checks/replication_check.h"
#include "checks/security_check.h"
#include "checks/server_check.h"

namespace jaga::checks {

std::vector<std::unique_ptr<Check>> all_checks() {
  std::vector<std::unique_ptr<Check>> checks;
  checks.push_back(std::make_unique<ServerCheck>());
  checks.push_back(std::make_unique<ReplicationCheck>());
  checks.push_back(std::make_unique<ConsistencyCheck>());
  checks.push_back(std::make_unique<SecurityCheck>());
  checks.push_back(std::make_unique<BackupsCheck>());
  return checks;
}

}  // namespace jaga::checks
