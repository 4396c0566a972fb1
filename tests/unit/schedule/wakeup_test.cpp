#include "schedule/wakeup.h"

#include <signal.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <thread>

namespace jaga::schedule {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

std::unique_ptr<Wakeup> make() {
  auto wakeup = Wakeup::create();
  if (!wakeup) FAIL(wakeup.error().message);
  return std::move(*wakeup);
}

TimePoint in(milliseconds ms) { return std::chrono::system_clock::now() + ms; }

TEST_CASE("wakeup: sleeps until the deadline", "[schedule][wakeup]") {
  auto wakeup = make();
  const auto start = steady_clock::now();
  CHECK(wakeup->wait(in(milliseconds(100))).reason == Wakeup::Reason::kDeadline);
  CHECK(steady_clock::now() - start >= milliseconds(95));
}

TEST_CASE("wakeup: a deadline in the past returns at once", "[schedule][wakeup]") {
  auto wakeup = make();
  CHECK(wakeup->wait(in(milliseconds(-10))).reason == Wakeup::Reason::kDeadline);
}

TEST_CASE("wakeup: notify() from another thread wakes the sleeper", "[schedule][wakeup]") {
  auto wakeup = make();
  std::thread other([&] {
    std::this_thread::sleep_for(milliseconds(50));  // the scenario: notified while asleep
    wakeup->notify();
  });
  const auto start = steady_clock::now();
  CHECK(wakeup->wait(TimePoint::max()).reason == Wakeup::Reason::kNotified);
  CHECK(steady_clock::now() - start < milliseconds(5000));
  other.join();
}

TEST_CASE("wakeup: two notes before a wait collapse into one", "[schedule][wakeup]") {
  auto wakeup = make();
  // Both notes are posted (the thread has ended) before the first wait begins.
  std::thread other([&] {
    wakeup->notify();
    wakeup->notify();
  });
  other.join();
  CHECK(wakeup->wait(TimePoint::max()).reason == Wakeup::Reason::kNotified);
  CHECK(wakeup->wait(in(milliseconds(20))).reason == Wakeup::Reason::kDeadline);
}

TEST_CASE("wakeup: SIGHUP and SIGTERM arrive as events, not as process death",
          "[schedule][wakeup]") {
  auto wakeup = make();
  REQUIRE(kill(getpid(), SIGHUP) == 0);
  REQUIRE(kill(getpid(), SIGTERM) == 0);
  const Wakeup::Event first = wakeup->wait(TimePoint::max());
  const Wakeup::Event second = wakeup->wait(TimePoint::max());
  CHECK(first.reason == Wakeup::Reason::kSignal);
  CHECK(second.reason == Wakeup::Reason::kSignal);
  CHECK(first.signal + second.signal == SIGHUP + SIGTERM);
  CHECK(wakeup->wait(in(milliseconds(10))).reason == Wakeup::Reason::kDeadline);
}

}  // namespace
}  // namespace jaga::schedule
