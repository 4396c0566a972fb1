// Overdue steps across the report register, for reminders: `jaga report list` shows them, and
// the service logs (and, where a notification channel is configured, sends) one per report.
#pragma once

#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "workflow/report_chain.h"
#include "workflow/report_store.h"

namespace jaga::workflow {

struct OverdueReport {
  std::string number;
  Overdue overdue;
  // "report LAP-H/2026/11/26: step 'finalize' (Finalisasi laporan) by apk is overdue by 12 min
  // 5 s (due 2026-11-27T00:15:00.000Z UTC)" — for the log and notifications.
  std::string message;
};

// Every report whose next step (or revision) is past its standard at `now`.
Result<std::vector<OverdueReport>> overdue_reports(const ReportStore& reports,
                                                   const Definition& definition, TimePoint now);

}  // namespace jaga::workflow
