// main()'s catch-all: an exception that escaped a command is its failure exit code, not a crash.
#include "cli/guarded_run.h"

#include <catch2/catch.hpp>
#include <new>
#include <stdexcept>

namespace jaga::cli {

TEST_CASE("run_guarded returns what the command returns", "[cli]") {
  CHECK(run_guarded([] { return 2; }, 3) == 2);
}

TEST_CASE("run_guarded turns an escaped exception into the failure exit code", "[cli]") {
  CHECK(run_guarded([]() -> int { throw std::runtime_error("boom"); }, 3) == 3);
  CHECK(run_guarded([]() -> int { throw std::bad_alloc(); }, 1) == 1);
  CHECK(run_guarded([]() -> int { throw 42; }, 1) == 1);
}

}  // namespace jaga::cli
