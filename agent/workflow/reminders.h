// The steps officials must take across the report register, for the e-mail to each of them:
// `jaga serve` announces a step when it becomes due and reminds once it is overdue.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "workflow/report_chain.h"
#include "workflow/report_store.h"

namespace jaga::workflow {

// A step an official must take now, for the e-mail to that official: `jaga serve` announces each
// once when it becomes due, and reminds once when it is overdue.
struct DueStep {
  std::string number;
  Pending pending;
  std::optional<double> overdue_seconds;  // working time past its standard at `now`
};

// Every report waiting for an official's step (or a revision) at `now`, oldest first.
Result<std::vector<DueStep>> due_steps(const ReportStore& reports, const Definition& definition,
                                       TimePoint now);

// The Indonesian e-mail to the official who must act: "Laporan LAP/H/20261205 menunggu
// penerimaan Anda", or "Pengingat: ..." once overdue, with the step, the SOP standard and the
// deadline on the office's clock (working hours), and `link` to the report on the desk (empty:
// no desk is configured, the text says where to find it).
struct StepMail {
  std::string subject;
  std::string text;
};
StepMail step_mail(const DueStep& step, const Definition& definition, const std::string& link);

}  // namespace jaga::workflow
