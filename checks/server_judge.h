// The server check's judgement, apart from its I/O: what ServerCheck observed of both servers and
// this host's volumes goes in, the CheckResult comes out. Pure, so every rule is unit-tested
// (tests/unit/checks/server_judge_test.cpp) without a server or a disk.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "config/config.h"
#include "core/check_result.h"
#include "db/servers.h"

namespace jaga::checks {

// What one server told us, and the offset of its clock from ours (server minus local).
struct ServerFacts {
  std::string version;
  bool read_only = false;
  std::optional<double> max_connections;    // nullopt: not a number
  std::optional<double> threads_connected;  // nullopt: not reported
  std::optional<double> uptime;             // nullopt: not reported
  std::string server_id;
  std::optional<double> clock_offset;  // nullopt: the server's time was not a number
  double round_trip = 0;
};

struct ServerObservation {
  db::Role role = db::Role::kPrimary;
  std::string label;
  std::string unreachable;           // cannot connect (CRIT)
  std::string unreadable;            // connected, but its facts could not be read (UNKNOWN)
  std::optional<ServerFacts> facts;  // when neither is set
};

struct VolumeObservation {
  config::VolumeConfig volume;
  std::string error;  // statvfs failed
  double total_bytes = 0;
  double free_bytes = 0;  // available to unprivileged users
};

CheckResult judge_servers(const std::vector<ServerObservation>& servers,
                          const std::vector<VolumeObservation>& volumes,
                          const config::ServerCheckConfig& config);

}  // namespace jaga::checks
