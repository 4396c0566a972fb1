#include "workflow/agenda_audit.h"

namespace jaga::workflow {

Result<std::vector<agenda::Problem>> audit_agenda(const ReportStore& reports) {
  auto entries = agenda::list_entries(reports.evidence());
  if (!entries) return entries.error();
  auto all = reports.list();
  if (!all) return all.error();
  std::map<std::string, agenda::RecordedReport> register_;
  for (const ReportRow& r : *all) {
    auto steps = reports.steps(r.number, false);
    if (!steps) return steps.error();
    agenda::RecordedReport recorded;
    for (const StepRow& s : *steps) {
      if (s.action == "record" && s.version == r.current_version) {
        recorded.document_sha256 = s.pdf_sha256;
      }
    }
    register_[r.number] = recorded;
  }
  return agenda::verify_entries(*entries, register_);
}

Result<std::vector<std::string>> audit_four_eyes(const ReportStore& reports,
                                                 const FindSigner& find) {
  auto all = reports.list();
  if (!all) return all.error();
  std::vector<std::string> out;
  for (const ReportRow& r : *all) {
    auto steps = reports.steps(r.number, false);
    if (!steps) return steps.error();
    for (std::string& problem : four_eyes_problems(r.number, *steps, find)) {
      out.push_back(std::move(problem));
    }
  }
  return out;
}

}  // namespace jaga::workflow
