// The growing delay after failed logins (and wrong signing passphrases): pure arithmetic over
// the times of one subject's failures ("user:NAME" or "addr:IP"), the clock passed in. After
// `free_failures` failures within `window`, each further attempt is refused until
// first_delay * 2^(failures - free_failures) has passed since the last failure, capped at
// max_delay. Failures older than the window are forgotten, so there is never a permanent lock
// that would let anyone block the Kabid's step: at worst one attempt per max_delay.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <vector>

namespace jaga::desk {

struct ThrottleRule {
  int free_failures = 10;
  std::chrono::seconds window{15 * 60};
  std::chrono::seconds first_delay{30};
  std::chrono::seconds max_delay{15 * 60};
};

// How long an attempt at `now` must still wait (seconds since the epoch), given the subject's
// failures (seconds since the epoch, any order; those outside the window are ignored); nullopt
// when it may go ahead.
std::optional<std::chrono::seconds> throttled_for(const std::vector<int64_t>& failures, int64_t now,
                                                  const ThrottleRule& rule);

}  // namespace jaga::desk
