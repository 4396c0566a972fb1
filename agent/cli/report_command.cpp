// `jaga report draft`: SOP-PIAK-07 step 2, the draft of a daily, weekly or monthly report.
#include <fmt/format.h>

#include <cstdio>
#include <memory>

#include "cli/command.h"
#include "cli/commands.h"
#include "cli/report_drafting.h"
#include "report/report.h"
#include "store/evidence_store.h"

namespace jaga::cli {
namespace {

struct DraftOptions {
  std::string period = "daily";
  std::string date;  // empty: the last closed period
};

int run_report_draft(const config::Config& config, const DraftOptions& options,
                     const Clock& clock) {
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
  auto store = store::EvidenceStore::open(config.agent.evidence_db, config.agent.personal_key);
  if (!store) {
    std::fprintf(stderr, "jaga: %s\n", store.error().message.c_str());
    return 1;
  }
  auto drafted = draft_and_register(config, **store, request, clock, false);
  if (!drafted) {
    std::fprintf(stderr, "jaga: %s\n", drafted.error().message.c_str());
    return 1;
  }
  std::printf("%s\n%s\n%s\n", describe(*drafted).c_str(), drafted->pdf_path.c_str(),
              drafted->json_path.c_str());
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
