// A calendar date on the office's wall clock, as people write it: "2026-11-27". Read by report
// periods (`--date`) and by the workflow's holidays alike.
#pragma once

#include <chrono>
#include <string_view>

#include "core/result.h"

namespace jaga {

// Parses "YYYY-MM-DD": a real calendar day from 1970 to 2200; the Error quotes the text and says
// what is wrong.
Result<std::chrono::year_month_day> parse_local_date(std::string_view text);

}  // namespace jaga
