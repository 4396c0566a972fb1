// Runs jobs on threads of their own: one thread per running job, started when the job starts and
// joined when it has ended, so an idle agent has no thread but its main one. Different jobs may
// run at the same time (a replication check is not held up by an hours-long consistency run);
// the caller (the scheduler) makes sure a job never runs twice at once.
#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace jaga::schedule {

class JobRunner {
 public:
  // `on_end` is called on a job's thread right after the job ended; it must be thread-safe
  // (the service passes Wakeup::notify).
  explicit JobRunner(std::function<void()> on_end) : on_end_(std::move(on_end)) {}
  // Waits for every running job.
  ~JobRunner();
  JobRunner(const JobRunner&) = delete;
  JobRunner& operator=(const JobRunner&) = delete;

  // Runs `work` on a new thread. REQUIRES: no job named `name` is running.
  void start(const std::string& name, std::function<void()> work);

  // Joins the jobs that have ended since the last call and returns their names.
  std::vector<std::string> reap();

  // Names of the jobs started and not yet reaped.
  std::vector<std::string> running() const;

 private:
  struct Running {
    std::thread thread;
    bool ended = false;
  };

  std::function<void()> on_end_;
  mutable std::mutex mutex_;
  std::map<std::string, Running> jobs_;  // guarded by mutex_
};

}  // namespace jaga::schedule
