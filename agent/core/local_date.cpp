#include "core/local_date.h"

#include <fmt/format.h>

#include <charconv>

namespace jaga {

Result<std::chrono::year_month_day> parse_local_date(std::string_view text) {
  auto bad = [&] {
    return Error{
        fmt::format("invalid date \"{}\": write a calendar date as YYYY-MM-DD, e.g. "
                    "2026-11-27",
                    text)};
  };
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return bad();
  int y = 0;
  unsigned m = 0, d = 0;
  auto num = [&](size_t pos, size_t len, auto& out) {
    auto r = std::from_chars(text.data() + pos, text.data() + pos + len, out);
    return r.ec == std::errc() && r.ptr == text.data() + pos + len;
  };
  if (!num(0, 4, y) || !num(5, 2, m) || !num(8, 2, d)) return bad();
  std::chrono::year_month_day date{std::chrono::year(y), std::chrono::month(m),
                                   std::chrono::day(d)};
  // Instants are nanoseconds since 1970, which reach to 2262.
  if (y < 1970 || y > 2200) {
    return Error{fmt::format("invalid date \"{}\": the year must be between 1970 and 2200", text)};
  }
  if (!date.ok()) {
    return Error{fmt::format("invalid date \"{}\": there is no such day in the calendar", text)};
  }
  return date;
}

}  // namespace jaga
