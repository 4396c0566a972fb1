#include "schedule/plan.h"

#include "core/check_names.h"

namespace jaga::schedule {

std::vector<Job> default_jobs() {
  std::vector<Job> jobs;
  jobs.push_back(
      Job{std::string(check_names::kServer), Schedule::parse_every("1m").value(), false});
  jobs.push_back(
      Job{std::string(check_names::kReplication), Schedule::parse_every("1m").value(), false});
  jobs.push_back(
      Job{std::string(check_names::kConsistency), Schedule::parse_cron("0 2 * * *").value(), true});
  jobs.push_back(
      Job{std::string(check_names::kSecurity), Schedule::parse_every("1h").value(), false});
  return jobs;
}

std::vector<Job> default_report_jobs() {
  std::vector<Job> jobs;
  jobs.push_back(Job{"", Schedule::parse_cron("0 1 * * *").value(), false, "daily"});
  jobs.push_back(Job{"", Schedule::parse_cron("0 1 * * MON").value(), false, "weekly"});
  jobs.push_back(Job{"", Schedule::parse_cron("0 1 1 * *").value(), false, "monthly"});
  return jobs;
}

}  // namespace jaga::schedule
