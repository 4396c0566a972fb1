#include "print/office_words.h"

#include <fmt/format.h>

#include <cmath>
#include <cstdint>
#include <tuple>
#include <utility>

namespace jaga::print {
namespace {

const char* const kMonthsId[] = {"Januari",   "Februari", "Maret",    "April",
                                 "Mei",       "Juni",     "Juli",     "Agustus",
                                 "September", "Oktober",  "November", "Desember"};
const char* const kMonthsEn[] = {"January",   "February", "March",    "April",
                                 "May",       "June",     "July",     "August",
                                 "September", "October",  "November", "December"};
// Indexed by ISO weekday - 1 (Monday first).
const char* const kDaysId[] = {"Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"};
const char* const kDaysEn[] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                               "Friday", "Saturday", "Sunday"};

}  // namespace

std::string size_text(double bytes, std::string_view language) {
  constexpr double kKiB = 1024, kMiB = kKiB * 1024, kGiB = kMiB * 1024;
  if (bytes >= kGiB) return number_text(bytes / kGiB, 2, language) + " GiB";
  if (bytes >= kMiB)
    return number_text(bytes / kMiB, bytes >= 100 * kMiB ? 0 : 1, language) + " MiB";
  if (bytes >= kKiB) return number_text(bytes / kKiB, 0, language) + " KiB";
  return number_text(bytes, 0, language) + " B";
}

const char* month_name(unsigned month, std::string_view language) {
  const unsigned m = (month - 1) % 12;
  return language == "en" ? kMonthsEn[m] : kMonthsId[m];
}

const char* weekday_name(unsigned iso_weekday, std::string_view language) {
  const unsigned d = (iso_weekday - 1) % 7;
  return language == "en" ? kDaysEn[d] : kDaysId[d];
}

std::string date_time_text(TimePoint at, UtcOffset zone) {
  const auto local = std::chrono::floor<std::chrono::minutes>(at) + zone.offset();
  const auto day = std::chrono::floor<std::chrono::days>(local);
  const std::chrono::year_month_day ymd{day};
  const std::chrono::hh_mm_ss hms{local - day};
  return fmt::format(
      "{}, {} {} {} pukul {:02}.{:02} {}", weekday_name(std::chrono::weekday{day}.iso_encoding()),
      static_cast<unsigned>(ymd.day()), month_name(static_cast<unsigned>(ymd.month())),
      static_cast<int>(ymd.year()), hms.hours().count(), hms.minutes().count(), zone_label(zone));
}

std::string role_name(const std::string& role) {
  static const std::pair<const char*, const char*> kRoles[] = {{"apk", "Administrator"},
                                                               {"sub_koord", "Sub Koordinator"},
                                                               {"kabid", "Kepala Bidang"},
                                                               {"scheduler", "jaga (terjadwal)"}};
  for (const auto& [code, name] : kRoles) {
    if (role == code) return name;
  }
  return role;
}

std::string signer_name(const std::string& role_and_name) {
  const auto colon = role_and_name.find(": ");
  if (colon == std::string::npos) return role_and_name;
  const std::string role = role_and_name.substr(0, colon);
  const std::string name = role_name(role);
  return name == role ? role_and_name : name + role_and_name.substr(colon);
}

std::string period_kind_name(const std::string& kind) {
  if (kind == "daily") return "Harian";
  if (kind == "weekly") return "Mingguan";
  if (kind == "monthly") return "Bulanan";
  return kind;
}

std::string zone_label(UtcOffset zone) {
  const auto minutes = zone.offset().count();
  if (minutes == 7 * 60) return "WIB";
  if (minutes == 8 * 60) return "WITA";
  if (minutes == 9 * 60) return "WIT";
  return "UTC" + zone.name();
}

std::string duration_text(double seconds, std::string_view language) {
  const bool en = language == "en";
  const auto s = static_cast<int64_t>(std::llround(seconds));
  if (s < 60) return fmt::format("{} {}", s, en ? "s" : "detik");
  if (s < 3600) return fmt::format("{} {}", s / 60, en ? "min" : "menit");
  const auto [big, big_unit, small, small_unit] =
      s < 86400 ? std::tuple(s / 3600, en ? "h" : "jam", (s % 3600) / 60, en ? "min" : "menit")
                : std::tuple(s / 86400, en ? "d" : "hari", (s % 86400) / 3600, en ? "h" : "jam");
  if (small == 0) return fmt::format("{} {}", big, big_unit);
  return fmt::format("{} {} {} {}", big, big_unit, small, small_unit);
}

std::string number_text(double value, int decimals, std::string_view language) {
  const bool en = language == "en";
  std::string digits = fmt::format("{:.{}f}", std::fabs(value), decimals);
  const size_t dot = digits.find('.');
  std::string whole = digits.substr(0, dot),
              fraction = dot == std::string::npos ? "" : digits.substr(dot + 1);
  std::string grouped;
  for (size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % 3 == 0) grouped += en ? ',' : '.';
    grouped += whole[i];
  }
  std::string out = (value < 0 && std::stod(digits) != 0 ? "-" : "") + grouped;
  if (!fraction.empty()) out += (en ? "." : ",") + fraction;
  return out;
}

}  // namespace jaga::print
