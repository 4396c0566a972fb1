// The last line of defence of main(): an exception that escaped every layer (a bug, or memory
// exhausted) becomes one clear line on stderr and the command's failure exit code, never a
// std::terminate with its core dump and no word of what happened.
#pragma once

#include <functional>

namespace jaga::cli {

// Returns what `run` returns; if it throws, prints "jaga: internal error: WHAT" on stderr and
// returns `failure_code` (3, Nagios' UNKNOWN, for check; 1 for the other commands).
int run_guarded(const std::function<int()>& run, int failure_code);

}  // namespace jaga::cli
