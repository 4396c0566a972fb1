#include <string>

#include "core/clock.h"

namespace jaga {
namespace {

// The digits of text[pos, pos + len) as a number; nullopt unless every one is a digit.
std::optional<int> digits(std::string_view text, size_t pos, size_t len) {
  if (pos + len > text.size()) return std::nullopt;
  int v = 0;
  for (size_t i = pos; i < pos + len; ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    v = v * 10 + (text[i] - '0');
  }
  return v;
}

}  // namespace

// The one reader of stored times: "YYYY-MM-DDTHH:MM:SS", a fraction of 1 to 9 digits or none,
// and "Z", digit by digit (no sign, no space, no other zone).
std::optional<TimePoint> parse_utc(std::string_view text) {
  const auto y = digits(text, 0, 4), mo = digits(text, 5, 2), d = digits(text, 8, 2),
             h = digits(text, 11, 2), mi = digits(text, 14, 2), s = digits(text, 17, 2);
  if (!y || !mo || !d || !h || !mi || !s || text[4] != '-' || text[7] != '-' || text[10] != 'T' ||
      text[13] != ':' || text[16] != ':') {
    return std::nullopt;
  }
  size_t pos = 19;
  std::chrono::nanoseconds fraction{0};
  if (pos < text.size() && text[pos] == '.') {
    size_t end = pos + 1;
    while (end < text.size() && text[end] >= '0' && text[end] <= '9') ++end;
    const size_t n = end - pos - 1;
    if (n == 0 || n > 9) return std::nullopt;
    int64_t value = *digits(text, pos + 1, n);
    for (size_t i = n; i < 9; ++i) value *= 10;
    fraction = std::chrono::nanoseconds(value);
    pos = end;
  }
  if (pos + 1 != text.size() || text[pos] != 'Z') return std::nullopt;
  const std::chrono::year_month_day day{std::chrono::year(*y),
                                        std::chrono::month(static_cast<unsigned>(*mo)),
                                        std::chrono::day(static_cast<unsigned>(*d))};
  if (!day.ok() || *h > 23 || *mi > 59 || *s > 60) return std::nullopt;
  // In whole seconds first: TimePoint counts nanoseconds in 64 bits (the years 1678 to 2261),
  // and a year beyond that would overflow the conversion instead of being refused.
  const auto whole = std::chrono::sys_days(day) + std::chrono::hours(*h) +
                     std::chrono::minutes(*mi) + std::chrono::seconds(*s);
  using std::chrono::seconds;
  if (whole < std::chrono::time_point_cast<seconds>(TimePoint::min()) ||
      whole >= std::chrono::time_point_cast<seconds>(TimePoint::max())) {
    return std::nullopt;
  }
  return std::chrono::time_point_cast<TimePoint::duration>(whole) + fraction;
}

}  // namespace jaga
