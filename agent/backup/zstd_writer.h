// Streaming zstd compression into a durable file: what goes in is compressed as it arrives
// (ZSTD_c_nbWorkers threads besides the caller's), what goes out is counted and hashed (SHA-256
// of the compressed file, as the manifest records it) and fsynced on finish.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/durable_file.h"
#include "core/result.h"
#include "core/sha256.h"

struct ZSTD_CCtx_s;

namespace jaga::backup {

class ZstdWriter {
 public:
  // Compresses into `file` (from Env::create_file); `workers` 0 compresses on the caller's
  // thread.
  static Result<std::unique_ptr<ZstdWriter>> create(OutputFile file, int level, int workers);
  ~ZstdWriter();

  // Buffers `data` and compresses whenever the buffer is full.
  Result<void> write(std::string_view data);
  // Ends the frame, writes the rest, fsyncs and closes. After Ok, size() and sha256() are final.
  Result<void> finish();

  uint64_t raw_bytes() const { return raw_bytes_; }
  uint64_t size() const { return size_; }
  const std::string& sha256() const { return sha256_; }
  const std::string& path() const { return file_.path(); }

 private:
  struct Free {
    void operator()(ZSTD_CCtx_s* ctx) const;
  };
  ZstdWriter(OutputFile file, std::unique_ptr<ZSTD_CCtx_s, Free> ctx);
  Result<void> compress(bool end);

  OutputFile file_;
  std::unique_ptr<ZSTD_CCtx_s, Free> ctx_;
  Sha256 hash_;
  std::string in_;
  std::vector<char> out_;
  uint64_t raw_bytes_ = 0;
  uint64_t size_ = 0;
  std::string sha256_;
};

}  // namespace jaga::backup
