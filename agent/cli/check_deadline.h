// `jaga check --timeout`: a watch that ends the process with UNKNOWN when a run of checks outlives
// its time, as a Nagios plugin must (a poller that kills a silent plugin shows no reason). A check
// blocked in a server call cannot be interrupted safely, so the process ends instead; the evidence
// store is transactional, so a run cut short stays recorded as interrupted (as after a kill).
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace jaga::cli {

class CheckDeadline {
 public:
  // Starts watching. When `limit` passes before print() was called, writes `line` (ending in a
  // newline) to stdout and ends the process with exit code 3 (UNKNOWN).
  CheckDeadline(std::chrono::milliseconds limit, std::string line);
  // Stops watching (returns at once; the watch thread is joined).
  ~CheckDeadline();
  CheckDeadline(const CheckDeadline&) = delete;
  CheckDeadline& operator=(const CheckDeadline&) = delete;

  // Runs `print` (the run's output) unless the deadline's line was already written: exactly one
  // of the two reaches stdout. Thread-safe.
  void print(const std::function<void()>& print);

 private:
  void watch(std::chrono::milliseconds limit);

  std::string line_;
  std::mutex mutex_;
  std::condition_variable stop_;
  bool done_ = false;  // guarded by mutex_: print() ran or the destructor began
  std::thread thread_;
};

}  // namespace jaga::cli
