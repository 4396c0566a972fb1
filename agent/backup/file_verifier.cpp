#include "backup/file_verifier.h"

#include <fmt/format.h>
#include <sys/stat.h>

#include <atomic>
#include <thread>

namespace jaga::backup {
namespace {

FileVerdict verify_one(const FileExpectation& f, ReadBuffers& buffers) {
  FileVerdict v;
  v.name = f.name;
  struct stat st {};
  if (::stat(f.path.c_str(), &st) != 0) {
    v.problem = fmt::format("{} is missing", f.name);
    return v;
  }
  if (f.size && static_cast<uint64_t>(st.st_size) != *f.size) {
    v.problem =
        fmt::format("{} has {} bytes, the manifest says {} ({})", f.name, st.st_size, *f.size,
                    static_cast<uint64_t>(st.st_size) < *f.size ? "truncated" : "grown");
    return v;
  }
  auto summary = read_through(f.path, &buffers);
  if (!summary) {
    v.problem = summary.error().message;
    return v;
  }
  v.summary = std::move(*summary);
  if (f.sha256 && v.summary.sha256 != *f.sha256) {
    v.problem =
        fmt::format("{} does not match its SHA-256 (expected {}, found {})", f.name,
                    f.sha256->substr(0, 16) + "...", v.summary.sha256.substr(0, 16) + "...");
  }
  return v;
}

}  // namespace

std::vector<FileVerdict> verify_files(const std::vector<FileExpectation>& files, int threads) {
  std::vector<FileVerdict> out(files.size());
  const int n =
      threads > 0 ? threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  std::atomic<size_t> next{0};
  auto work = [&] {
    ReadBuffers buffers;
    for (size_t i = next++; i < files.size(); i = next++) out[i] = verify_one(files[i], buffers);
  };
  std::vector<std::thread> pool;
  for (int i = 1; i < std::min<int>(n, static_cast<int>(files.size())); ++i)
    pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  return out;
}

}  // namespace jaga::backup
