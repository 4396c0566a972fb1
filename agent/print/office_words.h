// The office's words for jaga's codes and figures, as an official or a clerk reads them on paper:
// roles ("kabid" → "Kepala Bidang"), report periods ("weekly" → "Mingguan"), durations ("1 hari
// 9 jam"), numbers ("20.000", "99,95") and zones ("WIB"). Reports, the agenda book and the
// register print with them.
#pragma once

#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/utc_offset.h"

namespace jaga::print {

// "Administrator", "Sub Koordinator", "Kepala Bidang", "jaga (terjadwal)"; an unknown role as it
// is.
std::string role_name(const std::string& role);
// "apk: Andi" → "Administrator: Andi"; text without a known role prefix as it is.
std::string signer_name(const std::string& role_and_name);
// "Harian", "Mingguan", "Bulanan"; an unknown kind as it is.
std::string period_kind_name(const std::string& kind);
// "WIB" for +07:00, "WITA", "WIT", else "UTC+hh:mm".
std::string zone_label(UtcOffset zone);
// "1 jam 20 menit", "1 hari 9 jam", "45 detik" / "1 h 20 min" ("en"). In words: the Indonesian
// abbreviations "hr" and "j" read as "hour".
std::string duration_text(double seconds, std::string_view language = "id");
// A number as the language writes it: "20.000" and "99,95" in Indonesian, "20,000" and "99.95"
// in English ("en").
std::string number_text(double value, int decimals, std::string_view language = "id");

// A size in the unit that reads best: "820 KiB", "37,5 MiB", "1,25 GiB" ("0,01 GiB" says
// nothing about a small backup).
std::string size_text(double bytes, std::string_view language = "id");

// "Desember" / "December" for `month` 1-12; "Senin" / "Monday" for ISO weekday 1 (Monday) - 7.
const char* month_name(unsigned month, std::string_view language = "id");
const char* weekday_name(unsigned iso_weekday, std::string_view language = "id");
// An instant on the office's clock, in words: "Senin, 7 Desember 2026 pukul 08.15 WIB".
std::string date_time_text(TimePoint at, UtcOffset zone);

}  // namespace jaga::print
