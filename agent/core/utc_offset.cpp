#include "core/utc_offset.h"

#include <fmt/format.h>

#include <cctype>
#include <ctime>

#include "core/text.h"

namespace jaga {
namespace {

using std::chrono::days;
using std::chrono::floor;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

bool all_digits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

int to_int(std::string_view digits) {
  int n = 0;
  for (char c : digits) n = n * 10 + (c - '0');
  return n;
}

}  // namespace

Result<UtcOffset> UtcOffset::parse(std::string_view text) {
  const std::string_view t = trim(text);
  const Error bad{fmt::format(
      "bad time zone \"{}\": use a fixed offset from UTC such as \"+07:00\" (WIB), \"+08:00\" "
      "(WITA), \"+09:00\" (WIT) or \"UTC\"; zones with daylight saving time are not supported",
      text)};
  if (t == "UTC" || t == "Z") return UtcOffset(minutes(0));
  if (t == "WIB") return UtcOffset(hours(7));
  if (t == "WITA") return UtcOffset(hours(8));
  if (t == "WIT") return UtcOffset(hours(9));
  if (t.size() < 3 || (t[0] != '+' && t[0] != '-')) return bad;
  std::string_view hh = t.substr(1, 2);
  std::string_view mm = "00";
  if (t.size() == 6 && t[3] == ':') {
    mm = t.substr(4, 2);
  } else if (t.size() == 5) {
    mm = t.substr(3, 2);
  } else if (t.size() != 3) {
    return bad;
  }
  if (!all_digits(hh) || !all_digits(mm) || to_int(mm) > 59) return bad;
  const minutes offset = (t[0] == '-' ? -1 : 1) * (hours(to_int(hh)) + minutes(to_int(mm)));
  if (offset < -hours(12) || offset > hours(14)) {
    return Error{fmt::format("bad time zone \"{}\": offsets run from -12:00 to +14:00", text)};
  }
  return UtcOffset(offset);
}

UtcOffset UtcOffset::of_host(TimePoint when) {
  const std::time_t t = std::chrono::system_clock::to_time_t(when);
  std::tm tm{};
  localtime_r(&t, &tm);
  return UtcOffset(floor<minutes>(seconds(tm.tm_gmtoff)));
}

std::string UtcOffset::name() const {
  const auto total = offset_.count();
  const auto magnitude = total < 0 ? -total : total;
  return fmt::format("{}{:02d}:{:02d}", total < 0 ? '-' : '+', magnitude / 60, magnitude % 60);
}

LocalMinutes UtcOffset::to_local(TimePoint time) const { return floor<minutes>(time) + offset_; }

TimePoint UtcOffset::to_utc(LocalMinutes local) const { return TimePoint(local - offset_); }

std::string format_in_zone(TimePoint time, UtcOffset zone) {
  const auto local = floor<seconds>(time) + zone.offset();
  const auto day = floor<days>(local);
  const std::chrono::year_month_day ymd{day};
  const std::chrono::hh_mm_ss hms{local - day};
  return fmt::format("{:04d}-{:02d}-{:02d} {:02d}:{:02d}:{:02d} {}", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                     hms.hours().count(), hms.minutes().count(), hms.seconds().count(),
                     zone.name());
}

}  // namespace jaga
