// The office's words for jaga's codes and figures, as an official or a clerk reads them on paper:
// roles ("kabid" → "Kepala Bidang"), report periods ("weekly" → "Mingguan"), durations ("1 hari
// 9 jam"), numbers ("20.000", "99,95") and zones ("WIB"). Reports, the agenda book and the
// register print with them.
#pragma once

#include <string>
#include <string_view>

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

}  // namespace jaga::print
