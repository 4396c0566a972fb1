// Keeping the outcome of `jaga backup` and `jaga restore-test` in the evidence store exactly as
// checks are kept (one run holding one result), so reports and `jaga history` see them under the
// names "backup" and "restore_test". The run is begun when the command starts and finished with
// its result, so a command killed halfway stays visible as an interrupted run.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "config/config.h"
#include "core/check_result.h"
#include "core/clock.h"

namespace jaga::store {
class EvidenceStore;
}

namespace jaga::backup {

class EvidenceRun {
 public:
  // Opens the store and begins a run of `command`. When the store cannot be opened or written
  // the reason is logged and the run records nothing; the command's own outcome does not change.
  static EvidenceRun begin(const config::Config& config, const std::string& command,
                           TimePoint started);
  EvidenceRun(EvidenceRun&&) noexcept;
  EvidenceRun& operator=(EvidenceRun&&) noexcept;
  ~EvidenceRun();

  // Records `result` in the run and finishes it. Logs and returns false when that fails.
  bool finish(const CheckResult& result);

 private:
  EvidenceRun() = default;
  std::unique_ptr<store::EvidenceStore> store_;
  std::optional<int64_t> run_;
  std::string host_;
};

}  // namespace jaga::backup
