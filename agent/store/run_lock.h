// Which runs recorded in the evidence store are still going on. A run without a finish time is
// either still running or was interrupted (killed, power lost); the store alone cannot tell.
// So the process doing a run holds a lock on one byte (offset = run id) of a lock file beside the
// store, STORE-running, for as long as the run goes on. The locks are open-file-description locks
// (F_OFD_SETLK): the kernel drops them when the process ends in any way, kill -9 included, and,
// unlike classic fcntl locks, closing another descriptor of the file does not drop them, so two
// stores open in one process (serve's job threads) never release each other's runs.
//
// Not thread-safe: one RunLocks per EvidenceStore, used by the thread that uses the store.
#pragma once

#include <cstdint>
#include <string>

#include "core/result.h"

namespace jaga::store {

class RunLocks {
 public:
  // `store_path` is the evidence store's file; the lock file is that path + "-running".
  explicit RunLocks(std::string store_path);
  ~RunLocks();
  RunLocks(const RunLocks&) = delete;
  RunLocks& operator=(const RunLocks&) = delete;

  // Marks `run_id` as running until release() or the end of this object or process.
  Result<void> hold(int64_t run_id);
  void release(int64_t run_id);

 private:
  std::string path_;
  int fd_ = -1;
};

// Tells, for runs without a finish time, whether a live process still holds their lock.
// Opens the lock file read-only; when there is none, no run is running.
class RunningRuns {
 public:
  explicit RunningRuns(const std::string& store_path);
  ~RunningRuns();
  RunningRuns(const RunningRuns&) = delete;
  RunningRuns& operator=(const RunningRuns&) = delete;

  bool running(int64_t run_id) const;

 private:
  int fd_ = -1;
};

}  // namespace jaga::store
