// Keeping the outcome of `jaga backup` and `jaga restore-test` in the evidence store exactly as
// checks are kept (one run holding one result), so reports and `jaga history` see them under the
// names "backup" and "restore_test".
#pragma once

#include <string>

#include "checks/check.h"
#include "config/config.h"
#include "core/clock.h"

namespace jaga::backup {

// Records `result` as a finished run of `command`. Logs and returns false when the store cannot
// be written; the caller's outcome does not change.
bool record_evidence(const config::Config& config, const std::string& command,
                     const checks::CheckResult& result);

}  // namespace jaga::backup
