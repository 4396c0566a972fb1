// The writing half of ReportStore: drafts and steps, each one transaction.
#include <fmt/format.h>
#include <sqlite3.h>

#include "core/sha256.h"
#include "store/sqlite_statement.h"
#include "workflow/report_store.h"

namespace jaga::workflow {
namespace {

bool valid_kind(const std::string& kind) {
  return kind == "daily" || kind == "weekly" || kind == "monthly";
}

bool valid_date(const std::string& d) {
  if (d.size() != 10 || d[4] != '-' || d[7] != '-') return false;
  const int y = std::atoi(d.substr(0, 4).c_str());
  const unsigned m = static_cast<unsigned>(std::atoi(d.substr(5, 2).c_str()));
  const unsigned day = static_cast<unsigned>(std::atoi(d.substr(8, 2).c_str()));
  return std::chrono::year_month_day{std::chrono::year{y}, std::chrono::month{m},
                                     std::chrono::day{day}}
      .ok();
}

Result<void> check_input(const DraftInput& in) {
  auto bad = [&](const std::string& what) {
    return Error{fmt::format("cannot register report \"{}\": {}", in.number, what)};
  };
  if (in.number.empty()) return bad("the report number is empty");
  if (!valid_kind(in.period_kind)) {
    return bad(fmt::format("period kind \"{}\" is not daily, weekly or monthly", in.period_kind));
  }
  if (!valid_date(in.period_start) || !valid_date(in.period_end)) {
    return bad(fmt::format("period {} to {} is not two ISO dates (YYYY-MM-DD)", in.period_start,
                           in.period_end));
  }
  if (in.period_end < in.period_start) {
    return bad(
        fmt::format("the period ends ({}) before it starts ({})", in.period_end, in.period_start));
  }
  if (in.pdf.rfind("%PDF-", 0) != 0) return bad("the PDF does not start with %PDF-");
  if (in.json.empty()) return bad("the JSON is empty");
  return Ok();
}

Result<void> insert_step(const store::EvidenceStore& store, const std::string& number,
                         const StepRow& r) {
  const std::string doing = fmt::format("recording step '{}' of report {}", r.step, number);
  auto s = store.statement(
      "INSERT INTO report_steps (report, version, step, action, role, signer, "
      "cert_serial, cert_fingerprint, at, duration_seconds, standard_seconds, late, "
      "note, pdf_increment, pdf_sha256, signed_json, json_p7s) VALUES "
      "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)");
  if (!s.ok()) return store.sql_error(doing);
  s.bind(1, number);
  s.bind(2, static_cast<int64_t>(r.version));
  s.bind(3, r.step);
  s.bind(4, r.action);
  s.bind(5, r.role);
  s.bind(6, r.signer);
  s.bind(7, r.cert_serial);
  s.bind(8, r.cert_fingerprint);
  s.bind(9, format_utc(r.at));
  s.bind(10, r.duration_seconds);
  s.bind(11, r.standard_seconds);
  s.bind(12, static_cast<int64_t>(r.late ? 1 : 0));
  s.bind(13, r.note);
  if (r.pdf_increment.empty()) {
    s.bind_null(14);
  } else {
    s.bind_blob(14, r.pdf_increment);
  }
  s.bind(15, r.pdf_sha256);
  s.bind(16, r.signed_json);
  if (r.json_p7s.empty()) {
    s.bind_null(17);
  } else {
    s.bind_blob(17, r.json_p7s);
  }
  if (s.step() != SQLITE_DONE) return store.sql_error(doing);
  return Ok();
}

Result<void> set_state(const store::EvidenceStore& store, const std::string& number,
                       const std::string& state, int version) {
  auto s = store.statement("UPDATE reports SET state = ?1, current_version = ?2 WHERE number = ?3");
  if (!s.ok()) return store.sql_error("updating report " + number);
  s.bind(1, state);
  s.bind(2, static_cast<int64_t>(version));
  s.bind(3, number);
  if (s.step() != SQLITE_DONE) return store.sql_error("updating report " + number);
  return Ok();
}

int64_t last_step_id(const store::EvidenceStore& store, const std::string& number) {
  auto s = store.statement("SELECT COALESCE(MAX(id), 0) FROM report_steps WHERE report = ?1");
  s.bind(1, number);
  return s.ok() && s.step() == SQLITE_ROW ? s.integer(0) : -1;
}

}  // namespace

Result<RegisteredReport> ReportStore::register_draft(const Definition& d, const DraftInput& in,
                                                     TimePoint drafted_at) {
  if (auto ok = check_input(in); !ok) return ok.error();
  auto tx = evidence_.transaction();
  if (!tx.began()) return error("starting to register report " + in.number);
  auto existing = find(in.number);
  if (!existing) return existing.error();
  auto st = state(d, in.number);
  if (!st) return st.error();
  if (*existing) {
    const ReportRow& r = **existing;
    if (r.period_kind != in.period_kind || r.period_start != in.period_start ||
        r.period_end != in.period_end) {
      return Error{
          fmt::format("report {} is already registered for the {} period {} to {}; a "
                      "revision must keep the period (got {} {} to {})",
                      in.number, r.period_kind, r.period_start, r.period_end, in.period_kind,
                      in.period_start, in.period_end)};
    }
    if (auto ok = check_draft(d, *st, in.number); !ok) return ok.error();
  }
  RegisteredReport out{in.number, st->version + 1, existing->has_value(), sha256_hex(in.pdf),
                       sha256_hex(in.json)};
  if (!*existing) {
    auto s = evidence_.statement(
        "INSERT INTO reports (number, period_kind, period_start, period_end, state, "
        "current_version, created_at) VALUES (?1, ?2, ?3, ?4, '', 0, ?5)");
    if (!s.ok()) return error("preparing report " + in.number);
    s.bind(1, in.number);
    s.bind(2, in.period_kind);
    s.bind(3, in.period_start);
    s.bind(4, in.period_end);
    s.bind(5, format_utc(drafted_at));
    if (s.step() != SQLITE_DONE) return error("registering report " + in.number);
  }
  {
    auto s = evidence_.statement(
        "INSERT INTO report_versions (report, version, pdf, json, pdf_sha256, "
        "json_sha256, created_at, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    if (!s.ok()) return error("preparing a version of report " + in.number);
    s.bind(1, in.number);
    s.bind(2, static_cast<int64_t>(out.version));
    s.bind_blob(3, in.pdf);
    s.bind(4, in.json);
    s.bind(5, out.pdf_sha256);
    s.bind(6, out.json_sha256);
    s.bind(7, format_utc(drafted_at));
    s.bind(8, std::string(out.revision ? "revised" : "drafted"));
    if (s.step() != SQLITE_DONE) return error("storing version of report " + in.number);
  }
  const StepDefinition& draft = d.steps.front();
  // A revision is timed from the return that asked for it; a first draft from the period's close.
  const std::optional<TimePoint> since =
      out.revision ? std::optional(st->since) : in.period_closed_at;
  const Timing t = time_step(d, draft, since, drafted_at);
  StepRow row;
  row.version = out.version;
  row.step = draft.name;
  row.action = action_name(Action::kDraft);
  row.role = draft.role;
  row.signer = "jaga";
  row.at = drafted_at;
  row.duration_seconds = t.duration_seconds;
  row.standard_seconds = t.standard_seconds;
  row.late = t.late;
  row.pdf_sha256 = out.pdf_sha256;
  if (auto ok = insert_step(evidence_, in.number, row); !ok) {
    return error("recording the draft of report " + in.number);
  }
  ChainState next = *st;
  next.version = out.version;
  next.next = 1;
  next.returned = false;
  if (auto ok = set_state(evidence_, in.number, state_name(d, next), out.version); !ok) {
    return error("updating report " + in.number);
  }
  if (!tx.commit()) return error("committing report " + in.number);
  return out;
}

Result<std::vector<agenda::AgendaEntry>> ReportStore::append_steps(
    const Definition& d, const std::vector<StepWrite>& writes, const agenda::NumberFormat& format,
    const UtcOffset& zone, const agenda::EntrySigner& sign_entry) {
  std::vector<agenda::AgendaEntry> entries;
  if (writes.empty()) return entries;
  const std::string& number = writes.front().number;
  auto tx = evidence_.transaction();
  if (!tx.began()) return error("starting a step of report " + number);
  if (last_step_id(evidence_, number) != writes.front().after_step_id) {
    return Error{
        fmt::format("report {} changed while this step was being signed (someone else "
                    "took a step); nothing was recorded, look at it again with: jaga "
                    "report show {}",
                    number, number)};
  }
  for (const StepWrite& w : writes) {
    if (auto ok = insert_step(evidence_, w.number, w.row); !ok) return ok.error();
    if (w.agenda) {
      auto entry = agenda::append_entry(evidence_, format, zone, *w.agenda, sign_entry);
      if (!entry) return entry.error();
      entries.push_back(std::move(*entry));
    }
  }
  auto st = state(d, number);
  if (!st) return st.error();
  if (auto ok = set_state(evidence_, number, state_name(d, *st), st->version); !ok) {
    return error("updating report " + number);
  }
  if (!tx.commit()) return error("committing the step of report " + number);
  return entries;
}

}  // namespace jaga::workflow
