// Server health: both servers reachable, their version and uptime, role sanity (the backup
// server read-only, the primary writable), connections against max_connections, free space
// on this host's configured volumes, and the clock skew between the two servers.
#pragma once

#include "checks/check.h"
#include "checks/server_judge.h"
#include "core/check_names.h"

namespace jaga::checks {

class ServerCheck final : public Check {
 public:
  std::string_view name() const override { return check_names::kServer; }
  std::string_view description() const override {
    return "reachability, version, uptime, read-only roles, connections, free space, clock skew";
  }
  bool enabled(const config::Config& config) const override { return config.server_check.enabled; }
  CheckResult run(CheckContext& context) override;
};

// The size and free space of volume `v`, asked of `env`; `error` set when it cannot be read.
VolumeObservation observe_volume(Env& env, const config::VolumeConfig& v);

}  // namespace jaga::checks
