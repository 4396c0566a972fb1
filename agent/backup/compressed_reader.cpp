#include "backup/compressed_reader.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <cerrno>
#include <cstring>
#include <optional>
#include <vector>

#include "core/sha256.h"

namespace jaga::backup {
namespace {

constexpr size_t kFileBlock = 1 << 20;
constexpr size_t kOutBlock = 1 << 20;

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// The raw file: read in blocks, hashed and counted as read.
class RawSource {
 public:
  RawSource(int fd, std::string path, ReadBuffers* reuse)
      : fd_(fd),
        path_(std::move(path)),
        own_(reuse == nullptr ? std::make_unique<ReadBuffers>() : nullptr),
        buffers_(reuse == nullptr ? *own_ : *reuse),
        block_(buffers_.file_block()) {}
  ~RawSource() { ::close(fd_); }
  RawSource(const RawSource&) = delete;
  RawSource& operator=(const RawSource&) = delete;

  // Refills the block when consumed; false at end of file.
  Result<bool> fill() {
    if (pos_ < len_) return true;
    for (;;) {
      const ssize_t n = ::read(fd_, block_.data(), block_.size());
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return Error{fmt::format("cannot read {}: {}", path_, std::strerror(errno))};
      pos_ = 0;
      len_ = static_cast<size_t>(n);
      hash_.update(block_.data(), len_);
      bytes_ += len_;
      return n > 0;
    }
  }
  const char* data() const { return block_.data() + pos_; }
  size_t available() const { return len_ - pos_; }
  void consume(size_t n) { pos_ += n; }

  const std::string& path() const { return path_; }
  uint64_t bytes() const { return bytes_; }
  std::string sha256() { return hash_.hex(); }
  ReadBuffers& buffers() { return buffers_; }

 private:
  int fd_;
  std::string path_;
  std::unique_ptr<ReadBuffers> own_;
  ReadBuffers& buffers_;
  std::vector<char>& block_;
  size_t pos_ = 0;
  size_t len_ = 0;
  uint64_t bytes_ = 0;
  Sha256 hash_;
};

class PlainReader final : public CompressedReader {
 public:
  explicit PlainReader(std::unique_ptr<RawSource> src) : src_(std::move(src)) {}
  Result<size_t> read(char* buffer, size_t size) override {
    auto more = src_->fill();
    if (!more) return more.error();
    if (!*more) return size_t{0};
    const size_t n = std::min(size, src_->available());
    std::memcpy(buffer, src_->data(), n);
    src_->consume(n);
    return n;
  }
  std::string sha256() override { return src_->sha256(); }
  uint64_t file_bytes() const override { return src_->bytes(); }
  const std::string& path() const override { return src_->path(); }

 private:
  std::unique_ptr<RawSource> src_;
};

class ZstdReader final : public CompressedReader {
 public:
  explicit ZstdReader(std::unique_ptr<RawSource> src)
      : src_(std::move(src)), ctx_(src_->buffers().zstd()) {}
  Result<size_t> read(char* buffer, size_t size) override {
    if (ctx_ == nullptr) return Error{fmt::format("zstd cannot start for {}", src_->path())};
    ZSTD_outBuffer out{buffer, size, 0};
    while (out.pos == 0) {
      auto more = src_->fill();
      if (!more) return more.error();
      if (!*more) {
        if (in_frame_) {
          return Error{fmt::format("{} is truncated: its zstd data ends in the middle of a frame",
                                   src_->path())};
        }
        if (src_->bytes() == 0)
          return Error{fmt::format("{} is empty, not zstd data", src_->path())};
        return size_t{0};
      }
      ZSTD_inBuffer in{src_->data(), src_->available(), 0};
      const size_t rc = ZSTD_decompressStream(ctx_, &out, &in);
      src_->consume(in.pos);
      if (ZSTD_isError(rc)) {
        return Error{fmt::format("{} is damaged: zstd says \"{}\" at compressed offset about {}",
                                 src_->path(), ZSTD_getErrorName(rc),
                                 src_->bytes() - src_->available())};
      }
      in_frame_ = rc != 0;
    }
    return out.pos;
  }
  std::string sha256() override { return src_->sha256(); }
  uint64_t file_bytes() const override { return src_->bytes(); }
  const std::string& path() const override { return src_->path(); }

