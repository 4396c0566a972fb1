#include "schedule/plan.h"

namespace jaga::schedule {

std::vector<Job> default_jobs() {
  std::vector<Job> jobs;
  jobs.push_back(Job{"server", Schedule::parse_every("1m").value(), false});
  jobs.push_back(Job{"replication", Schedule::parse_every("1m").value(), false});
  jobs.push_back(Job{"consistency", Schedule::parse_cron("0 2 * * *").value(), true});
  jobs.push_back(Job{"security", Schedule::parse_every("1h").value(), false});
  return jobs;
}

}  // namespace jaga::schedule
