// Keeping the outcome of `jaga backup` and `jaga restore-test` in the evidence store exactly as
// checks are kept (one run holding one result), so reports and `jaga history` see them under the
// names "backup" and "restore_test". The run is begun when the command starts and finished with
// its result, so a command killed halfway stays visible as an interrupted run.
#pragma once

#include <optional>
#include <string>

#include "core/check_result.h"
#include "core/clock.h"

namespace jaga::store {
class EvidenceStore;
}

namespace jaga::backup {

class EvidenceRun {
 public:
  // Begins a run of `command` by `host` in `store` (the command's; null when it could not be
  // opened, which the command logs). When the store is null or cannot be written the run records
  // nothing (logged); the command's own outcome does not change. `store` must outlive the run.
  static EvidenceRun begin(store::EvidenceStore* store, const std::string& host,
                           const std::string& command, TimePoint started);
  EvidenceRun(EvidenceRun&&) noexcept;
  EvidenceRun& operator=(EvidenceRun&&) noexcept;
  ~EvidenceRun();

  // Records `result` in the run and finishes it. Logs and returns false when that fails.
  bool finish(const CheckResult& result);

 private:
  EvidenceRun() = default;
  store::EvidenceStore* store_ = nullptr;  // the command's; null: nothing is recorded
  std::optional<int64_t> run_;
  std::string host_;
};

}  // namespace jaga::backup
