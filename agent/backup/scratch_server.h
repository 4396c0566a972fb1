// A throw-away MariaDB server for restore tests: a fresh data directory under a temporary
// directory, reachable only through its unix socket (skip-networking), and tuned for bulk loading
// rather than durability - no binary log, innodb_flush_log_at_trx_commit=0, no doublewrite
// buffer, a large buffer pool - because its data is discarded after the test anyway.
//
// The server dies with jaga: it is started with PR_SET_PDEATHSIG, so even a `kill -9` of jaga
// ends it; SIGINT/SIGTERM also stop it. A directory left behind by a killed run is removed by the
// next restore test (remove_stale_scratch_dirs).
#pragma once

#include <sys/types.h>

#include <memory>
#include <string>

#include "config/config.h"
#include "core/env.h"
#include "core/result.h"
#include "db/connection.h"

namespace jaga::backup {

class ScratchServer {
 public:
  // Creates the directory under config.scratch_dir, initialises it, starts the server and waits
  // until it answers (at most 120 s of env's monotonic time, looking every 50 ms).
  static Result<std::unique_ptr<ScratchServer>> start(const config::BackupConfig& config, Env& env);
  // Kills the server (SIGKILL: its data is thrown away anyway) and removes the directory.
  ~ScratchServer();
  ScratchServer(const ScratchServer&) = delete;
  ScratchServer& operator=(const ScratchServer&) = delete;

  // A new root connection over the socket.
  Result<std::unique_ptr<db::Connection>> connect() const;
  const std::string& dir() const { return dir_; }
  pid_t pid() const { return pid_; }

 private:
  explicit ScratchServer(std::string dir) : dir_(std::move(dir)) {}
  config::ServerConfig endpoint() const;

  std::string dir_;
  pid_t pid_ = -1;
};

// Removes jaga-restore-* directories in `scratch_dir` whose server no longer runs.
void remove_stale_scratch_dirs(const std::string& scratch_dir);

}  // namespace jaga::backup
