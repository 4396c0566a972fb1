#include "workflow/reminders.h"

#include <fmt/format.h>

#include <algorithm>

#include "print/office_words.h"

namespace jaga::workflow {

Result<std::vector<DueStep>> due_steps(const ReportStore& reports, const Definition& d,
                                       TimePoint now) {
  auto all = reports.list();
  if (!all) return all.error();
  std::vector<DueStep> out;
  for (const ReportRow& r : *all) {
    auto state = reports.state(d, r.number);
    if (!state) return state.error();
    auto pending = pending_step(d, *state);
    if (!pending) continue;
    DueStep step{r.number, *pending, std::nullopt};
    if (now > pending->due) {
      step.overdue_seconds = d.working_hours.seconds_between(pending->due, now);
    }
    out.push_back(std::move(step));
  }
  std::stable_sort(out.begin(), out.end(), [](const DueStep& a, const DueStep& b) {
    return a.pending.since < b.pending.since;
  });
  return out;
}

StepMail step_mail(const DueStep& s, const Definition& d, const std::string& link) {
  const Pending& p = s.pending;
  const UtcOffset zone = d.working_hours.zone;
  const char* waits = p.action == Action::kFinalize  ? "menunggu finalisasi Anda"
                      : p.action == Action::kReceive ? "menunggu penerimaan Anda"
                                                     : "dikembalikan, menunggu revisi Anda";
  StepMail mail;
  mail.subject =
      fmt::format("{}Laporan {} {}", s.overdue_seconds ? "Pengingat: " : "", s.number, waits);
  if (s.overdue_seconds) {
    mail.subject += fmt::format(" (terlambat {})", print::duration_text(*s.overdue_seconds));
  }
  mail.text = fmt::format(
      "Yth. {},\n\n"
      "Laporan {} versi {} menunggu langkah Anda: {}.\n\n"
      "Menunggu sejak: {}\n"
      "Standar {}: {} jam kerja\n"
      "Batas waktu: {}\n",
      print::role_name(p.role), s.number, p.version, p.label, print::date_time_text(p.since, zone),
      d.id, print::duration_text(std::chrono::duration<double>(p.standard).count()),
      print::date_time_text(p.due, zone));
  if (s.overdue_seconds) {
    mail.text += fmt::format("Terlambat: {} jam kerja\n", print::duration_text(*s.overdue_seconds));
  }
  mail.text += link.empty() ? "\nLaporan dapat dibuka oleh Administrator di server jaga.\n"
                            : fmt::format("\nBuka laporan: {}\n", link);
  mail.text += "\nPesan ini dikirim otomatis oleh jaga; mohon tidak membalas e-mail ini.\n";
  return mail;
}

}  // namespace jaga::workflow
