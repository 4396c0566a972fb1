#include "agenda/agenda_number.h"

#include <fmt/format.h>

namespace jaga::agenda {

Result<NumberFormat> NumberFormat::parse(std::string_view text) {
  NumberFormat f;
  f.text_ = std::string(text);
  auto fail = [&](const std::string& what) {
    return Error{fmt::format("agenda number format \"{}\": {}", text, what)};
  };
  std::string literal;
  bool has_seq = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '}') {
      if (i + 1 < text.size() && text[i + 1] == '}') {
        literal += '}';
        ++i;
        continue;
      }
      return fail(fmt::format("a lone '}}' at position {} (write }}}} for a brace)", i + 1));
    }
    if (c != '{') {
      literal += c;
      continue;
    }
    if (i + 1 < text.size() && text[i + 1] == '{') {
      literal += '{';
      ++i;
      continue;
    }
    const size_t close = text.find('}', i);
    if (close == std::string_view::npos) {
      return fail(fmt::format("the '{{' at position {} is never closed", i + 1));
    }
    const std::string_view name = text.substr(i + 1, close - i - 1);
    Placeholder p{Field::kSeq, 0};
    if (name == "seq") {
      has_seq = true;
    } else if (name.size() == 6 && name.substr(0, 5) == "seq:0" && name[5] >= '1' &&
               name[5] <= '9') {
      has_seq = true;
      p.width = name[5] - '0';
    } else if (name == "year") {
      p.field = Field::kYear;
    } else if (name == "month") {
      p.field = Field::kMonth;
    } else if (name == "month:02") {
      p.field = Field::kMonth;
      p.width = 2;
    } else if (name == "month_roman") {
      p.field = Field::kMonthRoman;
    } else {
      return fail(
          fmt::format("unknown placeholder {{{}}} (known: {{seq}}, {{seq:0N}}, {{year}}, "
                      "{{month}}, {{month:02}}, {{month_roman}})",
                      name));
    }
    if (!literal.empty()) f.parts_.emplace_back(std::move(literal));
    literal.clear();
    f.parts_.emplace_back(p);
    i = close;
  }
  if (!literal.empty()) f.parts_.emplace_back(std::move(literal));
  if (!has_seq) return fail("it must contain {seq} (the number within the year)");
  return f;
}

std::string NumberFormat::format(int seq, int year, int month) const {
  static const char* const kRoman[] = {"I",   "II",   "III", "IV", "V",  "VI",
                                       "VII", "VIII", "IX",  "X",  "XI", "XII"};
  std::string out;
  for (const auto& part : parts_) {
    if (const auto* s = std::get_if<std::string>(&part)) {
      out += *s;
      continue;
    }
    const Placeholder& p = std::get<Placeholder>(part);
    switch (p.field) {
      case Field::kSeq:
        out += p.width > 0 ? fmt::format("{:0{}d}", seq, p.width) : std::to_string(seq);
        break;
      case Field::kYear:
        out += std::to_string(year);
        break;
      case Field::kMonth:
        out += p.width > 0 ? fmt::format("{:0{}d}", month, p.width) : std::to_string(month);
        break;
      case Field::kMonthRoman:
        out += kRoman[(month - 1) % 12];
        break;
    }
  }
  return out;
}

}  // namespace jaga::agenda
