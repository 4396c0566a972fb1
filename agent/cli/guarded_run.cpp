#include "cli/guarded_run.h"

#include <cstdio>
#include <exception>

namespace jaga::cli {
namespace {

void report(const char* what) {
  std::fprintf(stderr, "jaga: internal error: %s (this is a bug; please report it)\n", what);
  std::fflush(stderr);
}

}  // namespace

int run_guarded(const std::function<int()>& run, int failure_code) {
  try {
    return run();
  } catch (const std::exception& e) {
    report(e.what());
  } catch (...) {
    report("an exception that is not a std::exception");
  }
  return failure_code;
}

}  // namespace jaga::cli
