// SOP-PIAK-07 step 2 in one place: a report drafted, written to report.dir and entered in the
// register, exactly the same whether an administrator runs `jaga report draft` or `jaga serve`
// drafts it on schedule.
#pragma once

#include <string>

#include "config/config.h"
#include "core/clock.h"
#include "core/result.h"
#include "report/report.h"

namespace jaga::store {
class EvidenceStore;
}

namespace jaga::cli {

struct DraftOutcome {
  std::string number;
  int version = 0;
  report::Period period;
  std::string pdf_path;  // empty when already_drafted
  std::string json_path;
  // The period's report was in the register already, so nothing was drafted (only with
  // skip_drafted).
  bool already_drafted = false;
};

// Loads the workflow definition (a draft that cannot enter the SOP chain is not written),
// drafts the closed period `request` names, writes its PDF and JSON and registers the draft
// as started at `clock.now()` in `store`, the caller's. With `skip_drafted`, a period whose report
// number is already in the register is left alone (the scheduler's catch-up never drafts a period
// twice); without, register_draft decides (a returned report gets a new version, any other is
// refused).
Result<DraftOutcome> draft_and_register(const config::Config& config, store::EvidenceStore& store,
                                        const report::DraftRequest& request, const Clock& clock,
                                        bool skip_drafted);

// "drafted report LAP/H/20261126 version 1 (daily 2026-11-26 to 2026-11-26)".
std::string describe(const DraftOutcome& outcome);

}  // namespace jaga::cli
