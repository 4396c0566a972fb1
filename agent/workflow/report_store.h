// Reports in the SOP-PIAK-07 chain, kept in the evidence store: each report (number, period,
// state, current version), its versions (the drafted PDF and JSON with their SHA-256s; a
// revision after a return is a new version of the same number) and its steps (who took which
// step when, with what certificate, how long it took against the standard, and the signed
// bytes). Every write is one transaction; a step's signatures, its record and, for the last
// step, the agenda entry are committed together or not at all.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "agenda/agenda_book.h"
#include "core/clock.h"
#include "core/result.h"
#include "store/evidence_store.h"
#include "workflow/definition.h"
#include "workflow/report_chain.h"

namespace jaga::workflow {

// What the drafting command hands over (SOP step 2).
struct DraftInput {
  std::string number;        // the report number, e.g. "LAP-H/2026/11/26"
  std::string period_kind;   // "daily", "weekly" or "monthly"
  std::string period_start;  // ISO date, first day of the period
  std::string period_end;    // ISO date, last day of the period (inclusive)
  std::string pdf;           // the rendered report
  std::string json;          // its canonical JSON twin
  // When the period closed: SOP step 2 (the draft, within its standard) is measured in clock time
  // from here to the draft. Unset: the draft's duration is not measured and it is never late.
  std::optional<TimePoint> period_closed_at;
};

struct RegisteredReport {
  std::string number;
  int version = 1;
  bool revision = false;  // a new version of a returned report
  std::string pdf_sha256;
  std::string json_sha256;
};

struct ReportRow {
  std::string number;
  std::string period_kind;
  std::string period_start;
  std::string period_end;
  std::string state;  // state_name() at the last write
  int current_version = 0;
  std::string created_at;
};

struct VersionRow {
  int version = 0;
  std::string pdf;  // the drafted PDF, before any signature
  std::string json;
  std::string pdf_sha256;
  std::string json_sha256;
  std::string created_at;
  std::string reason;  // "drafted" or "revised"
};

struct StepRow {
  int64_t id = 0;
  int version = 0;
  std::string step;    // step name; a return names the step that was refused
  std::string action;  // draft, finalize, receive, record, return
  std::string role;
  std::string signer;  // the certificate's name; "jaga" for the scheduler's draft
  std::string cert_serial;
  std::string cert_fingerprint;  // SHA-256 of the DER certificate
  TimePoint at;
  std::optional<double> duration_seconds;
  double standard_seconds = 0;
  bool late = false;
  std::string note;
  std::string pdf_increment;  // bytes this step's PDF signature appended (incremental update)
  std::string pdf_sha256;     // of the whole PDF after this step
  std::string signed_json;    // a return's signed statement; empty: the version's JSON
  std::string json_p7s;       // DER detached CMS over the JSON (or statement); empty: none
};

// A step to record, already signed. The store checks that nothing happened to the report since
// `after_step_id` was read, so two officials cannot take the same step at once.
struct StepWrite {
  std::string number;
  int64_t after_step_id = 0;
  StepRow row;
  // The agenda entry written with this step (the record step), if any.
  std::optional<agenda::NewEntry> agenda;
};

class ReportStore {
 public:
  explicit ReportStore(store::EvidenceStore& evidence) : evidence_(evidence) {}

  // SOP step 2: a first draft, or a new version of a returned report (same number). Refused
  // when the report exists and was not returned, or its period differs.
  Result<RegisteredReport> register_draft(const Definition& definition, const DraftInput& input,
                                          TimePoint drafted_at);

  Result<std::optional<ReportRow>> find(const std::string& number) const;
  Result<std::vector<ReportRow>> list() const;
  // Oldest first. `with_bytes` false leaves pdf/json/increments/p7s empty.
  Result<std::vector<VersionRow>> versions(const std::string& number, bool with_bytes) const;
  Result<std::vector<StepRow>> steps(const std::string& number, bool with_bytes) const;

  Result<ChainState> state(const Definition& definition, const std::string& number) const;
  // The current version's PDF with every signature taken on it so far.
  Result<std::string> current_pdf(const std::string& number) const;
  // The report number and version whose drafted PDF `pdf` starts with, if any: every document
  // the chain makes of a version (its signatures are incremental updates) begins with it.
  Result<std::optional<std::pair<std::string, int>>> find_version(const std::string& pdf) const;

  // Records `steps` (one step, or a step and the automatic record step after it) in one
  // transaction, with `agenda` entries when given (signed by `sign_entry` when given), and the
  // report's new state.
  Result<std::vector<agenda::AgendaEntry>> append_steps(
      const Definition& definition, const std::vector<StepWrite>& steps,
      const agenda::NumberFormat& format, const UtcOffset& zone,
      const agenda::EntrySigner& sign_entry = nullptr);

  store::EvidenceStore& evidence() const { return evidence_; }

 private:
  Error error(const std::string& doing) const;
  store::EvidenceStore& evidence_;
};

}  // namespace jaga::workflow
