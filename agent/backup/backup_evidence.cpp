#include "backup/backup_evidence.h"

#include <spdlog/spdlog.h>

#include "store/evidence_store.h"

namespace jaga::backup {

EvidenceRun::EvidenceRun(EvidenceRun&&) noexcept = default;
EvidenceRun& EvidenceRun::operator=(EvidenceRun&&) noexcept = default;
EvidenceRun::~EvidenceRun() = default;

EvidenceRun EvidenceRun::begin(const config::Config& config, const std::string& command,
                               TimePoint started) {
  EvidenceRun out;
  out.host_ = config.agent.host_name;
  auto store = store::EvidenceStore::open(config.agent.evidence_db, config.agent.personal_key);
  if (!store) {
    spdlog::error("{}; this {} is not kept", store.error().message, command);
    return out;
  }
  auto run = (*store)->begin_run(out.host_, command, started);
  if (!run) {
    spdlog::error("{}; this {} is not kept", run.error().message, command);
    return out;
  }
  out.store_ = std::move(*store);
  out.run_ = *run;
  return out;
}

bool EvidenceRun::finish(const CheckResult& result) {
  if (!store_ || !run_) return false;
  if (auto r = store_->record(*run_, host_, result); !r) {
    spdlog::error("{}", r.error().message);
    return false;
  }
  if (auto r = store_->finish_run(*run_, result.status, result.finished); !r) {
    spdlog::error("{}", r.error().message);
    return false;
  }
  run_.reset();
  return true;
}

}  // namespace jaga::backup
