#include "desk/report_views.h"

#include <fmt/format.h>

#include <cmath>

#include "agenda/agenda_book.h"
#include "core/text.h"
#include "print/office_words.h"
#include "sign/signer_role.h"
#include "workflow/agenda_audit.h"
#include "workflow/document_verification.h"
#include "workflow/final_document.h"
#include "workflow/report_chain.h"

namespace jaga::desk {
namespace {

using kainjow::mustache::data;
using kainjow::mustache::list;

std::string role_text(const std::string& role) {
  if (auto r = sign::parse_role(role)) return sign::role_title(*r);
  return role == "scheduler" ? "jaga (terjadwal)" : role;
}

// "2 jam 5 menit", "1 hari 3 jam": SOP times, counted in the office's working hours.
std::string minutes_text(double seconds) { return print::duration_text(std::abs(seconds)); }

std::string state_text(const std::string& state) {
  const auto after = [&](std::string_view prefix) {
    return role_text(state.substr(prefix.size()));
  };
  if (state == "drafted") return "Draf, menunggu finalisasi";
  if (state == "finalized") return "Difinalisasi";
  if (state == "recorded") return "Tercatat di Buku Agenda";
  if (state.starts_with("received by ")) return "Diterima " + after("received by ");
  if (state.starts_with("returned to ")) return "Dikembalikan ke " + after("returned to ");
  return state;
}

std::string action_text(const std::string& action) {
  if (action == "draft") return "Draf";
  if (action == "finalize") return "Finalisasi";
  if (action == "receive") return "Terima";
  if (action == "record") return "Catat di Buku Agenda";
  if (action == "return") return "Kembalikan";
  return action;
}

std::string period_text(const workflow::ReportRow& r) {
  return r.period_start == r.period_end ? r.period_start
                                        : fmt::format("{} s.d. {}", r.period_start, r.period_end);
}

// "Senin, 7 Desember 2026 pukul 08.15 WIB".
std::string wib(DeskState& desk, TimePoint t) {
  return print::date_time_text(t, desk.config.schedule.zone);
}

std::string wib(DeskState& desk, const std::string& utc) {
  auto t = parse_utc(utc);
  return t ? wib(desk, *t) : utc;
}

// Why version `version` of `number` must carry the APK's Catatan at finalize, in Indonesian
// ("kesimpulan laporan TIDAK DAPAT DINILAI"); empty when it need not. The chain applies the
// same rule (workflow::note_requirement) and refuses the step without it.
Result<std::string> note_needed(DeskState& desk, const std::string& number, int version) {
  auto versions = desk.reports->versions(number, true);
  if (!versions) return versions.error();
  auto steps = desk.reports->steps(number, false);
  if (!steps) return steps.error();
  for (const workflow::VersionRow& v : *versions) {
    if (v.version != version) continue;
    const std::string why = workflow::note_requirement(v.json, version, *steps);
    return why.substr(0, why.find(" ("));  // the Indonesian part, before the English in brackets
  }
  return std::string();
}

}  // namespace

std::optional<std::string> step_refusal(DeskState& desk, const Account& account,
                                        const std::string& number, const std::string& action,
                                        const std::string& note) {
  auto report = desk.reports->find(number);
  if (!report) return "Register laporan tidak dapat dibaca; hubungi administrator.";
  if (!*report) return fmt::format("Laporan {} tidak ada di register.", number);
  auto state = desk.reports->state(desk.definition, number);
  if (!state) return "Register laporan tidak dapat dibaca; hubungi administrator.";
  if (state->version == 0) return fmt::format("Laporan {} belum disusun.", number);
  if (state->returned) {
    return fmt::format("Laporan {} sudah dikembalikan oleh {} dan menunggu revisi draf.", number,
                       role_text(state->returned_by));
  }
  if (workflow::is_complete(desk.definition, *state)) {
    return fmt::format("Rantai laporan {} sudah lengkap: laporan ini sudah tercatat.", number);
  }
  const workflow::StepDefinition& next = desk.definition.steps[state->next];
  const bool signing_step =
      next.action == workflow::Action::kFinalize || next.action == workflow::Action::kReceive;
  const bool matches = action == "return"
                           ? signing_step
                           : next.action == (action == "finalize" ? workflow::Action::kFinalize
                                                                  : workflow::Action::kReceive);
  if (next.role != account.role || !matches) {
    return fmt::format(
        "Laporan {} tidak menunggu tindakan ini dari Anda: langkah berikutnya adalah {} oleh {}.",
        number, next.label, role_text(next.role));
  }
  if (action == "finalize" && note.find_first_not_of(" \t\r\n") == std::string::npos) {
    auto why = note_needed(desk, number, state->version);
    if (!why) return "Register laporan tidak dapat dibaca; hubungi administrator.";
    if (!why->empty()) {
      return fmt::format("Catatan Administrator wajib diisi karena {}.", *why);
    }
  }
  return std::nullopt;
}

Result<PageData> inbox_view(DeskState& desk, const Account& account, TimePoint now, PageData page) {
  auto reports = desk.reports->list();
  if (!reports) return reports.error();
  list mine;
  list others;
  for (const workflow::ReportRow& r : *reports) {
    auto state = desk.reports->state(desk.definition, r.number);
    if (!state) return state.error();
    const bool complete = workflow::is_complete(desk.definition, *state);
    const workflow::StepDefinition* next =
        complete || state->returned ? nullptr : &desk.definition.steps[state->next];
    data row;
    row.set("number", r.number);
    row.set("link", "/laporan/" + url_component(r.number));
    row.set("period", period_text(r));
    if (next != nullptr && next->role == account.role) {
      const double standard = std::chrono::duration<double>(next->standard).count();
      const double used = desk.definition.working_hours.seconds_between(state->since, now);
      row.set("step", next->label);
      row.set("standard", minutes_text(standard));
      const bool late = used > standard;
      row.set("time_left", late ? "terlambat " + minutes_text(used - standard) + " (jam kerja)"
                                : "sisa " + minutes_text(standard - used) + " (jam kerja)");
      row.set("time_class", late ? "terlambat" : "tepat");
      mine.push_back(row);
      continue;
    }
    row.set("state", state_text(workflow::state_name(desk.definition, *state)));
    row.set("waiting", next != nullptr ? fmt::format("{} ({})", next->label, role_text(next->role))
                                       : (state->returned ? "revisi draf" : "—"));
    others.push_back(row);
  }
  page.set("has_mine", !mine.empty());
  page.set("mine", mine);
  page.set("others", others);
  return page;
}

Result<PageData> report_view(DeskState& desk, const Account& account, const std::string& number,
                             PageData page) {
  auto report = desk.reports->find(number);
  if (!report) return report.error();
  if (!*report) return Error{"no report"};
  auto state = desk.reports->state(desk.definition, number);
  if (!state) return state.error();
  auto versions = desk.reports->versions(number, false);
  if (!versions) return versions.error();
  auto steps = desk.reports->steps(number, false);
  if (!steps) return steps.error();
  page.set("number", number);
  page.set("period", period_text(**report));
  page.set("state", state_text(workflow::state_name(desk.definition, *state)));
  page.set("version", std::to_string((*report)->current_version));
  page.set("pdf_link", "/laporan/" + url_component(number) + "?berkas=pdf");
  page.set("json_link", "/laporan/" + url_component(number) + "?berkas=json");
  if (state->returned && !state->return_note.empty()) page.set("return_note", state->return_note);
  const bool open = !state->returned && !workflow::is_complete(desk.definition, *state);
  if (open) {
    const workflow::StepDefinition& next = desk.definition.steps[state->next];
    const bool mine = next.role == account.role;
    page.set("can_finalize", mine && next.action == workflow::Action::kFinalize);
    if (mine && next.action == workflow::Action::kFinalize) {
      auto why = note_needed(desk, number, state->version);
      if (!why) return why.error();
      if (!why->empty()) page.set("note_required", *why);
    }
    page.set("can_receive", mine && next.action == workflow::Action::kReceive);
    page.set("can_return", mine && (next.action == workflow::Action::kFinalize ||
                                    next.action == workflow::Action::kReceive));
  }
  list step_rows;
  for (const workflow::StepRow& s : *steps) {
    data row;
    row.set("version", std::to_string(s.version));
    row.set("step", s.step);
    row.set("action", action_text(s.action));
    row.set("role", role_text(s.role));
    row.set("signer", s.signer);
    row.set("at", wib(desk, s.at));
    row.set("note", s.note);
    step_rows.push_back(row);
  }
  page.set("steps", step_rows);
  list version_rows;
  for (const workflow::VersionRow& v : *versions) {
    data row;
    row.set("version", std::to_string(v.version));
    row.set("created_at", wib(desk, v.created_at));
    row.set("reason", v.reason == "revised" ? "revisi" : "draf");
    row.set("sha256", v.pdf_sha256);
    version_rows.push_back(row);
  }
  page.set("versions", version_rows);
  return page;
}

Result<PageData> register_view(DeskState& desk, TimePoint now, PageData page) {
  auto reports = desk.reports->list();
  if (!reports) return reports.error();
  list rows;
  for (const workflow::ReportRow& r : *reports) {
    auto state = desk.reports->state(desk.definition, r.number);
    if (!state) return state.error();
    const bool complete = workflow::is_complete(desk.definition, *state);
    data row;
    row.set("number", r.number);
    row.set("link", "/laporan/" + url_component(r.number));
    row.set("kind", r.period_kind == "daily"    ? "harian"
                    : r.period_kind == "weekly" ? "mingguan"
                                                : "bulanan");
    row.set("period", period_text(r));
    row.set("version", std::to_string(r.current_version));
    row.set("state", state_text(workflow::state_name(desk.definition, *state)));
    const workflow::StepDefinition* next =
        complete || state->returned ? nullptr : &desk.definition.steps[state->next];
    row.set("waiting", next != nullptr ? fmt::format("{} ({})", next->label, role_text(next->role))
                                       : (state->returned ? "revisi draf" : "—"));
    const auto overdue = workflow::overdue_at(desk.definition, *state, now);
    row.set("late", overdue ? "terlambat " + minutes_text(overdue->overdue_seconds) : "—");
    row.set("late_class", overdue ? "terlambat" : "");
    rows.push_back(row);
  }
  page.set("working_hours", desk.definition.working_hours.describe());
  page.set("rows", rows);
  return page;
}

Result<PageData> agenda_view(DeskState& desk, PageData page) {
  auto entries = agenda::list_entries(desk.evidence);
  if (!entries) return entries.error();
  auto problems = workflow::audit_agenda(*desk.reports);
  if (!problems) return problems.error();
  list rows;
  for (const agenda::AgendaEntry& e : *entries) {
    data row;
    row.set("position", std::to_string(e.position));
    row.set("agenda_number", e.agenda_number);
    row.set("recorded_at", wib(desk, e.recorded_at));
    row.set("report", e.report);
    row.set("link", "/laporan/" + url_component(e.report));
    row.set("period", e.period_start == e.period_end
                          ? e.period_start
                          : fmt::format("{} s.d. {}", e.period_start, e.period_end));
    std::string signers;
    for (const std::string& s : e.signers) signers += (signers.empty() ? "" : "; ") + s;
    row.set("signers", signers);
    row.set("sha256", e.document_sha256);
    rows.push_back(row);
  }
  list problem_rows;
  for (const agenda::Problem& p : *problems) {
    problem_rows.push_back(data(fmt::format("{} ({}): {}", p.position, p.agenda_number, p.what)));
  }
  page.set("entries", rows);
  page.set("has_problems", !problem_rows.empty());
  page.set("problems", problem_rows);
  page.set("verdict", problems->empty()
                          ? fmt::format("Rantai hash Buku Agenda utuh: {} entri terverifikasi.",
                                        entries->size())
                          : "BUKU AGENDA RUSAK atau diubah: lihat masalah di bawah.");
  page.set("verdict_class", problems->empty() ? "ok" : "gagal");
  return page;
}

Result<std::string> version_pdf(const workflow::ReportStore& reports, const std::string& number,
                                int version) {
  auto versions = reports.versions(number, true);
  if (!versions) return versions.error();
  std::string pdf;
  for (const workflow::VersionRow& v : *versions) {
    if (v.version == version) pdf = v.pdf;
  }
  if (pdf.empty()) return Error{fmt::format("laporan {} versi {} tidak ada", number, version)};
  auto steps = reports.steps(number, true);
  if (!steps) return steps.error();
  for (const workflow::StepRow& s : *steps) {
    if (s.version == version) pdf += s.pdf_increment;
  }
  return pdf;
}

PageData verification_view(DeskState& desk, const std::string& number, int version,
                           const std::string& pdf, TimePoint now, PageData page) {
  page.set("number", number);
  page.set("version", version > 0 ? std::to_string(version) : "");
  page.set("checked", true);
  const auto refuse = [&](const std::string& why) {
    page.set("verdict", why);
    page.set("verdict_class", "gagal");
    page.set("recorded", "tidak");
    return page;
  };
  std::string document = pdf;
  if (!number.empty()) {
    auto found = version_pdf(*desk.reports, number, version);
    if (!found) return refuse("Dokumen tidak dikenal: jaga tidak mencatat laporan ini.");
    document = std::move(*found);
  }
  auto verdict = workflow::verify_document(document, *desk.trust, now, &desk.definition,
                                           desk.reports.get(), "");
  if (!verdict) return refuse("Berkas ini bukan PDF yang dapat dibaca.");
  const workflow::RegisterVerdict& reg = verdict->in_register;
  const bool known = reg.report.has_value();
  page.set("recorded", known ? "ya" : "tidak");
  page.set("report", known ? *reg.report : "—");
  page.set("report_version", known ? std::to_string(reg.version) : "—");
  page.set("agenda_number", reg.agenda_number.empty() ? "—" : reg.agenda_number);
  // The register's sentence is Indonesian, then " / " and English: the page shows the first.
  page.set("register", reg.sentence.substr(0, reg.sentence.find(" / ")));
  if (known) {
    auto row = desk.reports->find(*reg.report);
    const bool latest = row && *row && (**row).current_version == reg.version;
    page.set("latest", latest ? "ya" : "tidak — ada versi yang lebih baru");
  } else {
    page.set("latest", "—");
  }
  list signatures;
  list problems;
  for (const sign::VerifiedSignature& s : verdict->signatures) {
    data row;
    row.set("index", std::to_string(s.index));
    row.set("name", s.signer_name);
    row.set("role", s.role ? sign::role_title(*s.role) : "tanpa peran terdaftar");
    row.set("at", s.signing_time ? wib(desk, *s.signing_time) : "—");
    row.set("valid", s.valid ? "sah" : "TIDAK SAH");
    signatures.push_back(row);
    if (!s.valid) problems.push_back(fmt::format("tanda tangan {}: {}", s.index, s.problem));
  }
  if (verdict->chain) {
    for (const std::string& p : verdict->chain->problems) problems.push_back(p);
  }
  if (!verdict->chain_error.empty()) problems.push_back(verdict->chain_error);
  page.set("signatures", signatures);
  page.set("has_problems", !problems.empty());
  page.set("problems", problems);
  const bool valid = verdict->valid();
  page.set("verdict", valid ? "SAH: dokumen ini adalah dokumen final yang tercatat, semua tanda "
                              "tangan sah dan berurutan sesuai SOP."
                            : (verdict->signatures.empty()
                                   ? "TIDAK SAH: dokumen ini tidak bertanda tangan."
                                   : "TIDAK SAH atau BELUM FINAL: lihat rincian di bawah."));
  page.set("verdict_class", valid ? "ok" : "gagal");
  return page;
}

}  // namespace jaga::desk
