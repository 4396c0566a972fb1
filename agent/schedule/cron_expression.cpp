#include "schedule/cron_expression.h"

#include <fmt/format.h>

#include <array>
#include <cctype>
#include <optional>
#include <stdexcept>
#include <vector>

namespace jaga::schedule {
namespace {

using std::chrono::days;
using std::chrono::floor;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::sys_days;
using std::chrono::year_month_day;

constexpr std::array<std::string_view, 12> kMonthNames = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                                          "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
constexpr std::array<std::string_view, 7> kDayNames = {"SUN", "MON", "TUE", "WED",
                                                       "THU", "FRI", "SAT"};

// What one of the five fields accepts.
struct FieldSpec {
  std::string_view name;          // "hour"
  int min;                        // smallest value
  int max;                        // largest value
  std::string_view values;        // how its values are written, for messages
  std::string_view nouns;         // what names it takes, for messages ("" when none)
  const std::string_view* names;  // names[i] stands for min + i (or 0 + i for weekdays)
  int name_count;
};

constexpr std::array<FieldSpec, 5> kFields = {{
    {"minute", 0, 59, "0-59", "", nullptr, 0},
    {"hour", 0, 23, "0-23", "", nullptr, 0},
    {"day-of-month", 1, 31, "1-31", "", nullptr, 0},
    {"month", 1, 12, "1-12 or JAN-DEC", "a month name", kMonthNames.data(), 12},
    {"day-of-week", 0, 7, "0-7 or SUN-SAT (0 and 7 are Sunday)", "a day name", kDayNames.data(), 7},
}};

// The five-field form of each macro crontab(5) defines, except @reboot.
std::optional<std::string_view> expand_macro(std::string_view macro) {
  if (macro == "@yearly" || macro == "@annually") return "0 0 1 1 *";
  if (macro == "@monthly") return "0 0 1 * *";
  if (macro == "@weekly") return "0 0 * * 0";
  if (macro == "@daily" || macro == "@midnight") return "0 0 * * *";
  if (macro == "@hourly") return "0 * * * *";
  return std::nullopt;
}

std::vector<std::string_view> split(std::string_view text, char separator, bool skip_empty) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  for (size_t i = 0; i <= text.size(); ++i) {
    const bool end = i == text.size() || text[i] == separator ||
                     (separator == ' ' && (text[i] == '\t' || text[i] == '\n'));
    if (!end) continue;
    if (!skip_empty || i > start) parts.push_back(text.substr(start, i - start));
    start = i + 1;
  }
  return parts;
}

// Parses one field into a bit set, or says what is wrong with it (without the field's name).
class FieldParser {
 public:
  explicit FieldParser(const FieldSpec& spec) : spec_(spec) {}

  Result<uint64_t> parse(std::string_view field) const {
    uint64_t bits = 0;
    for (std::string_view item : split(field, ',', false)) {
      auto item_bits = parse_item(item);
      if (!item_bits) return item_bits;
      bits |= *item_bits;
    }
    return bits;
  }

 private:
  Result<uint64_t> parse_item(std::string_view item) const {
    if (item.empty()) return Error{"a list has an empty element"};
    int step = 1;
    const bool stepped = item.find('/') != std::string_view::npos;
    if (stepped) {
      const size_t slash = item.find('/');
      const std::string_view step_text = item.substr(slash + 1);
      const std::optional<int> n = number(step_text);
      if (!n || *n < 1 || *n > spec_.max) {
        return Error{
            fmt::format("step \"{}\" must be a number from 1 to {}", step_text, spec_.max)};
      }
      step = *n;
      item = item.substr(0, slash);
    }
    int low = spec_.min;
    int high = spec_.max;
    if (item != "*") {
      const size_t dash = item.find('-');
      auto first = value(item.substr(0, dash));
      if (!first) return first.error();
      low = *first;
      high = stepped ? spec_.max : low;  // "a/n" runs from a to the maximum
      if (dash != std::string_view::npos) {
        auto last = value(item.substr(dash + 1));
        if (!last) return last.error();
        high = *last;
        if (high < low) {
          return Error{fmt::format("the range \"{}\" runs backwards", item)};
        }
      }
    }
    uint64_t bits = 0;
    for (int v = low; v <= high; v += step) bits |= uint64_t{1} << v;
    return bits;
  }

  // A number in range or a name of this field.
  Result<int> value(std::string_view text) const {
    if (auto n = number(text)) {
      if (*n < spec_.min || *n > spec_.max) {
        return Error{fmt::format("{} is outside {}-{}", *n, spec_.min, spec_.max)};
      }
      return *n;
    }
    std::string upper;
    for (char c : text) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    for (int i = 0; i < spec_.name_count; ++i) {
      if (spec_.names[i] == upper) return (spec_.min == 1 ? 1 : 0) + i;
    }
    if (text.empty()) return Error{"a range is missing a value"};
    return Error{fmt::format("\"{}\" is not a number{}", text,
                             spec_.nouns.empty() ? "" : fmt::format(" or {}", spec_.nouns))};
  }

