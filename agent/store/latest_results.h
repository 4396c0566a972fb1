// What the metrics endpoint reads besides the newest result of each check: when each check last
// passed on each host, and under which name each peer's results call their host. Read-only.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "store/evidence_store.h"

namespace jaga::store {

struct LastSuccess {
  std::string check;
  std::string host;
  TimePoint finished;  // when its newest OK result finished
};

// The newest OK result of every (check, host) that ever had one, by check then host.
Result<std::vector<LastSuccess>> last_successes(const EvidenceStore& store);

// Each peer's configured name (the host of the results this host records about it, such as its
// reachability) -> the host name its own pulled results carry ([agent] host_name over there).
// A peer nothing was pulled from yet is absent.
Result<std::map<std::string, std::string>> peer_host_names(const EvidenceStore& store);

}  // namespace jaga::store
