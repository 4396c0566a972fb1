// Reading the `metrics` column of a stored result quickly. A month of one-minute evidence is over
// 130,000 rows; a general JSON parser spends most of a report's time building and freeing
// documents, so the flat shape the store writes is scanned in place instead.
#pragma once

#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jaga::report {

struct MetricValue {
  std::string_view name;  // into the scanned text, or into MetricList::owned_
  double value = 0;
  std::optional<double> warn, crit;
  // Over the results a roll-up stands for (store/result_rollup.h): the least, the greatest and
  // the last value; `value` is the first one's. All equal `value` for a single result.
  double min = 0, max = 0, last = 0;
};

class MetricList {
 public:
  // Reads `text`, an array of {"name", "value", "unit", "warn"?, "crit"?, "min"?, "max"?,
  // "last"?} objects. The list
  // refers to `text`, which must outlive it. Entries without a name or a numeric value are
  // skipped; text that is not such an array gives an empty list.
  void scan(std::string_view text);

  const MetricValue* find(std::string_view name) const;
  const std::vector<MetricValue>& values() const { return values_; }

 private:
  bool scan_flat(std::string_view text);  // false: not the flat shape, use the full parser
  void parse_json(std::string_view text);

  std::vector<MetricValue> values_;
  std::deque<std::string> owned_;  // names when the full parser was needed
};

}  // namespace jaga::report
