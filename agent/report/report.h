// Drafting a report (SOP-PIAK-07 step 2): the period's evidence aggregated, rendered as a PDF
// for the officials and as its canonical JSON twin. This is the library API the `jaga report`
// commands call; the signing workflow takes a DraftedReport from here.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "config/config.h"
#include "core/clock.h"
#include "report/aggregator.h"
#include "report/period.h"
#include "report/recommendations.h"
#include "report/summary.h"
#include "report/verdict.h"
#include "store/evidence_store.h"

namespace jaga::report {

struct DraftRequest {
  PeriodKind kind = PeriodKind::kDaily;
  std::optional<Date> date;  // a day in the period; none: the last closed period
};

// Everything a renderer shows, already decided: renderers only lay it out.
struct ReportModel {
  std::string number;
  std::string language;  // "id" or "en"
  Period period;
  TimePoint drafted_at;
  std::string drafted_on;  // the host that drafted it
  // How the PDF names each host ("db1" → "Server Utama"): agent.display_name and each
  // [[peer.peers]] display_name. The JSON keeps host names; the PDF never prints one.
  std::map<std::string, std::string> host_labels;
  // The agenda book's head when the report was drafted: every signed report witnesses the book
  // before it (agenda/agenda_witness.h). Position 0: the book was empty.
  struct AgendaHead {
    int64_t position = 0;
    std::string agenda_number;
    std::string entry_hash;
  } agenda_head;
  Summary summary;
  PeriodVerdict verdict;             // the box on page 1 (verdict.h)
  std::optional<Headline> previous;  // weekly and monthly: the period before
  std::vector<Recommendation> recommendations;
};

struct DraftedReport {
  std::string number;  // e.g. "LAP/H/20261126"
  PeriodKind kind = PeriodKind::kDaily;
  Period period;
  std::string json;  // canonical text (report_json.h)
  std::string pdf;   // the PDF's bytes
};

// Aggregates the closed period `request` names and renders it. Refuses a period that has not
// closed at clock.now(). Reads the store only.
Result<DraftedReport> draft_report(const config::Config& config, const store::EvidenceStore& store,
                                   const DraftRequest& request, const Clock& clock);

// The checks a report expects evidence of and their intervals, from the schedule.
std::vector<ExpectedCheck> expected_checks(const config::Config& config, TimePoint at);

// The report number: config.report.number_format with {kind} (H, M or B), {yyyy}, {mm} and {dd}
// of the period's first day.
std::string report_number(const std::string& format, const Period& period);

// The file name stem of a number: '/' becomes '-' ("LAP-H-20261126").
std::string file_stem(const std::string& number);

struct WrittenReport {
  std::string pdf_path;
  std::string json_path;
};

// Writes <dir>/<stem>.pdf and .json, each to a temporary name, fsync'd and renamed into place, so
// a crash leaves either the old file or the complete new one. Creates `dir` if missing.
Result<WrittenReport> write_report_files(const std::string& dir, const DraftedReport& report);

}  // namespace jaga::report
