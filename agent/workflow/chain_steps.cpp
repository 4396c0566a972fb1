#include "workflow/chain_steps.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "core/sha256.h"
#include "print/office_words.h"
#include "sign/approval_page.h"
#include "sign/signer.h"
#include "sign/signer_role.h"
#include "sign/verifier.h"
#include "workflow/final_document.h"
#include "workflow/four_eyes.h"

namespace jaga::workflow {
namespace {

struct Current {
  ReportRow report;
  ChainState state;
  std::vector<StepRow> steps;
  std::string pdf;
  std::string json;
};

Result<Current> load(const ChainContext& c, const std::string& number) {
  auto report = c.reports.find(number);
  if (!report) return report.error();
  if (!*report) {
    return Error{fmt::format("no report {} in the register (see: jaga report list)", number)};
  }
  auto state = c.reports.state(c.definition, number);
  if (!state) return state.error();
  auto steps = c.reports.steps(number, false);
  if (!steps) return steps.error();
  auto pdf = c.reports.current_pdf(number);
  if (!pdf) return pdf.error();
  auto versions = c.reports.versions(number, true);
  if (!versions) return versions.error();
  Current cur{**report, *state, std::move(*steps), std::move(*pdf), ""};
  for (const VersionRow& v : *versions) {
    if (v.version == cur.state.version) cur.json = v.json;
  }
  return cur;
}

Result<void> check_signer(const ChainContext& c, const sign::SigningIdentity& identity,
                          TimePoint at) {
  if (auto ok = sign::check_identity(identity, c.trust, at); !ok) {
    return Error{fmt::format("signer '{}' refused: {}", identity.name, ok.error().message)};
  }
  return Ok();
}

StepRow signed_row(const Definition& d, const sign::SigningIdentity& identity, int version,
                   const StepDefinition& step, const std::string& action, TimePoint since,
                   TimePoint at) {
  const Timing t = time_step(d, step, since, at);
  StepRow r;
  r.version = version;
  r.step = step.name;
  r.action = action;
  r.role = sign::role_name(identity.role);
  r.signer = identity.info.common_name.empty() ? identity.name : identity.info.common_name;
  r.cert_serial = identity.info.serial;
  r.cert_fingerprint = identity.info.fingerprint;
  r.at = at;
  r.duration_seconds = t.duration_seconds;
  r.standard_seconds = t.standard_seconds;
  r.late = t.late;
  return r;
}

int64_t last_id(const std::vector<StepRow>& steps) { return steps.empty() ? 0 : steps.back().id; }

// The four-eyes rule: `identity` signed no other step of the current version. Earlier steps'
// signers are known by their certificates' registry entries (the trust store's bindings).
Result<void> check_other_eyes(const ChainContext& c, const Current& cur, const std::string& number,
                              const sign::SigningIdentity& identity) {
  const sign::TrustStore& trust = c.trust;
  return check_four_eyes(
      number, cur.state.version, cur.steps, identity.person(),
      [&trust](std::string_view fingerprint) { return trust.binding(fingerprint); });
}

bool blank(const std::string& text) {
  return text.find_first_not_of(" \t\r\n") == std::string::npos;
}

// The visible signature in a field: what a reader of the printed page sees.
std::vector<std::string> appearance(const sign::SigningIdentity& identity, const std::string& role,
                                    TimePoint at, UtcOffset zone) {
  const std::string name =
      identity.info.common_name.empty() ? identity.name : identity.info.common_name;
  return {"Ditandatangani secara elektronik", name, print::role_name(role), office_time(at, zone)};
}

// Finalize's document: the draft with the approval page, ready for the certification.
Result<sign::AppendedPage> final_pdf(const ChainContext& c, const Current& cur,
                                     const std::string& number, const StepDefinition& step,
                                     const std::string& note, TimePoint at) {
  FinalizeFacts facts;
  facts.number = number;
  facts.version = cur.state.version;
  facts.draft_json = cur.json;
  facts.steps = cur.steps;
  facts.note = note;
  facts.at = at;
  facts.finalize_timing = time_step(c.definition, step, cur.state.since, at);
  facts.zone = c.zone;
  facts.verify_url = c.verify_url;
  auto page = sign::append_approval_page(cur.pdf, approval_page(c.definition, facts));
  if (!page) {
    return Error{
        fmt::format("making the final document of report {}: {}", number, page.error().message)};
  }
  if (page->fields.empty() || page->fields.front().name != field_name(step.name, facts.version)) {
    return Error{
        fmt::format("the final document of report {} has no field for {}", number, step.name)};
  }
  return page;
}

}  // namespace

Result<StepOutcome> take_step(const ChainContext& c, const std::string& number, Action action,
                              const sign::SigningIdentity& identity, TimePoint at,
                              const std::string& note) {
  auto cur = load(c, number);
  if (!cur) return cur.error();
  const std::string role = sign::role_name(identity.role);
  auto index = check_step(c.definition, cur->state, number, action, role);
  if (!index) return index.error();
  if (auto ok = check_other_eyes(c, *cur, number, identity); !ok) return ok.error();
  if (auto ok = check_signer(c, identity, at); !ok) return ok.error();
  const StepDefinition& step = c.definition.steps[*index];
  if (action != Action::kFinalize && !blank(note)) {
    return Error{fmt::format(
        "laporan {}: catatan hanya diisi saat finalisasi; untuk keberatan, kembalikan laporan "
        "(a note is taken at finalize only; to object, return the report with a note)",
        number)};
  }

  sign::PdfSignatureRequest request;
  request.reason = fmt::format("{} ({} {}, version {})", step.label, c.definition.id, step.name,
                               cur->state.version);
  request.location = c.location;
  request.signing_time = at;
  request.field_name = field_name(step.name, cur->state.version);
  request.appearance_lines = appearance(identity, role, at, c.zone);
  std::string unsigned_pdf = cur->pdf;
  if (action == Action::kFinalize) {
    const std::string required = note_requirement(cur->json, cur->state.version, cur->steps);
    if (!required.empty() && blank(note)) {
      return Error{fmt::format(
          "laporan {}: Catatan Administrator wajib diisi karena {}; tidak ada yang dicatat "
          "(a note is required; nothing recorded). Beri catatan dengan --note TEKS.",
          number, required)};
    }
    auto page = final_pdf(c, *cur, number, step, note, at);
    if (!page) return page.error();
    unsigned_pdf = std::move(page->pdf);
    request.certify = true;
    request.visible = page->fields.front().rect;
    request.empty_fields.assign(page->fields.begin() + 1, page->fields.end());
  }
  auto signed_pdf = sign::sign_pdf(unsigned_pdf, identity, request);
  if (!signed_pdf) {
    return Error{
        fmt::format("signing the PDF of report {}: {}", number, signed_pdf.error().message)};
  }
  if (signed_pdf->size() <= cur->pdf.size() ||
      signed_pdf->compare(0, cur->pdf.size(), cur->pdf) != 0) {
    return Error{
        fmt::format("signing the PDF of report {} did not append an incremental update; "
                    "earlier signatures would break, nothing recorded",
                    number)};
  }
  auto p7s = sign::sign_detached(cur->json, identity, at);
  if (!p7s) {
    return Error{fmt::format("signing the JSON of report {}: {}", number, p7s.error().message)};
  }

  StepWrite write;
  write.number = number;
  write.after_step_id = last_id(cur->steps);
  write.row = signed_row(c.definition, identity, cur->state.version, step, action_name(action),
                         cur->state.since, at);
  write.row.pdf_increment = signed_pdf->substr(cur->pdf.size());
  write.row.pdf_sha256 = sha256_hex(*signed_pdf);
  write.row.json_p7s = std::move(*p7s);
  if (action == Action::kFinalize) write.row.note = note;
  std::vector<StepWrite> writes = {write};

  // The record step follows the last receipt at once, by the same role (see definition.h).
  if (*index + 2 == c.definition.steps.size()) {
    const StepDefinition& record = c.definition.steps.back();
    StepWrite rec;
    rec.number = number;
    rec.row = signed_row(c.definition, identity, cur->state.version, record,
                         action_name(Action::kRecord), at, at);
    rec.row.pdf_sha256 = write.row.pdf_sha256;
    agenda::NewEntry entry;
    entry.report = number;
    entry.period_kind = cur->report.period_kind;
    entry.period_start = cur->report.period_start;
    entry.period_end = cur->report.period_end;
    entry.document_sha256 = write.row.pdf_sha256;
    entry.recorded_at = at;
    for (const StepRow& s : cur->steps) {
      if (s.version == cur->state.version && !s.cert_fingerprint.empty() && s.action != "return") {
        entry.signers.push_back(fmt::format("{}: {}", s.role, s.signer));
      }
    }
    entry.signers.push_back(fmt::format("{}: {}", write.row.role, write.row.signer));
    rec.agenda = std::move(entry);
    writes.push_back(std::move(rec));
  }
  auto entries =
      c.reports.append_steps(c.definition, writes, c.agenda_format, c.zone, c.sign_entry);
  if (!entries) return entries.error();
  auto state = c.reports.state(c.definition, number);
  StepOutcome out;
  for (const StepWrite& w : writes) out.recorded.push_back(w.row);
  out.agenda = std::move(*entries);
  out.state = state ? state_name(c.definition, *state) : "";
  return out;
}

Result<StepOutcome> return_report(const ChainContext& c, const std::string& number,
                                  const std::string& note, const sign::SigningIdentity& identity,
                                  TimePoint at) {
  if (note.find_first_not_of(" \t\r\n") == std::string::npos) {
    return Error{
        fmt::format("returning report {} needs a note saying what must be revised", number)};
  }
  auto cur = load(c, number);
  if (!cur) return cur.error();
  const std::string role = sign::role_name(identity.role);
  auto index = check_return(c.definition, cur->state, number, role);
  if (!index) return index.error();
  if (auto ok = check_other_eyes(c, *cur, number, identity); !ok) return ok.error();
  if (auto ok = check_signer(c, identity, at); !ok) return ok.error();
  const StepDefinition& refused = c.definition.steps[*index];
  const std::string returned_to = c.definition.steps[*index - 1].role;
  const std::string pdf_sha256 = sha256_hex(cur->pdf);
  const nlohmann::json statement = {{"workflow", c.definition.id},
                                    {"report", number},
                                    {"version", cur->state.version},
                                    {"pdf_sha256", pdf_sha256},
                                    {"action", "return"},
                                    {"refused_step", refused.name},
                                    {"returned_by", role},
                                    {"returned_to", returned_to},
                                    {"signer", identity.info.common_name},
                                    {"at", format_utc(at)},
                                    {"note", note}};
  const std::string text = statement.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  auto p7s = sign::sign_detached(text, identity, at);
  if (!p7s) {
    return Error{fmt::format("signing the return of report {}: {}", number, p7s.error().message)};
  }
  StepWrite write;
  write.number = number;
  write.after_step_id = last_id(cur->steps);
  write.row = signed_row(c.definition, identity, cur->state.version, refused, "return",
                         cur->state.since, at);
  write.row.note = note;
  write.row.pdf_sha256 = pdf_sha256;
  write.row.signed_json = text;
  write.row.json_p7s = std::move(*p7s);
  auto entries =
      c.reports.append_steps(c.definition, {write}, c.agenda_format, c.zone, c.sign_entry);
  if (!entries) return entries.error();
  StepOutcome out;
  out.recorded.push_back(write.row);
  out.state = fmt::format("returned to {}", returned_to);
  return out;
}

}  // namespace jaga::workflow
