#include "desk/login_throttle.h"

#include <catch2/catch.hpp>

namespace jaga::desk {
namespace {

std::vector<int64_t> failures_every(int n, int64_t from, int64_t step) {
  std::vector<int64_t> out;
  for (int i = 0; i < n; ++i) out.push_back(from + i * step);
  return out;
}

}  // namespace

TEST_CASE("ten failures within 15 minutes are not throttled yet", "[unit][desk]") {
  CHECK_FALSE(throttled_for(failures_every(9, 1000, 10), 1100, ThrottleRule{}));
}

TEST_CASE("the attempt after the tenth failure waits 30 s, then doubling", "[unit][desk]") {
  // Ten failures 1000..1090: the last at 1090.
  auto wait = throttled_for(failures_every(10, 1000, 10), 1091, ThrottleRule{});
  REQUIRE(wait);
  CHECK(wait->count() == 29);
  CHECK_FALSE(throttled_for(failures_every(10, 1000, 10), 1120, ThrottleRule{}));
  auto twelve = throttled_for(failures_every(12, 1000, 10), 1110, ThrottleRule{});
  REQUIRE(twelve);
  CHECK(twelve->count() == 120);
}

TEST_CASE("the delay is capped at 15 minutes and never permanent", "[unit][desk]") {
  const auto many = failures_every(40, 1000, 1);
  auto wait = throttled_for(many, 1040, ThrottleRule{});
  REQUIRE(wait);
  CHECK(wait->count() == 900 - 1);
  CHECK_FALSE(throttled_for(many, 1039 + 900, ThrottleRule{}));
}

TEST_CASE("failures older than the window are forgotten", "[unit][desk]") {
  CHECK_FALSE(throttled_for(failures_every(20, 1000, 1), 1000 + 15 * 60 + 20, ThrottleRule{}));
}

}  // namespace jaga::desk
