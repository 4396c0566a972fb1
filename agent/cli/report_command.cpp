// `jaga report draft`: SOP-PIAK-07 step 2, the draft of a daily, weekly or monthly report.
#include <fmt/format.h>

#include <cstdio>
#include <memory>

#include "cli/command.h"
#include "cli/commands.h"
#include "report/report.h"
#include "store/evidence_store.h"
#include "workflow/definition.h"
#include "workflow/report_store.h"

namespace jaga::cli {
namespace {

struct DraftOptions {
  std::string period = "daily";
  std::string date;  // empty: the last closed period
};

int run_report_draft(const config::Config& config, const DraftOptions& options,
                     const Clock& clock) {
  const TimePoint started = clock.now();
  report::DraftRequest request;
  auto kind = report::parse_period_kind(options.period);
  if (!kind) {
    std::fprintf(stderr, "jaga: --period: %s\n", kind.error().message.c_str());
    return 2;
  }
  request.kind = *kind;
  if (!options.date.empty()) {
    auto date = report::parse_date(options.date);
    if (!date) {
      std::fprintf(stderr, "jaga: --date: %s\n", date.error().message.c_str());
      return 2;
    }
    request.date = *date;
  }
  // The workflow definition first: a draft that cannot enter the SOP chain is not written.
  auto definition = workflow::load_definition(config.workflow.definition);
  if (!definition) {
    std::fprintf(stderr, "jaga: %s\n", definition.error().message.c_str());
    return 1;
  }
  auto store = store::EvidenceStore::open(config.agent.evidence_db);
  if (!store) {
    std::fprintf(stderr, "jaga: %s\n", store.error().message.c_str());
    return 1;
  }
  auto drafted = report::draft_report(config, **store, request, clock);
  if (!drafted) {
    std::fprintf(stderr, "jaga: %s\n", drafted.error().message.c_str());
    return 1;
  }
  auto written = report::write_report_files(config.report.dir, *drafted);
  if (!written) {
    std::fprintf(stderr, "jaga: %s\n", written.error().message.c_str());
    return 1;
  }
  // SOP step 2 ends here: the draft enters the register, from where it is finalized.
  const std::string kind_name(report::period_kind_name(drafted->kind));
  auto registered = workflow::ReportStore(**store).register_draft(
      *definition,
      workflow::DraftInput{drafted->number, kind_name, report::format_date(drafted->period.first),
                           report::format_date(drafted->period.last), drafted->pdf, drafted->json,
                           started},
      clock.now());
  if (!registered) {
    std::fprintf(stderr, "jaga: %s\n", registered.error().message.c_str());
    return 1;
  }
  std::printf("drafted report %s version %d (%s %s to %s)\n%s\n%s\n", drafted->number.c_str(),
              registered->version, std::string(report::period_kind_name(drafted->kind)).c_str(),
              report::format_date(drafted->period.first).c_str(),
              report::format_date(drafted->period.last).c_str(), written->pdf_path.c_str(),
              written->json_path.c_str());
  return 0;
}

}  // namespace

void add_report_commands(CLI::App& app, Commands& commands) {
  CLI::App* report = &report_parent(app);
  auto options = std::make_shared<DraftOptions>();
  CLI::App* draft = report->add_subcommand(
      "draft", "Draft the report of a closed period as PDF and JSON in report.dir");
  draft->add_option("--period", options->period, "daily, weekly or monthly")
      ->check(CLI::IsMember({"daily", "weekly", "monthly"}))
      ->capture_default_str();
  draft->add_option("--date", options->date,
                    "A day of the period (YYYY-MM-DD, office time zone); default: the last "
                    "closed period");
  draft->footer(
      "Weeks run Monday to Sunday (ISO), months are calendar months, days run from local\n"
      "midnight in report.time_zone. A period that has not ended yet is refused.");
  commands.push_back({draft, [options](const CommandContext& c) {
                        return run_report_draft(*c.config, *options, c.clock);
                      }});
}

}  // namespace jaga::cli
