// The report as canonical JSON: the machine-readable twin of the PDF.
//
// Canonical means the same report always gives the same bytes: keys sorted, no insignificant
// whitespace, times as RFC 3339 UTC with milliseconds, local dates as YYYY-MM-DD, numbers
// rounded to 3 decimals (integers without a fraction), absent values as null. Readers check
// `format_version` (1) and ignore keys they do not know.
#pragma once

#include <string>

#include "config/config.h"
#include "report/report.h"

namespace jaga::report {

inline constexpr int kJsonFormatVersion = 1;

std::string render_json(const ReportModel& model, const config::ReportConfig& config);

}  // namespace jaga::report