  static std::optional<int> number(std::string_view text) {
    if (text.empty() || text.size() > 4) return std::nullopt;
    int n = 0;
    for (char c : text) {
      if (c < '0' || c > '9') return std::nullopt;
      n = n * 10 + (c - '0');
    }
    return n;
  }

  const FieldSpec& spec_;
};

bool month_has_day(unsigned month, unsigned day) {
  constexpr std::array<unsigned, 13> kLongest = {0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return day <= kLongest[month];
}

}  // namespace

Result<CronExpression> CronExpression::parse(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  CronExpression cron;
  cron.text_ = std::string(text);
  std::string_view fields_text = text;
  if (text.starts_with('@')) {
    const auto expanded = expand_macro(text);
    if (!expanded) {
      return Error{fmt::format(
          "unknown cron macro \"{}\" (known: @hourly, @daily, @midnight, @weekly, @monthly, "
          "@yearly, @annually)",
          text)};
    }
    fields_text = *expanded;
  }
  const std::vector<std::string_view> fields = split(fields_text, ' ', true);
  if (fields.size() != kFields.size()) {
    return Error{fmt::format(
        "cron expression \"{}\" has {} field{}; it needs 5: minute hour day-of-month month "
        "day-of-week, e.g. \"0 2 * * *\" for 02:00 every day",
        text, fields.size(), fields.size() == 1 ? "" : "s")};
  }
  std::array<uint64_t, 5> bits{};
  for (size_t i = 0; i < fields.size(); ++i) {
    auto parsed = FieldParser(kFields[i]).parse(fields[i]);
    if (!parsed) {
      return Error{fmt::format(
          "cron expression \"{}\": {} field \"{}\": {} (the {} field takes {}, *, lists a,b,c, "
          "ranges a-b and steps */n or a-b/n)",
          text, kFields[i].name, fields[i], parsed.error().message, kFields[i].name,
          kFields[i].values)};
    }
    bits[i] = *parsed;
  }
  cron.minutes_ = bits[0];
  cron.hours_ = static_cast<uint32_t>(bits[1]);
  cron.days_ = static_cast<uint32_t>(bits[2]);
  cron.months_ = static_cast<uint16_t>(bits[3]);
  cron.weekdays_ = static_cast<uint8_t>((bits[4] | (bits[4] >> 7)) & 0x7f);  // 7 is Sunday
  cron.days_star_ = fields[2].starts_with('*');
  cron.weekdays_star_ = fields[4].starts_with('*');

  // Only when both day fields must match can the chosen days miss every chosen month.
  if (cron.days_star_ || cron.weekdays_star_) {
    bool possible = false;
    for (unsigned m = 1; m <= 12; ++m) {
      for (unsigned d = 1; d <= 31; ++d) {
        if ((cron.months_ >> m & 1) && (cron.days_ >> d & 1) && month_has_day(m, d)) {
          possible = true;
        }
      }
    }
    if (!possible) {
      return Error{fmt::format(
          "cron expression \"{}\" never runs: none of its months has any of its days of the month",
          text)};
    }
  }
  return cron;
}

bool CronExpression::day_matches(sys_days day) const {
  const year_month_day ymd{day};
  const bool dom = days_ >> static_cast<unsigned>(ymd.day()) & 1;
  const bool dow = weekdays_ >> std::chrono::weekday(day).c_encoding() & 1;
  return (days_star_ || weekdays_star_) ? dom && dow : dom || dow;
}

bool CronExpression::matches(LocalMinutes at) const {
  const sys_days day = floor<days>(at);
  const year_month_day ymd{day};
  const auto hour = floor<hours>(at - day).count();
  const auto minute = (at - day - hours(hour)).count();
  return (months_ >> static_cast<unsigned>(ymd.month()) & 1) && day_matches(day) &&
         (hours_ >> hour & 1) && (minutes_ >> minute & 1);
}

LocalMinutes CronExpression::next_after(LocalMinutes after) const {
  // Each step skips a whole month, day, hour or minute that cannot match. The worst case,
  // February 29 of the next leap year up to 8 years ahead, takes a few hundred steps.
  constexpr int kMaxSteps = 200000;
  LocalMinutes t = after + minutes(1);
  for (int step = 0; step < kMaxSteps; ++step) {
    const sys_days day = floor<days>(t);
    const year_month_day ymd{day};
    if (!(months_ >> static_cast<unsigned>(ymd.month()) & 1)) {
      t = sys_days((ymd.year() / ymd.month() + std::chrono::months(1)) / 1);
      continue;
    }
    if (!day_matches(day)) {
      t = day + days(1);
      continue;
    }
    const auto hour = floor<hours>(t - day).count();
    if (!(hours_ >> hour & 1)) {
      t = day + hours(hour + 1);
      continue;
    }
    if (!(minutes_ >> (t - day - hours(hour)).count() & 1)) {
      t += minutes(1);
      continue;
    }
    return t;
  }
  // parse() refuses expressions that never match, so this is a bug.
  throw std::logic_error("cron expression \"" + text_ + "\" found no next time");
}

}  // namespace jaga::schedule
