#include "backup/backup_evidence.h"

#include <spdlog/spdlog.h>

#include "store/evidence_store.h"

namespace jaga::backup {

EvidenceRun::EvidenceRun(EvidenceRun&&) noexcept = default;
EvidenceRun& EvidenceRun::operator=(EvidenceRun&&) noexcept = default;
EvidenceRun::~EvidenceRun() = default;

EvidenceRun EvidenceRun::begin(store::EvidenceStore* store, const std::string& host,
                               const std::string& command, TimePoint started) {
  EvidenceRun out;
  out.host_ = host;
  if (store == nullptr) return out;
  auto run = store->begin_run(out.host_, command, started);
  if (!run) {
    spdlog::error("{}; this {} is not kept", run.error().message, command);
    return out;
  }
  out.store_ = store;
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
