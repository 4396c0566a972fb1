#include "schedule/job_runner.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <stdexcept>
#include <thread>

namespace jaga::schedule {
namespace {

using std::chrono::milliseconds;

// Waits (bounded) until `runner` has reaped `count` jobs in total; returns their names.
std::vector<std::string> reap_until(JobRunner& runner, size_t count) {
  std::vector<std::string> names;
  for (int i = 0; i < 500 && names.size() < count; ++i) {
    for (auto& n : runner.reap()) names.push_back(n);
    std::this_thread::sleep_for(milliseconds(10));
  }
  return names;
}

TEST_CASE("job runner: jobs run at the same time on threads of their own", "[schedule][runner]") {
  std::atomic<int> ends{0};
  std::atomic<bool> release{false};
  JobRunner runner([&] { ++ends; });
  std::atomic<int> inside{0};
  for (const char* name : {"server", "consistency"}) {
    runner.start(name, [&] {
      ++inside;
      while (!release) std::this_thread::sleep_for(milliseconds(1));
    });
  }
  for (int i = 0; i < 500 && inside < 2; ++i) std::this_thread::sleep_for(milliseconds(10));
  CHECK(inside == 2);
  CHECK(runner.running().size() == 2);
  CHECK(runner.reap().empty());
  release = true;
  const auto names = reap_until(runner, 2);
  CHECK(names.size() == 2);
  CHECK(ends == 2);
  CHECK(runner.running().empty());
}

TEST_CASE("job runner: starting a job that runs is a programming error", "[schedule][runner]") {
  std::atomic<bool> release{false};
  JobRunner runner([] {});
  runner.start("server", [&] {
    while (!release) std::this_thread::sleep_for(milliseconds(1));
  });
  CHECK_THROWS_AS(runner.start("server", [] {}), std::logic_error);
  release = true;
  CHECK(reap_until(runner, 1) == std::vector<std::string>{"server"});
  runner.start("server", [] {});  // after it ended, it may run again
  CHECK(reap_until(runner, 1) == std::vector<std::string>{"server"});
}

}  // namespace
}  // namespace jaga::schedule
