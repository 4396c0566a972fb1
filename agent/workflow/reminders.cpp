#include "workflow/reminders.h"

#include <fmt/format.h>

namespace jaga::workflow {

Result<std::vector<OverdueReport>> overdue_reports(const ReportStore& reports, const Definition& d,
                                                   TimePoint now) {
  auto all = reports.list();
  if (!all) return all.error();
  std::vector<OverdueReport> out;
  for (const ReportRow& r : *all) {
    auto state = reports.state(d, r.number);
    if (!state) return state.error();
    auto o = overdue_at(d, *state, now);
    if (!o) continue;
    out.push_back(
        OverdueReport{r.number, *o,
                      fmt::format("report {}: step '{}' ({}) by {} is overdue by {} (due {} UTC)",
                                  r.number, o->step, o->label, o->role,
                                  format_duration(o->overdue_seconds), format_utc(o->due))});
  }
  return out;
}

}  // namespace jaga::workflow
