// A fixed number of threads running jobs from a bounded queue. The listener gives it complete
// requests only, so a job is the handler's own work (a store query, rendering), never waiting on
// a client. Thread-safe.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace jaga::net {

class WorkerPool {
 public:
  // Starts `threads` threads (at least one); at most `max_queued` jobs wait for them.
  WorkerPool(int threads, int max_queued);
  // Drops the jobs still waiting and joins the threads once their running jobs return.
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Queues `job`; false (and `job` is not run) when max_queued jobs are already waiting.
  bool try_submit(std::function<void()> job);

 private:
  void run();

  const size_t max_queued_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> jobs_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace jaga::net
