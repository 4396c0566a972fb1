#include "cli/check_deadline.h"

#include <cstdio>
#include <cstdlib>

namespace jaga::cli {

CheckDeadline::CheckDeadline(std::chrono::milliseconds limit, std::string line)
    : line_(std::move(line)) {
  thread_ = std::thread([this, limit] { watch(limit); });
}

CheckDeadline::~CheckDeadline() {
  {
    std::lock_guard lock(mutex_);
    done_ = true;
  }
  stop_.notify_all();
  thread_.join();
}

void CheckDeadline::print(const std::function<void()>& print) {
  std::lock_guard lock(mutex_);
  done_ = true;
  print();
  stop_.notify_all();
}

void CheckDeadline::watch(std::chrono::milliseconds limit) {
  std::unique_lock lock(mutex_);
  if (stop_.wait_for(lock, limit, [this] { return done_; })) return;
  // The lock is held: print() cannot start writing the run's output after this line.
  std::fwrite(line_.data(), 1, line_.size(), stdout);
  std::fflush(stdout);
  // Nothing of the run is waited for: a check may be blocked in a server call for minutes.
  std::_Exit(3);
}

}  // namespace jaga::cli
