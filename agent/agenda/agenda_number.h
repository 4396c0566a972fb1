// The agenda number of an entry in the agenda book, from a configurable format (workflow.
// agenda_number_format), numbered from 1 in each calendar year of the office's time zone:
// "{seq:04}/PIAK/{year}" gives "0007/PIAK/2026".
#pragma once

#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/result.h"

namespace jaga::agenda {

class NumberFormat {
 public:
  // Placeholders: {seq} or {seq:0N} (N from 1 to 9: zero-padded), {year}, {month} or {month:02},
  // {month_roman} (I..XII, as Indonesian letter numbers use). {{ and }} are literal braces.
  // The format must contain {seq}; anything else in braces is an error naming it.
  static Result<NumberFormat> parse(std::string_view format);

  // REQUIRES: seq >= 1, 1 <= month <= 12.
  std::string format(int seq, int year, int month) const;
  const std::string& text() const { return text_; }

 private:
  enum class Field { kSeq, kYear, kMonth, kMonthRoman };
  struct Placeholder {
    Field field;
    int width = 0;  // zero-padded to this many digits
  };
  std::string text_;
  std::vector<std::variant<std::string, Placeholder>> parts_;
};

}  // namespace jaga::agenda
