#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <utility>

#include "report/report.h"

namespace jaga::report {
namespace {

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  int release() { return std::exchange(fd_, -1); }

 private:
  int fd_;
};

Result<void> write_durably(const std::string& path, const std::string& bytes) {
  const std::string temp = path + ".tmp";
  Fd fd(::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640));
  if (fd.get() < 0) {
    return Error{fmt::format("cannot create {}: {}", temp, std::strerror(errno))};
  }
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd.get(), bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int err = errno;
      ::unlink(temp.c_str());
      return Error{fmt::format("cannot write {}: {}", temp, std::strerror(err))};
    }
    done += static_cast<size_t>(n);
  }
  if (::fsync(fd.get()) != 0 || ::close(fd.release()) != 0) {
    const int err = errno;
    ::unlink(temp.c_str());
    return Error{fmt::format("cannot flush {} to disk: {}", temp, std::strerror(err))};
  }
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    const int err = errno;
    ::unlink(temp.c_str());
    return Error{fmt::format("cannot rename {} to {}: {}", temp, path, std::strerror(err))};
  }
  return Ok();
}

}  // namespace

Result<WrittenReport> write_report_files(const std::string& dir, const DraftedReport& report) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Error{fmt::format("cannot create report directory {}: {}", dir, ec.message())};
  WrittenReport out;
  const std::string stem = dir + "/" + file_stem(report.number);
  out.pdf_path = stem + ".pdf";
  out.json_path = stem + ".json";
  if (auto r = write_durably(out.json_path, report.json); !r) return r.error();
  if (auto r = write_durably(out.pdf_path, report.pdf); !r) return r.error();
  // The renames are durable once the directory is.
  Fd d(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (d.get() < 0 || ::fsync(d.get()) != 0) {
    return Error{fmt::format("cannot flush directory {}: {}", dir, std::strerror(errno))};
  }
  return out;
}

}  // namespace jaga::report
