// The database part of `jaga doctor` (cli/doctor.h): each server reachable, the monitoring
// account's grants tried by running what the checks run, TLS, and the clocks of this host and
// both servers. Read-only.
#pragma once

#include <vector>

#include "cli/doctor.h"
#include "config/config.h"
#include "core/clock.h"

namespace jaga::cli {

// Appends a line per server (reachable), per server (grants), per server (TLS) and one for the
// clock skew. Requires: the passwords are resolved.
void examine_servers(const config::Config& config, const Clock& clock,
                     std::vector<DoctorLine>& out);

}  // namespace jaga::cli
