// Reading a possibly compressed file as a stream of its uncompressed bytes, while hashing the
// file's own bytes with SHA-256: zstd (".zst"), gzip (".gz") or plain. Every frame is read to
// its end and checked (zstd's content checksum, gzip's CRC32 and length), so a flipped byte or a
// truncated file is an Error naming the file rather than a silent short read.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"

struct ZSTD_DCtx_s;

namespace jaga::backup {

enum class Compression { kNone, kZstd, kGzip };

// From the file name's extension.
Compression compression_of(const std::string& path);

// Memory a reader reuses from file to file: the file block, the uncompressed block and the zstd
// decompression context (with its window). Allocating them afresh for every file costs a page
// fault per 4 KiB of them; a thread verifying many files keeps one. Used by one reader at a time.
class ReadBuffers {
 public:
  ReadBuffers();
  ~ReadBuffers();
  ReadBuffers(const ReadBuffers&) = delete;
  ReadBuffers& operator=(const ReadBuffers&) = delete;

  std::vector<char>& file_block() { return file_block_; }
  std::vector<char>& out_block() { return out_block_; }
  // Reset for a new file.
  ZSTD_DCtx_s* zstd();

 private:
  std::vector<char> file_block_;
  std::vector<char> out_block_;
  ZSTD_DCtx_s* zstd_ = nullptr;
};

class CompressedReader {
 public:
  // `reuse`: buffers to borrow while the reader is open (nullptr: the reader allocates its own).
  static Result<std::unique_ptr<CompressedReader>> open(const std::string& path,
                                                        ReadBuffers* reuse = nullptr);
  virtual ~CompressedReader() = default;

  // Up to `size` uncompressed bytes into `buffer`; 0 at the clean end of the file.
  virtual Result<size_t> read(char* buffer, size_t size) = 0;

  // After read() returned 0: SHA-256 of the file as stored.
  virtual std::string sha256() = 0;
  virtual uint64_t file_bytes() const = 0;
  virtual const std::string& path() const = 0;
};

struct StreamSummary {
  uint64_t file_bytes = 0;
  uint64_t raw_bytes = 0;
  std::string sha256;
  std::string head;  // the first up to 4 KiB of the uncompressed stream (for headers)
  std::string tail;  // the last up to 4 KiB of the uncompressed stream (for completion markers)
};

// Reads the whole file, checking every frame: the file's SHA-256, sizes and uncompressed tail.
Result<StreamSummary> read_through(const std::string& path, ReadBuffers* reuse = nullptr);

}  // namespace jaga::backup
