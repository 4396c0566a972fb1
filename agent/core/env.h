// The seam to what the agent does not control besides the database servers: the wall clock,
// monotonic time and sleeping, the space of file systems and the files it writes. main builds
// one SystemEnv and passes it down by reference (never a global), so a test fakes time that
// advances without sleeping, or a full disk, without root (tests/unit/fake_env.h wraps the real
// one). The database is not part of it: checks run against real servers (db::Servers).
// Thread safety: SystemEnv may be used from any thread.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/durable_file.h"
#include "core/result.h"

namespace jaga {

using MonotonicTime = std::chrono::steady_clock::time_point;

// The size of a file system, in bytes.
struct VolumeSpace {
  double total_bytes = 0;
  double free_bytes = 0;  // available to unprivileged users (what the service user can fill)
};

class Env {
 public:
  virtual ~Env() = default;
  // The wall clock: timestamps, schedules, report periods, ages.
  virtual const Clock& clock() const = 0;
  // Monotonic time for durations and deadlines; never jumps when the wall clock is set.
  virtual MonotonicTime monotonic() const = 0;
  // Waits `duration` (a fake returns at once, having moved its monotonic time on).
  virtual void sleep_for(std::chrono::nanoseconds duration) = 0;
  // The file system holding `path`; an Error with the reason (strerror) when it cannot be asked
  // (missing, no permission): the caller names the path.
  virtual Result<VolumeSpace> volume_space(const std::string& path) const = 0;
  // Creates `path` for writing (mode 0640; an Error when it exists) through the one durable
  // writer (core/durable_file.h). Safe from several threads. A test's Env hands out files whose
  // every write fails as on a full disk (tests/unit/fake_env.h).
  virtual Result<OutputFile> create_file(const std::string& path) {
    return OutputFile::create(path);
  }
  // `content` in a new file at `path` (create_file), written and flushed to disk.
  Result<void> write_file(const std::string& path, std::string_view content);

  // Seconds of monotonic time since `since`.
  double seconds_since(MonotonicTime since) const {
    return std::chrono::duration<double>(monotonic() - since).count();
  }
};

// The real world: the system clock, steady_clock, std::this_thread::sleep_for and statvfs(3).
class SystemEnv final : public Env {
 public:
  const Clock& clock() const override { return clock_; }
  MonotonicTime monotonic() const override { return std::chrono::steady_clock::now(); }
  void sleep_for(std::chrono::nanoseconds duration) override;
  Result<VolumeSpace> volume_space(const std::string& path) const override;

 private:
  SystemClock clock_;
};

}  // namespace jaga
