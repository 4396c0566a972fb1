#include "core/check_result.h"

namespace jaga {

void CheckResult::add(Status finding_status, std::string message) {
  status = worse(status, finding_status);
  findings.push_back({finding_status, std::move(message)});
}

void CheckResult::summarize(const std::string& ok_summary) {
  if (status == Status::kOk) {
    summary = ok_summary;
    return;
  }
  summary.clear();
  for (const Finding& f : findings) {
    if (f.status != status) continue;
    if (!summary.empty()) summary += "; ";
    summary += f.message;
  }
}

}  // namespace jaga
