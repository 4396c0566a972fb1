// The real Env asks the system; the fake one stands in for it without sleeping or root.
#include "core/env.h"

#include <catch2/catch.hpp>

#include "tests/unit/fake_env.h"
#include "tests/unit/temp_dir.h"

namespace jaga {
namespace {

TEST_CASE("SystemEnv reads the size and free space of a real file system", "[unit][env]") {
  testing::TempDir dir;
  SystemEnv env;
  auto space = env.volume_space(dir.path());
  REQUIRE(space.ok());
  CHECK(space->total_bytes > 0);
  CHECK(space->free_bytes <= space->total_bytes);
}

TEST_CASE("SystemEnv says why a volume cannot be read", "[unit][env]") {
  SystemEnv env;
  auto space = env.volume_space("/nonexistent/jaga");
  REQUIRE_FALSE(space.ok());
  CHECK(space.error().message == "No such file or directory");
}

TEST_CASE("SystemEnv's monotonic time moves on across a sleep", "[unit][env]") {
  SystemEnv env;
  const MonotonicTime before = env.monotonic();
  env.sleep_for(std::chrono::milliseconds(5));
  CHECK(env.seconds_since(before) >= 0.005);
}

TEST_CASE("FakeEnv sleeps by moving its time on, at once", "[unit][env]") {
  const SystemClock wall;
  testing::FakeEnv env(wall);
  const MonotonicTime before = env.monotonic();
  env.sleep_for(std::chrono::hours(2));
  CHECK(env.seconds_since(before) == 7200.0);
  CHECK(env.slept() == std::chrono::hours(2));
}

}  // namespace
}  // namespace jaga
