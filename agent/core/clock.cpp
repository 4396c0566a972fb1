#include "core/clock.h"

#include <ctime>

#include <fmt/format.h>

namespace jaga {

std::string format_utc(TimePoint time) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch());
  const std::time_t seconds = static_cast<std::time_t>(ms.count() / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  return fmt::format("{}.{:03d}Z", buf, static_cast<int>(ms.count() % 1000));
}

std::string format_local(TimePoint time) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(time);
  std::tm tm{};
  localtime_r(&seconds, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S %z", &tm);
  return buf;
}

}  // namespace jaga

namespace jaga {

std::string format_duration(double seconds) {
  if (seconds < 0) seconds = 0;
  if (seconds < 10) return fmt::format("{:.1f} s", seconds);
  const auto s = static_cast<long long>(seconds);
  if (s < 60) return fmt::format("{} s", s);
  if (s < 3600) return fmt::format("{} min {} s", s / 60, s % 60);
  if (s < 86400) return fmt::format("{} h {} min", s / 3600, (s % 3600) / 60);
  return fmt::format("{} d {} h", s / 86400, (s % 86400) / 3600);
}

}  // namespace jaga

namespace jaga {

Result<TimePoint> parse_since(std::string_view text, TimePoint now) {
  const Error bad{fmt::format(
      "cannot understand \"{}\" as a time: use an age like 30m, 24h or 7d, or a local date "
      "like 2026-11-01 or 2026-11-01T08:00",
      text)};
  if (text.empty()) return bad;
  const char unit = text.back();
  if (unit == 's' || unit == 'm' || unit == 'h' || unit == 'd') {
    long long n = 0;
    const std::string_view digits = text.substr(0, text.size() - 1);
    if (digits.empty() || digits.size() > 9) return bad;
    for (char c : digits) {
      if (c < '0' || c > '9') return bad;
      n = n * 10 + (c - '0');
    }
    const long long scale = unit == 's' ? 1 : unit == 'm' ? 60 : unit == 'h' ? 3600 : 86400;
    return now - std::chrono::seconds(n * scale);
  }
  std::tm tm{};
  std::string copy(text);
  for (char& c : copy) {
    if (c == 'T') c = ' ';
  }
  const char* end = nullptr;
  for (const char* format : {"%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"}) {
    tm = std::tm{};
    end = strptime(copy.c_str(), format, &tm);
    if (end != nullptr && *end == '\0') break;
    end = nullptr;
  }
  if (end == nullptr) return bad;
  tm.tm_isdst = -1;
  const std::time_t t = mktime(&tm);
  if (t == static_cast<std::time_t>(-1)) return bad;
  return std::chrono::system_clock::from_time_t(t);
}

}  // namespace jaga
