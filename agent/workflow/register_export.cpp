#include "workflow/register_export.h"

#include <fmt/format.h>

#include "print/office_words.h"
#include "print/table.h"

namespace jaga::workflow {
namespace {

// "2026-12-07 08:15" on the office's clock (the zone is in the column's header).
std::string local_time(TimePoint at, const UtcOffset& zone) {
  const LocalMinutes m = zone.to_local(at);
  const auto day = std::chrono::floor<std::chrono::days>(m);
  const std::chrono::year_month_day ymd{day};
  const auto minutes = (m - day).count();
  return fmt::format("{:04}-{:02}-{:02} {:02}:{:02}", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                     minutes / 60, minutes % 60);
}

// The step's line of the definition: its label for people; a step of another definition by name.
const StepDefinition* find_step(const Definition& d, const std::string& name) {
  const auto index = d.find(name);
  return index ? &d.steps[*index] : nullptr;
}

std::string step_text(const Definition& d, const StepRow& s) {
  const StepDefinition* def = find_step(d, s.step);
  const std::string label = def != nullptr ? def->label : s.step;
  return s.action == "return" ? fmt::format("Dikembalikan pada langkah: {}", label) : label;
}

// How the duration was measured, for the reader of the register.
std::string measured_in(const StepRow& s) {
  return s.action == "draft" ? "jam kalender" : "jam kerja";
}

std::string punctuality(const StepRow& s) {
  if (!s.duration_seconds) return "tidak diukur";
  return s.late ? "Terlambat" : "Tepat waktu";
}

// Minutes with one decimal and the Indonesian decimal comma, without grouping, so that a
// spreadsheet with Indonesian settings reads a number: "12,5".
std::string minutes_number(double seconds) {
  std::string text = fmt::format("{:.1f}", seconds / 60.0);
  for (char& c : text) {
    if (c == '.') c = ',';
  }
  return text;
}

std::string signer_text(const StepRow& s) { return s.action == "draft" ? "jaga" : s.signer; }

}  // namespace

std::string state_in_indonesian(const Definition& d, const ChainState& s) {
  if (s.version == 0) return "belum dibuat";
  if (s.returned) return fmt::format("dikembalikan ke {}", print::role_name(s.returned_to));
  const StepDefinition& last = d.steps[s.next - 1];
  switch (last.action) {
    case Action::kDraft:
      return s.version > 1 ? "direvisi, menunggu finalisasi" : "draft, menunggu finalisasi";
    case Action::kFinalize:
      return "difinalisasi";
    case Action::kReceive:
      return fmt::format("diterima {}", print::role_name(last.role));
    case Action::kRecord:
      return "selesai, dicatat dalam Buku Agenda";
  }
  return "?";
}

std::string register_csv(const Definition& d, const std::vector<RegisterEntry>& entries) {
  const UtcOffset& zone = d.working_hours.zone;
  std::vector<print::Row> rows;
  for (const RegisterEntry& e : entries) {
    const std::vector<std::string> report = {
        e.report.number, print::period_kind_name(e.report.period_kind), e.report.period_start,
        e.report.period_end, state_in_indonesian(d, e.state)};
    for (const StepRow& s : e.steps) {
      print::Row row = report;
      const print::Row step = {std::to_string(s.version),
                               step_text(d, s),
                               print::role_name(s.role),
                               signer_text(s),
                               local_time(s.at, zone),
                               s.duration_seconds ? minutes_number(*s.duration_seconds) : "",
                               minutes_number(s.standard_seconds),
                               measured_in(s),
                               punctuality(s),
                               s.note};
      row.insert(row.end(), step.begin(), step.end());
      rows.push_back(std::move(row));
    }
    if (e.overdue) {
      print::Row row = report;
      const print::Row step = {
          std::to_string(e.state.version),
          e.overdue->label,
          print::role_name(e.overdue->role),
          "",
          "",
          "",
          "",
          "jam kerja",
          fmt::format("Belum dilakukan, terlambat {} (batas {} {})",
                      print::duration_text(e.overdue->overdue_seconds),
                      local_time(e.overdue->due, zone), print::zone_label(zone)),
          ""};
      row.insert(row.end(), step.begin(), step.end());
      rows.push_back(std::move(row));
    }
  }
  const std::string z = print::zone_label(zone);
  return print::clerk_csv(
      {"Nomor Laporan", "Jenis Laporan", "Awal Periode", "Akhir Periode", "Status", "Versi",
       "Langkah", "Peran", "Pelaksana", fmt::format("Waktu ({})", z), "Durasi (menit)",
       "Standar (menit)", "Diukur dalam", "Ketepatan", "Catatan"},
      rows);
}

Result<std::string> register_pdf(const Definition& d, const std::vector<RegisterEntry>& entries,
                                 const RegisterTitle& title) {
  const UtcOffset& zone = d.working_hours.zone;
  const std::string z = print::zone_label(zone);
  print::TableDocument doc;
  doc.title = fmt::format("Daftar Laporan — {}", d.id);
  size_t late = 0;
  for (const RegisterEntry& e : entries) {
    for (const StepRow& s : e.steps) late += s.late ? 1 : 0;
    late += e.overdue ? 1 : 0;
  }
  doc.subtitle = fmt::format(
      "{} · {} laporan · {} langkah terlambat · dicetak {} {}\nJam kerja: {}. Langkah pejabat "
      "diukur dalam jam kerja; pembuatan draft oleh jaga diukur dalam jam kalender sejak periode "
      "laporan berakhir.",
      title.office, entries.size(), late, local_time(title.printed_at, zone), z,
      d.working_hours.describe());
  doc.pdf_title = fmt::format("Daftar Laporan {}", d.id);
  doc.columns = {{"Nomor Laporan", 92},    {"Periode", 92},      {"Status", 92},
                 {"Langkah", 130},         {"Pelaksana", 120},   {fmt::format("Waktu ({})", z), 74},
                 {"Durasi / Standar", 84}, {"Keterangan", 85.89}};
  for (const RegisterEntry& e : entries) {
    const std::string period =
        fmt::format("{}\n{} s.d. {}", print::period_kind_name(e.report.period_kind),
                    e.report.period_start, e.report.period_end);
    bool first = true;
    const auto add = [&](print::Row row) {
      if (!first) row[0] = row[1] = row[2] = "";
      first = false;
      doc.rows.push_back(std::move(row));
    };
    for (const StepRow& s : e.steps) {
      std::string remark = punctuality(s);
      if (!s.note.empty()) remark += fmt::format("\nCatatan: {}", s.note);
      add({e.report.number, period, state_in_indonesian(d, e.state),
           fmt::format("v{} · {}", s.version, step_text(d, s)),
           fmt::format("{}\n{}", print::role_name(s.role), signer_text(s)), local_time(s.at, zone),
           fmt::format("{} / {}\n({})",
                       s.duration_seconds ? print::duration_text(*s.duration_seconds) : "—",
                       print::duration_text(s.standard_seconds), measured_in(s)),
           remark});
    }
    if (e.overdue) {
      add({e.report.number, period, state_in_indonesian(d, e.state),
           fmt::format("v{} · {}", e.state.version, e.overdue->label),
           print::role_name(e.overdue->role), "belum",
           fmt::format("batas {}", local_time(e.overdue->due, zone)),
           fmt::format("Terlambat {}", print::duration_text(e.overdue->overdue_seconds))});
    }
  }
  doc.empty_text = "(belum ada laporan)";
  doc.footer = fmt::format("dibuat oleh jaga · {} · waktu dalam {}", d.title, z);
  return print::render_table_pdf(doc);
}

}  // namespace jaga::workflow
