#include "core/clock.h"

#include <fmt/format.h>

#include <cmath>
#include <ctime>

namespace jaga {

std::string format_utc(TimePoint time) {
  // floor, not truncation: before 1970 the milliseconds must still count up from the second.
  const auto ms = std::chrono::floor<std::chrono::milliseconds>(time.time_since_epoch());
  const auto whole = std::chrono::floor<std::chrono::seconds>(ms);
  const std::time_t seconds = static_cast<std::time_t>(whole.count());
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  return fmt::format("{}.{:03d}Z", buf, static_cast<int>((ms - whole).count()));
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
  if (!std::isfinite(seconds)) return "unknown";
  if (seconds < 0) seconds = 0;
  if (seconds < 10) return fmt::format("{:.1f} s", seconds);
  // Past what long long holds (about 292 billion years) only the days are worth printing.
  if (seconds >= 9e18) return fmt::format("{:.0f} d", std::floor(seconds / 86400));
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
    // A time point counts nanoseconds in 64 bits (about 292 years); older ages would overflow.
    constexpr long long kMaxAgeSeconds = 100LL * 366 * 86400;
    if (n * scale > kMaxAgeSeconds) {
      return Error{fmt::format("\"{}\" reaches back more than 100 years", text)};
    }
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
    if (end == copy.c_str() + copy.size()) break;  // all of it, not up to an embedded NUL
    end = nullptr;
  }
  if (end == nullptr) return bad;
  tm.tm_isdst = -1;
  std::tm normalized = tm;
  const std::time_t t = mktime(&normalized);
  if (t == static_cast<std::time_t>(-1)) return bad;
  // strptime takes any day 1-31 and mktime rolls it over: 2026-02-30 must not become March 2.
  if (normalized.tm_year != tm.tm_year || normalized.tm_mon != tm.tm_mon ||
      normalized.tm_mday != tm.tm_mday) {
    return bad;
  }
  return std::chrono::system_clock::from_time_t(t);
}

}  // namespace jaga
