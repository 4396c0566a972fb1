#include "core/env.h"

#include <sys/statvfs.h>

#include <cerrno>
#include <cstring>
#include <thread>

namespace jaga {

Result<void> Env::write_file(const std::string& path, std::string_view content) {
  auto file = create_file(path);
  if (!file) return file.error();
  if (auto w = file->write(content); !w) return w;
  return file->close();
}

void SystemEnv::sleep_for(std::chrono::nanoseconds duration) {
  std::this_thread::sleep_for(duration);
}

Result<VolumeSpace> SystemEnv::volume_space(const std::string& path) const {
  struct statvfs st {};
  if (statvfs(path.c_str(), &st) != 0) return Error{std::strerror(errno)};
  const auto frsize = static_cast<double>(st.f_frsize);
  return VolumeSpace{static_cast<double>(st.f_blocks) * frsize,
                     static_cast<double>(st.f_bavail) * frsize};
}

}  // namespace jaga
