#include "report/report.h"

#include <fmt/format.h>

#include "agenda/agenda_book.h"
#include "report/aggregator.h"
#include "report/pdf_report.h"
#include "report/report_json.h"

namespace jaga::report {
namespace {

char kind_code(PeriodKind kind) {
  switch (kind) {
    case PeriodKind::kDaily:
      return 'H';  // harian
    case PeriodKind::kWeekly:
      return 'M';  // mingguan
    case PeriodKind::kMonthly:
      return 'B';  // bulanan
  }
  return 'H';
}

void replace_all(std::string& text, std::string_view from, std::string_view to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

// How often a check should run: its job's interval in the schedule, else 0 (unscheduled).
std::chrono::seconds interval_of(const config::Config& config, const std::string& check,
                                 TimePoint at) {
  for (const schedule::Job& job : config.schedule.jobs) {
    if (job.check != check) continue;
    const TimePoint first = job.when.next_after(at, config.schedule.zone);
    const TimePoint second = job.when.next_after(first, config.schedule.zone);
    return std::max(std::chrono::seconds(1),
                    std::chrono::duration_cast<std::chrono::seconds>(second - first));
  }
  return std::chrono::seconds(0);
}

}  // namespace

std::vector<ExpectedCheck> expected_checks(const config::Config& config, TimePoint at) {
  std::vector<ExpectedCheck> out;
  for (const char* name :
       {"server", "replication", "consistency", "security", "backups", "backup", "restore_test"}) {
    out.push_back({name, interval_of(config, name, at)});
  }
  return out;
}

std::string report_number(const std::string& format, const Period& period) {
  std::string number = format;
  replace_all(number, "{kind}", std::string(1, kind_code(period.kind)));
  replace_all(number, "{yyyy}", fmt::format("{:04}", static_cast<int>(period.first.year())));
  replace_all(number, "{mm}", fmt::format("{:02}", static_cast<unsigned>(period.first.month())));
  replace_all(number, "{dd}", fmt::format("{:02}", static_cast<unsigned>(period.first.day())));
  return number;
}

std::string file_stem(const std::string& number) {
  std::string stem = number;
  for (char& c : stem) {
    if (c == '/') c = '-';
  }
  return stem;
}

Result<DraftedReport> draft_report(const config::Config& config, const store::EvidenceStore& store,
                                   const DraftRequest& request, const Clock& clock) {
  const TimePoint now = clock.now();
  auto period = closed_period(request.kind, request.date, config.report.zone, now);
  if (!period) return period.error();
  const auto expected = expected_checks(config, period->start);
  auto summary = aggregate_period(store, *period, expected);
  if (!summary) return summary.error();

  ReportModel model;
  model.number = report_number(config.report.number_format, *period);
  model.language = config.report.language;
  model.period = *period;
  model.drafted_at = now;
  model.drafted_on = config.agent.host_name;
  model.host_labels[config.agent.host_name] = config.agent.display_name;
  for (const config::PeerEntry& p : config.peer.peers) model.host_labels[p.name] = p.display_name;
  auto head = agenda::head_entry(store);
  if (!head) return head.error();
  if (*head) model.agenda_head = {(*head)->position, (*head)->agenda_number, (*head)->entry_hash};
  model.recommendations = recommend(*summary, model.host_labels);
  model.verdict = judge_period(*summary, expected, config.report.verdict);
  if (period->kind != PeriodKind::kDaily) {
    auto previous = aggregate_period(store, previous_period(*period), expected);
    if (!previous) return previous.error();
    model.previous = headline(*previous);
  }
  model.summary = std::move(*summary);

  DraftedReport out;
  out.number = model.number;
  out.kind = period->kind;
  out.period = *period;
  out.json = render_json(model, config.report);
  auto pdf = render_pdf(model, config.report);
  if (!pdf) return pdf.error();
  out.pdf = std::move(*pdf);
  return out;
}

}  // namespace jaga::report
