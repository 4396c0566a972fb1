// An Env for tests (leveldb's EnvWrapper): monotonic time that moves only when slept through or
// advanced, so a wait of minutes takes no time; volumes that report what the test says (a full
// disk without filling one, an unreadable one without root), and the real statvfs for any other
// path; files that the test says are on a full disk are written to /dev/full, whose every write
// fails with ENOSPC, others are real. Set it up first: after that only create_file may be called
// from several threads (it only reads the setup).
#pragma once

#include <fcntl.h>

#include <cerrno>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "core/env.h"

namespace jaga::testing {

class FakeEnv final : public Env {
 public:
  explicit FakeEnv(const Clock& clock) : clock_(clock) {}

  const Clock& clock() const override { return clock_; }
  MonotonicTime monotonic() const override { return now_; }
  void sleep_for(std::chrono::nanoseconds duration) override {
    now_ += duration;
    slept_ += duration;
  }
  Result<VolumeSpace> volume_space(const std::string& path) const override {
    if (auto failed = failures_.find(path); failed != failures_.end()) {
      return Error{failed->second};
    }
    if (auto space = spaces_.find(path); space != spaces_.end()) return space->second;
    return real_.volume_space(path);
  }

  Result<OutputFile> create_file(const std::string& path) override {
    for (const std::string& part : full_disk_) {
      if (path.find(part) == std::string::npos) continue;
      const int fd = ::open("/dev/full", O_WRONLY | O_CLOEXEC);
      if (fd < 0) return Error{std::string("cannot open /dev/full: ") + std::strerror(errno)};
      return OutputFile(fd, path);
    }
    return real_.create_file(path);
  }

  void advance(std::chrono::nanoseconds duration) { now_ += duration; }
  // Every file whose path contains `part` is on a full disk from now on.
  void fill_disk_for(const std::string& part) { full_disk_.push_back(part); }
  // Every sleep_for so far, added up.
  std::chrono::nanoseconds slept() const { return slept_; }
  void set_volume(const std::string& path, VolumeSpace space) { spaces_[path] = space; }
  void fail_volume(const std::string& path, const std::string& reason) { failures_[path] = reason; }

 private:
  const Clock& clock_;
  SystemEnv real_;
  MonotonicTime now_{};
  std::chrono::nanoseconds slept_{0};
  std::map<std::string, VolumeSpace> spaces_;
  std::map<std::string, std::string> failures_;
  std::vector<std::string> full_disk_;
};

}  // namespace jaga::testing
