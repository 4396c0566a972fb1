// The one interface every check implements. A check receives a context (configuration, the two
// servers, a clock), looks, and returns a CheckResult. It never writes to the evidence store,
// formats output or knows about reports; the caller does all of that with the result.
#pragma once

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "consistency/backup_side.h"
#include "core/check_result.h"
#include "core/clock.h"
#include "core/env.h"
#include "core/status.h"
#include "db/servers.h"

namespace jaga::checks {

using jaga::Checkpoints;
using jaga::CheckResult;
using jaga::Finding;
using jaga::Metric;

// Opens the backup side of a consistency comparison on the backup host's agent (a peer session,
// peer/consistency_client.h), or says why it cannot. Given by the caller, which may use peer/.
using RemoteBackupOpener = std::function<Result<std::unique_ptr<consistency::BackupSide>>()>;

struct CheckContext {
  const config::Config& config;
  db::Servers& servers;
  const Clock& clock;
  Checkpoints* checkpoints;  // null: progress is not kept
  bool restart;              // ignore saved progress and start over
  // Monotonic time, sleeping and volumes; `clock` above is env.clock() except where a test
  // fixes the wall clock alone.
  Env& env;
  // Empty: no backup agent is configured ([peer] has no peer with a url).
  RemoteBackupOpener remote_backup = nullptr;
};

class Check {
 public:
  virtual ~Check() = default;
  virtual std::string_view name() const = 0;
  virtual std::string_view description() const = 0;
  // Whether the configuration switches this check on.
  virtual bool enabled(const config::Config& config) const = 0;
  // Looks and reports. Never throws for a server that is down or misbehaves: that is a finding.
  virtual CheckResult run(CheckContext& context) = 0;
};

}  // namespace jaga::checks
