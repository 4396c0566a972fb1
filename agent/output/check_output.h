// Renders one run of checks for a person (text), for programs (one stable JSON document) or for
// Nagios/Icinga (plugin output: status line with performance data, then the long text).
#pragma once

#include <string>
#include <vector>

#include "checks/check.h"

namespace jaga::output {

struct CheckRun {
  std::string host;
  TimePoint started;
  TimePoint finished;
  std::vector<checks::CheckResult> results;
  Status status = Status::kOk;  // the worst of the results
};

std::string render_text(const CheckRun& run);
std::string render_json(const CheckRun& run);
std::string render_nagios(const CheckRun& run);

}  // namespace jaga::output
