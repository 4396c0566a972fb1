#include "desk/login_throttle.h"

#include <algorithm>

namespace jaga::desk {

std::optional<std::chrono::seconds> throttled_for(const std::vector<int64_t>& failures, int64_t now,
                                                  const ThrottleRule& rule) {
  const int64_t since = now - rule.window.count();
  int count = 0;
  int64_t last = 0;
  for (int64_t at : failures) {
    if (at <= since || at > now) continue;
    ++count;
    last = std::max(last, at);
  }
  if (count < rule.free_failures) return std::nullopt;
  // Doubling from first_delay; the shift is bounded so it cannot overflow.
  const int doublings = std::min(count - rule.free_failures, 20);
  const int64_t delay = std::min(rule.first_delay.count() << doublings, rule.max_delay.count());
  const int64_t wait = last + delay - now;
  if (wait <= 0) return std::nullopt;
  return std::chrono::seconds(wait);
}

}  // namespace jaga::desk
