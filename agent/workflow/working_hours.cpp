#include "workflow/working_hours.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace jaga::workflow {
namespace {

using std::chrono::days;
using std::chrono::floor;
using std::chrono::minutes;
using std::chrono::sys_days;

// A span longer than this many days is measured as if it ended then: a register over ten years
// stays cheap, and no step standard comes near it.
constexpr int kMaxDays = 3660;

const char* const kDayNames[7] = {"Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"};

std::string clock_text(minutes m) {
  return fmt::format("{:02}.{:02}", m.count() / 60, m.count() % 60);
}

std::string lower(std::string s) {
  std::string out;
  for (char c : s) {
    if (c == '\'') continue;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

}  // namespace

bool WorkingHours::is_working_day(sys_days day) const {
  const unsigned iso = std::chrono::weekday{day}.iso_encoding();  // 1 Monday .. 7 Sunday
  return weekdays[iso - 1] && !holidays.contains(day);
}

double WorkingHours::seconds_between(TimePoint from, TimePoint to) const {
  if (to <= from || end <= start) return 0;
  // Work on the office's wall clock, where a working day is [day + start, day + end).
  const auto offset = zone.offset();
  const auto local_from = from + offset;
  const auto local_to = to + offset;
  double total = 0;
  sys_days day = floor<days>(local_from);
  const sys_days last = std::min(floor<days>(local_to), day + days(kMaxDays));
  for (; day <= last; day += days(1)) {
    if (!is_working_day(day)) continue;
    const auto open = std::max<TimePoint>(local_from, day + start);
    const auto close = std::min<TimePoint>(local_to, day + end);
    if (close > open) total += std::chrono::duration<double>(close - open).count();
  }
  return total;
}

TimePoint WorkingHours::after(TimePoint from, std::chrono::seconds working) const {
  const auto offset = zone.offset();
  const auto local_from = from + offset;
  if (end <= start || std::none_of(weekdays.begin(), weekdays.end(), [](bool d) { return d; })) {
    return from + working;  // no working time at all: the standard runs on the clock
  }
  auto left = std::chrono::duration_cast<TimePoint::duration>(working);
  sys_days day = floor<days>(local_from);
  for (int i = 0; i <= kMaxDays; ++i, day += days(1)) {
    if (!is_working_day(day)) continue;
    const TimePoint open = std::max<TimePoint>(local_from, day + start);
    const TimePoint close = day + end;
    if (close <= open) continue;
    if (left <= close - open) return open + left - offset;
    left -= close - open;
  }
  return from + working;
}

std::string WorkingHours::describe() const {
  std::string day_text;
  // Runs of consecutive working days: "Senin–Jumat", "Senin, Rabu".
  for (int i = 0; i < 7;) {
    if (!weekdays[i]) {
      ++i;
      continue;
    }
    int j = i;
    while (j + 1 < 7 && weekdays[j + 1]) ++j;
    if (!day_text.empty()) day_text += ", ";
    day_text += j > i + 1    ? fmt::format("{}–{}", kDayNames[i], kDayNames[j])
                : j == i + 1 ? fmt::format("{}, {}", kDayNames[i], kDayNames[j])
                             : std::string(kDayNames[i]);
    i = j + 1;
  }
  if (day_text.empty()) day_text = "tanpa hari kerja";
  std::string zone_name = zone.name();
  if (zone.offset() == std::chrono::hours(7)) zone_name = "WIB";
  if (zone.offset() == std::chrono::hours(8)) zone_name = "WITA";
  if (zone.offset() == std::chrono::hours(9)) zone_name = "WIT";
  std::string text =
      fmt::format("{} {}–{} {}", day_text, clock_text(start), clock_text(end), zone_name);
  if (!holidays.empty()) text += fmt::format(", {} hari libur", holidays.size());
  return text;
}

std::optional<minutes> parse_time_of_day(const std::string& text) {
  if (text.size() != 5 || text[2] != ':') return std::nullopt;
  for (size_t i : {0, 1, 3, 4}) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
  }
  const int h = (text[0] - '0') * 10 + (text[1] - '0');
  const int m = (text[3] - '0') * 10 + (text[4] - '0');
  if (m > 59 || h > 24 || (h == 24 && m != 0)) return std::nullopt;
  return minutes(h * 60 + m);
}

std::optional<int> parse_day_name(const std::string& text) {
  static const std::pair<const char*, int> kNames[] = {
      {"senin", 0},     {"selasa", 1},   {"rabu", 2},   {"kamis", 3},    {"jumat", 4},
      {"sabtu", 5},     {"minggu", 6},   {"ahad", 6},   {"monday", 0},   {"tuesday", 1},
      {"wednesday", 2}, {"thursday", 3}, {"friday", 4}, {"saturday", 5}, {"sunday", 6}};
  const std::string key = lower(text);
  for (const auto& [name, index] : kNames) {
    if (key == name) return index;
  }
  return std::nullopt;
}

}  // namespace jaga::workflow
