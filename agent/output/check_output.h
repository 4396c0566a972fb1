// Renders one run of checks for a person (text), for programs (one stable JSON document) or for
// Nagios/Icinga (plugin output: status line with performance data, then the long text).
#pragma once

#include <string>
#include <vector>

#include "core/check_result.h"

namespace jaga::output {

// One run of checks. Its status is computed, never stored, so that the printed overall status,
// the Nagios line, the JSON and the exit code are the same value: the worst of the results, a
// result about the evidence store included (see cli::store_result).
struct CheckRun {
  std::string host;
  TimePoint started;
  TimePoint finished;
  std::vector<CheckResult> results;

  Status status() const;
};

std::string render_text(const CheckRun& run);
std::string render_json(const CheckRun& run);
std::string render_nagios(const CheckRun& run);

}  // namespace jaga::output
