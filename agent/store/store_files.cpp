#include "store/store_files.h"

#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include "privacy/file_modes.h"

namespace jaga::store {
namespace {

constexpr mode_t kStoreMode = 0640;

}  // namespace

Result<void> prepare_store_files(const std::string& path) {
  if (path.empty() || path == ":memory:") return Ok();
  if (auto created = privacy::create_empty_file(path, kStoreMode); !created) {
    return created.error();
  }
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    const std::string file = path + suffix;
    auto narrowed = privacy::narrow_mode(file, kStoreMode);
    if (!narrowed) {
      spdlog::warn("evidence store file {}", narrowed.error().message);
    } else if (*narrowed) {
      spdlog::warn(
          "evidence store file {} had mode {:04o}; narrowed to {:04o}: it holds evidence "
          "for the service user and its group only",
          file, **narrowed, **narrowed & kStoreMode);
    }
  }
  return Ok();
}

}  // namespace jaga::store
