#include "backup/backup_evidence.h"

#include <spdlog/spdlog.h>

#include "store/evidence_store.h"

namespace jaga::backup {

bool record_evidence(const config::Config& config, const std::string& command,
                     const checks::CheckResult& result) {
  auto store = store::EvidenceStore::open(config.agent.evidence_db, config.agent.personal_key);
  if (!store) {
    spdlog::error("{}; this result is not kept", store.error().message);
    return false;
  }
  auto run = (*store)->begin_run(config.agent.host_name, command, result.started);
  if (!run) {
    spdlog::error("{}; this result is not kept", run.error().message);
    return false;
  }
  if (auto r = (*store)->record(*run, config.agent.host_name, result); !r) {
    spdlog::error("{}", r.error().message);
    return false;
  }
  if (auto r = (*store)->finish_run(*run, result.status, result.finished); !r) {
    spdlog::error("{}", r.error().message);
    return false;
  }
  return true;
}

}  // namespace jaga::backup