 private:
  std::unique_ptr<RawSource> src_;
  ZSTD_DCtx* ctx_;  // owned by src_'s ReadBuffers
  bool in_frame_ = false;
};

class GzipReader final : public CompressedReader {
 public:
  explicit GzipReader(std::unique_ptr<RawSource> src) : src_(std::move(src)) {
    // 16 + MAX_WBITS: gzip wrapper only; a damaged header is then an error, not raw deflate.
    ok_ = inflateInit2(&z_, 16 + MAX_WBITS) == Z_OK;
  }
  ~GzipReader() override {
    if (ok_) inflateEnd(&z_);
  }
  GzipReader(const GzipReader&) = delete;
  GzipReader& operator=(const GzipReader&) = delete;

  Result<size_t> read(char* buffer, size_t size) override {
    if (!ok_) return Error{fmt::format("zlib cannot start for {}", src_->path())};
    z_.next_out = reinterpret_cast<Bytef*>(buffer);
    const uInt want = static_cast<uInt>(std::min<size_t>(size, 1u << 30));
    z_.avail_out = want;
    while (z_.avail_out == want) {
      auto more = src_->fill();
      if (!more) return more.error();
      if (!*more) {
        if (in_member_ || src_->bytes() == 0) {
          return Error{fmt::format("{} is truncated: its gzip data ends before the end of a member",
                                   src_->path())};
        }
        return size_t{0};
      }
      if (!in_member_) {
        inflateReset(&z_);
        in_member_ = true;
      }
      z_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(src_->data()));
      z_.avail_in = static_cast<uInt>(src_->available());
      const int rc = inflate(&z_, Z_NO_FLUSH);
      src_->consume(src_->available() - z_.avail_in);
      if (rc == Z_STREAM_END) {
        in_member_ = false;  // another gzip member may follow (concatenated .gz files)
      } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
        return Error{fmt::format("{} is damaged: zlib says \"{}\"", src_->path(),
                                 z_.msg != nullptr ? z_.msg : "data error")};
      }
    }
    return size_t{want - z_.avail_out};
  }
  std::string sha256() override { return src_->sha256(); }
  uint64_t file_bytes() const override { return src_->bytes(); }
  const std::string& path() const override { return src_->path(); }

 private:
  std::unique_ptr<RawSource> src_;
  z_stream z_{};
  bool ok_ = false;
  bool in_member_ = false;
};

}  // namespace

ReadBuffers::ReadBuffers() : file_block_(kFileBlock), out_block_(kOutBlock) {}

ReadBuffers::~ReadBuffers() { ZSTD_freeDCtx(zstd_); }

ZSTD_DCtx* ReadBuffers::zstd() {
  if (zstd_ == nullptr) {
    zstd_ = ZSTD_createDCtx();
  } else {
    ZSTD_DCtx_reset(zstd_, ZSTD_reset_session_only);
  }
  return zstd_;
}

Compression compression_of(const std::string& path) {
  if (ends_with(path, ".zst")) return Compression::kZstd;
  if (ends_with(path, ".gz")) return Compression::kGzip;
  return Compression::kNone;
}

Result<std::unique_ptr<CompressedReader>> CompressedReader::open(const std::string& path,
                                                                 ReadBuffers* reuse) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Error{fmt::format("cannot open {}: {}", path, std::strerror(errno))};
  auto src = std::make_unique<RawSource>(fd, path, reuse);
  switch (compression_of(path)) {
    case Compression::kZstd:
      return std::unique_ptr<CompressedReader>(new ZstdReader(std::move(src)));
    case Compression::kGzip:
      return std::unique_ptr<CompressedReader>(new GzipReader(std::move(src)));
    case Compression::kNone:
      break;
  }
  return std::unique_ptr<CompressedReader>(new PlainReader(std::move(src)));
}

Result<StreamSummary> read_through(const std::string& path, ReadBuffers* reuse) {
  std::optional<ReadBuffers> own;
  ReadBuffers& buffers = reuse != nullptr ? *reuse : own.emplace();
  auto reader = CompressedReader::open(path, &buffers);
  if (!reader) return reader.error();
  StreamSummary summary;
  std::vector<char>& buffer = buffers.out_block();
  constexpr size_t kTail = 4096;
  for (;;) {
    auto n = (*reader)->read(buffer.data(), buffer.size());
    if (!n) return n.error();
    if (*n == 0) break;
    summary.raw_bytes += *n;
    if (summary.head.size() < kTail) {
      summary.head.append(buffer.data(), std::min(*n, kTail - summary.head.size()));
    }
    if (*n >= kTail) {
      summary.tail.assign(buffer.data() + *n - kTail, kTail);
    } else {
      summary.tail.append(buffer.data(), *n);
      if (summary.tail.size() > kTail) summary.tail.erase(0, summary.tail.size() - kTail);
    }
  }
  summary.sha256 = (*reader)->sha256();
  summary.file_bytes = (*reader)->file_bytes();
  return summary;
}

}  // namespace jaga::backup
