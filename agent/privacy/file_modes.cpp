#include "privacy/file_modes.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace jaga::privacy {

std::string directory_of(const std::string& path) {
  const std::string dir = std::filesystem::path(path).parent_path().string();
  return dir.empty() ? "." : dir;
}

Result<void> give_to_directory_owner(int fd, const std::string& path,
                                     const std::string& directory) {
  if (geteuid() != 0) return Ok();
  struct stat dir {};
  if (stat(directory.c_str(), &dir) != 0 || dir.st_uid == 0) return Ok();
  if (fchown(fd, dir.st_uid, dir.st_gid) != 0) {
    return Error{fmt::format("cannot give {} to the owner of {} (uid {}): {}", path, directory,
                             dir.st_uid, std::strerror(errno))};
  }
  return Ok();
}

Result<bool> create_empty_file(const std::string& path, mode_t mode) {
  const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode);
  if (fd < 0) {
    if (errno == EEXIST) return false;
    return Error{fmt::format("cannot create {}: {}", path, std::strerror(errno))};
  }
  // open() applied the umask; the mode must be exact (0640 keeps group read under umask 077).
  Result<void> done = Ok();
  if (fchmod(fd, mode) != 0) {
    done = Error{fmt::format("cannot set mode {:04o} on {}: {}", mode, path, std::strerror(errno))};
  }
  if (done) done = give_to_directory_owner(fd, path, directory_of(path));
  close(fd);
  if (!done) {
    unlink(path.c_str());
    return done.error();
  }
  return true;
}

Result<std::optional<mode_t>> narrow_mode(const std::string& path, mode_t allowed) {
  struct stat st {};
  if (stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return std::optional<mode_t>();
    return Error{fmt::format("cannot read the mode of {}: {}", path, std::strerror(errno))};
  }
  const mode_t mode = st.st_mode & 07777;
  if ((mode & ~allowed) == 0) return std::optional<mode_t>();
  if (chmod(path.c_str(), mode & allowed) != 0) {
    return Error{fmt::format("{} has mode {:04o}, wider than {:04o}, and cannot be narrowed: {}",
                             path, mode, allowed, std::strerror(errno))};
  }
  return std::optional<mode_t>(mode);
}

}  // namespace jaga::privacy
