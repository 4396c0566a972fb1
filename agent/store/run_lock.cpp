#include "store/run_lock.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace jaga::store {
namespace {

std::string lock_path(const std::string& store_path) { return store_path + "-running"; }

struct flock byte_of(int64_t run_id, short type) {
  struct flock lock {};
  lock.l_type = type;
  lock.l_whence = SEEK_SET;
  lock.l_start = static_cast<off_t>(run_id);
  lock.l_len = 1;
  lock.l_pid = 0;  // required by OFD locks
  return lock;
}

}  // namespace

RunLocks::RunLocks(std::string store_path) : path_(lock_path(store_path)) {}

RunLocks::~RunLocks() {
  if (fd_ >= 0) ::close(fd_);
}

Result<void> RunLocks::hold(int64_t run_id) {
  if (fd_ < 0) {
    // The file holds nothing but locks; readers of the store only need to open it for reading.
    fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) {
      return Error{
          fmt::format("cannot open the run lock file {}: {}", path_, std::strerror(errno))};
    }
  }
  struct flock lock = byte_of(run_id, F_WRLCK);
  if (::fcntl(fd_, F_OFD_SETLK, &lock) != 0) {
    return Error{fmt::format("cannot mark run {} as running in {}: {}", run_id, path_,
                             std::strerror(errno))};
  }
  return Ok();
}

void RunLocks::release(int64_t run_id) {
  if (fd_ < 0) return;
  struct flock lock = byte_of(run_id, F_UNLCK);
  ::fcntl(fd_, F_OFD_SETLK, &lock);
}

RunningRuns::RunningRuns(const std::string& store_path)
    : fd_(::open(lock_path(store_path).c_str(), O_RDONLY | O_CLOEXEC)) {}

RunningRuns::~RunningRuns() {
  if (fd_ >= 0) ::close(fd_);
}

bool RunningRuns::running(int64_t run_id) const {
  if (fd_ < 0) return false;
  struct flock lock = byte_of(run_id, F_WRLCK);
  if (::fcntl(fd_, F_OFD_GETLK, &lock) != 0) return false;
  return lock.l_type != F_UNLCK;
}

}  // namespace jaga::store
