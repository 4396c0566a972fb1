#include "schedule/job_runner.h"

#include <stdexcept>

namespace jaga::schedule {

JobRunner::~JobRunner() {
  std::map<std::string, Running> jobs;
  {
    std::lock_guard lock(mutex_);
    jobs.swap(jobs_);
  }
  for (auto& [name, job] : jobs) job.thread.join();
}

void JobRunner::start(const std::string& name, std::function<void()> work) {
  std::lock_guard lock(mutex_);
  if (jobs_.contains(name)) throw std::logic_error("job " + name + " is already running");
  Running& job = jobs_[name];
  job.thread = std::thread([this, name, work = std::move(work)] {
    work();
    {
      std::lock_guard lock(mutex_);
      jobs_.at(name).ended = true;
    }
    on_end_();
  });
}

std::vector<std::string> JobRunner::reap() {
  std::vector<std::thread> threads;
  std::vector<std::string> names;
  {
    std::lock_guard lock(mutex_);
    for (auto it = jobs_.begin(); it != jobs_.end();) {
      if (!it->second.ended) {
        ++it;
        continue;
      }
      names.push_back(it->first);
      threads.push_back(std::move(it->second.thread));
      it = jobs_.erase(it);
    }
  }
  for (std::thread& thread : threads) thread.join();
  return names;
}

std::vector<std::string> JobRunner::running() const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> names;
  for (const auto& [name, job] : jobs_) names.push_back(name);
  return names;
}

}  // namespace jaga::schedule
