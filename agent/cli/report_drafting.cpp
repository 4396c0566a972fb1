#include "cli/report_drafting.h"

#include <fmt/format.h>

#include "store/evidence_store.h"
#include "workflow/definition.h"
#include "workflow/report_store.h"

namespace jaga::cli {

Result<DraftOutcome> draft_and_register(const config::Config& config, store::EvidenceStore& store,
                                        const report::DraftRequest& request, const Clock& clock,
                                        bool skip_drafted) {
  const TimePoint started = clock.now();
  auto definition = workflow::load_definition(config.workflow.definition);
  if (!definition) return definition.error();
  workflow::ReportStore reports(store);
  if (skip_drafted) {
    auto period = report::closed_period(request.kind, request.date, config.report.zone, started);
    if (!period) return period.error();
    const std::string number = report::report_number(config.report.number_format, *period);
    auto existing = reports.find(number);
    if (!existing) return existing.error();
    if (*existing) {
      DraftOutcome outcome;
      outcome.number = number;
      outcome.version = (*existing)->current_version;
      outcome.period = *period;
      outcome.already_drafted = true;
      return outcome;
    }
  }
  auto drafted = report::draft_report(config, store, request, clock);
  if (!drafted) return drafted.error();
  auto written = report::write_report_files(config.report.dir, *drafted);
  if (!written) return written.error();
  // SOP step 2 ends here: the draft enters the register, from where it is finalized.
  auto registered = reports.register_draft(
      *definition,
      workflow::DraftInput{drafted->number, std::string(report::period_kind_name(drafted->kind)),
                           report::format_date(drafted->period.first),
                           report::format_date(drafted->period.last), drafted->pdf, drafted->json,
                           drafted->period.end},
      clock.now());
  if (!registered) return registered.error();
  return DraftOutcome{drafted->number,   registered->version, drafted->period,
                      written->pdf_path, written->json_path,  false};
}

std::string describe(const DraftOutcome& outcome) {
  const report::Period& p = outcome.period;
  return fmt::format("{} report {} version {} ({} {} to {})",
                     outcome.already_drafted ? "already drafted:" : "drafted", outcome.number,
                     outcome.version, report::period_kind_name(p.kind),
                     report::format_date(p.first), report::format_date(p.last));
}

}  // namespace jaga::cli
