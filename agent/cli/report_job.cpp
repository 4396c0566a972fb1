#include "cli/report_job.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <exception>

#include "cli/report_drafting.h"
#include "store/evidence_store.h"

namespace jaga::cli {
namespace {

// The outcome of one drafting attempt as a result.
checks::CheckResult drafting_result(const config::Config& config, store::EvidenceStore& store,
                                    const schedule::Job& job, const Clock& clock) {
  checks::CheckResult result;
  result.check = job.name();
  result.started = clock.now();
  auto kind = report::parse_period_kind(job.report);
  Result<DraftOutcome> drafted =
      kind ? draft_and_register(config, store, report::DraftRequest{*kind, std::nullopt}, clock,
                                true)
           : Result<DraftOutcome>(kind.error());
  if (!drafted) {
    result.add(
        Status::kCrit, FindingKind::kReportFailed, {{"report", job.report}},
        fmt::format("drafting the {} report failed: {}", job.report, drafted.error().message));
    result.summarize("");
  } else {
    result.summarize(describe(*drafted));
    result.evidence = {{"number", drafted->number},
                       {"version", drafted->version},
                       {"period_start", report::format_date(drafted->period.first)},
                       {"period_end", report::format_date(drafted->period.last)},
                       {"already_drafted", drafted->already_drafted}};
    if (!drafted->already_drafted) {
      result.evidence["pdf"] = drafted->pdf_path;
      result.evidence["json"] = drafted->json_path;
    }
  }
  result.finished = clock.now();
  return result;
}

// Keeps `result` as a run of its own (command "serve"); logs what it cannot keep.
void keep(const config::Config& config, store::EvidenceStore& store,
          const checks::CheckResult& result) {
  const std::string& host = config.agent.host_name;
  if (auto kept = store.record_run(host, "serve", host, result); !kept)
    spdlog::error("job {}: result not kept: {}", result.check, kept.error().message);
}

}  // namespace

checks::CheckResult run_report_job(const config::Config& config, const schedule::Job& job,
                                   const Clock& clock) {
  spdlog::info("job {}: drafting the last closed {} report", job.name(), job.report);
  // The job's own connection: it runs on a thread of its own (see serve_command.cpp).
  auto store = store::EvidenceStore::open(config.agent.evidence_db, config.agent.personal_key);
  checks::CheckResult result;
  try {
    if (store) {
      result = drafting_result(config, **store, job, clock);
    } else {
      result.check = job.name();
      result.add(
          Status::kCrit, FindingKind::kReportFailed, {{"report", job.report}},
          fmt::format("drafting the {} report failed: {}", job.report, store.error().message));
      result.summarize("");
      result.started = result.finished = clock.now();
    }
  } catch (const std::exception& e) {
    // A bug, not a finding; still a status rather than the end of the service.
    result = checks::CheckResult{};
    result.check = job.name();
    result.add(Status::kUnknown, FindingKind::kReportFailed, {{"report", job.report}},
               fmt::format("internal error drafting the {} report: {}", job.report, e.what()));
    result.summarize("");
    result.started = result.finished = clock.now();
  }
  spdlog::log(result.status == Status::kOk ? spdlog::level::info : spdlog::level::err,
              "job {}: {} — {}", result.check, status_name(result.status), result.summary);
  if (store) {
    keep(config, **store, result);
  } else {
    spdlog::error("job {}: result not kept: {}", result.check, store.error().message);
  }
  return result;
}

}  // namespace jaga::cli
