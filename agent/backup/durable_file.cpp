#include "backup/durable_file.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace jaga::backup {

Result<OutputFile> OutputFile::create(const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
  if (fd < 0) return Error{fmt::format("cannot create {}: {}", path, std::strerror(errno))};
  return OutputFile(fd, path);
}

OutputFile::OutputFile(OutputFile&& other) noexcept
    : fd_(other.fd_), path_(std::move(other.path_)) {
  other.fd_ = -1;
}

OutputFile::~OutputFile() {
  if (fd_ >= 0) ::close(fd_);
}

Result<void> OutputFile::write(const void* data, size_t size) {
  const char* p = static_cast<const char*>(data);
  while (size > 0) {
    const ssize_t n = ::write(fd_, p, size);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      return Error{fmt::format("cannot write {}: {}", path_, std::strerror(errno))};
    }
    p += n;
    size -= static_cast<size_t>(n);
  }
  return Ok();
}

Result<void> OutputFile::close() {
  if (fd_ < 0) return Ok();
  const int fd = fd_;
  fd_ = -1;
  if (::fsync(fd) != 0) {
    const int e = errno;
    ::close(fd);
    return Error{fmt::format("cannot flush {} to disk: {}", path_, std::strerror(e))};
  }
  if (::close(fd) != 0) {
    return Error{fmt::format("cannot close {}: {}", path_, std::strerror(errno))};
  }
  return Ok();
}

Result<void> write_file_durably(const std::string& path, std::string_view content) {
  auto file = OutputFile::create(path);
  if (!file) return file.error();
  if (auto w = file->write(content); !w) return w;
  return file->close();
}

Result<void> sync_directory(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return Error{fmt::format("cannot open directory {}: {}", path, std::strerror(errno))};
  const int rc = ::fsync(fd);
  const int e = errno;
  ::close(fd);
  if (rc != 0) {
    return Error{fmt::format("cannot flush directory {} to disk: {}", path, std::strerror(e))};
  }
  return Ok();
}

Result<void> remove_tree(const std::string& path) {
  std::error_code ec;
  std::filesystem::remove_all(path, ec);
  if (ec) return Error{fmt::format("cannot remove {}: {}", path, ec.message())};
  return Ok();
}

}  // namespace jaga::backup
