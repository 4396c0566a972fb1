// The words on a report's pages in Indonesian ("id", the default) and English ("en").
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/status.h"
#include "core/utc_offset.h"
#include "print/office_words.h"
#include "report/period.h"

namespace jaga::report {

// Shared with the printed registers (print/office_words.h).
using print::duration_text;
using print::number_text;
using print::size_text;
using print::zone_label;

// The text of `key` in `language`; an unknown key is returned as is (a visible slip, not a crash).
std::string tr(std::string_view language, std::string_view key);

// "Kamis, 26 November 2026" / "Thursday, 26 November 2026".
std::string long_date(Date date, std::string_view language);
// "Kamis, 26-11" / "Thursday, 26-11": a day in a table of days.
std::string day_label(Date date, std::string_view language);
// "26 November 2026".
std::string day_month_year(Date date, std::string_view language);
// "November 2026".
std::string month_year(Date date, std::string_view language);
// "26-11 14:05" in the zone: compact for tables.
std::string short_time(TimePoint time, UtcOffset zone, bool with_date);
// The period for a title: a date, "Minggu ke- 48 2026" or "November 2026".
std::string period_text(const Period& period, std::string_view language);
// A status as officials read it: "Normal", "Peringatan", "Kritis", "Tidak diketahui".
std::string status_text(Status status, std::string_view language);
// A host as a report names it: its label in `labels` (agent.display_name, each peer's
// display_name), else "server lain" — never its host name.
std::string host_label(const std::map<std::string, std::string>& labels, const std::string& host,
                       std::string_view language);
// "19670719 199311 1 001": a NIP grouped as printed on Indonesian official documents.
std::string nip_text(const std::string& nip);

}  // namespace jaga::report
