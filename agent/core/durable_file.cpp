#include "core/durable_file.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace jaga {

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

namespace {

// The directory `path` is in ("." for a bare name).
std::string directory_of(const std::string& path) {
  const auto parent = std::filesystem::path(path).parent_path().string();
  return parent.empty() ? "." : parent;
}

// `data` in a new temporary file beside `path`, with `mode`, flushed to disk; its name.
Result<std::string> write_beside(const std::string& path, std::string_view data, unsigned mode) {
  std::string temp = path + ".tmp-XXXXXX";
  const int fd = ::mkstemp(temp.data());
  if (fd < 0) return Error{fmt::format("cannot create {}: {}", temp, std::strerror(errno))};
  OutputFile file(fd, temp);
  auto written = [&]() -> Result<void> {
    if (::fchmod(fd, mode) != 0) {
      return Error{fmt::format("cannot set the mode of {}: {}", temp, std::strerror(errno))};
    }
    if (auto w = file.write(data); !w) return w;
    return file.close();
  }();
  if (!written) {
    ::unlink(temp.c_str());
    return Error{fmt::format("cannot write {}: {}", path, written.error().message)};
  }
  return temp;
}

}  // namespace

Result<void> write_new_file(const std::string& path, std::string_view data, unsigned mode) {
  auto temp = write_beside(path, data, mode);
  if (!temp) return temp.error();
  // link() fails with EEXIST instead of replacing, unlike rename().
  const int linked = ::link(temp->c_str(), path.c_str());
  const int error = errno;
  ::unlink(temp->c_str());
  if (linked != 0) {
    if (error == EEXIST) {
      return Error{fmt::format("{} exists already; it is never overwritten", path)};
    }
    return Error{fmt::format("cannot create {}: {}", path, std::strerror(error))};
  }
  return sync_directory(directory_of(path));
}

Result<void> replace_file(const std::string& path, std::string_view data, unsigned mode) {
  auto temp = write_beside(path, data, mode);
  if (!temp) return temp.error();
  if (::rename(temp->c_str(), path.c_str()) != 0) {
    const int error = errno;
    ::unlink(temp->c_str());
    return Error{fmt::format("cannot replace {}: {}", path, std::strerror(error))};
  }
  return sync_directory(directory_of(path));
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

}  // namespace jaga
