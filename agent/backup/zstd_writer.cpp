#include "backup/zstd_writer.h"

#include <fmt/format.h>
#include <zstd.h>

namespace jaga::backup {

namespace {
// Input is handed to zstd in blocks of this size: large enough that the per-call overhead and
// the hand-over to worker threads vanish, small enough to keep memory per table low.
constexpr size_t kInputBlock = 4 << 20;
}  // namespace

void ZstdWriter::Free::operator()(ZSTD_CCtx_s* ctx) const { ZSTD_freeCCtx(ctx); }

ZstdWriter::ZstdWriter(OutputFile file, std::unique_ptr<ZSTD_CCtx_s, Free> ctx)
    : file_(std::move(file)), ctx_(std::move(ctx)), out_(ZSTD_CStreamOutSize()) {
  in_.reserve(kInputBlock);
}

ZstdWriter::~ZstdWriter() = default;

Result<std::unique_ptr<ZstdWriter>> ZstdWriter::create(OutputFile file, int level, int workers) {
  const std::string& path = file.path();
  std::unique_ptr<ZSTD_CCtx_s, Free> ctx(ZSTD_createCCtx());
  if (!ctx) return Error{fmt::format("out of memory creating a zstd compressor for {}", path)};
  ZSTD_CCtx_setParameter(ctx.get(), ZSTD_c_compressionLevel, level);
  ZSTD_CCtx_setParameter(ctx.get(), ZSTD_c_checksumFlag, 1);
  if (workers > 0) {
    const size_t rc = ZSTD_CCtx_setParameter(ctx.get(), ZSTD_c_nbWorkers, workers);
    if (ZSTD_isError(rc)) {
      return Error{
          fmt::format("zstd cannot use {} worker threads for {}: {} (libzstd built "
                      "without multithreading?)",
                      workers, path, ZSTD_getErrorName(rc))};
    }
  }
  return std::unique_ptr<ZstdWriter>(new ZstdWriter(std::move(file), std::move(ctx)));
}

Result<void> ZstdWriter::write(std::string_view data) {
  raw_bytes_ += data.size();
  while (!data.empty()) {
    const size_t take = std::min(data.size(), kInputBlock - in_.size());
    in_.append(data.substr(0, take));
    data.remove_prefix(take);
    if (in_.size() == kInputBlock) {
      if (auto c = compress(false); !c) return c;
    }
  }
  return Ok();
}

Result<void> ZstdWriter::compress(bool end) {
  ZSTD_inBuffer input{in_.data(), in_.size(), 0};
  const ZSTD_EndDirective mode = end ? ZSTD_e_end : ZSTD_e_continue;
  for (;;) {
    ZSTD_outBuffer output{out_.data(), out_.size(), 0};
    const size_t remaining = ZSTD_compressStream2(ctx_.get(), &output, &input, mode);
    if (ZSTD_isError(remaining)) {
      return Error{
          fmt::format("compressing {} failed: {}", file_.path(), ZSTD_getErrorName(remaining))};
    }
    if (output.pos > 0) {
      hash_.update(out_.data(), output.pos);
      size_ += output.pos;
      if (auto w = file_.write(out_.data(), output.pos); !w) return w;
    }
    if (end ? remaining == 0 : input.pos == input.size) break;
  }
  in_.clear();
  return Ok();
}

Result<void> ZstdWriter::finish() {
  if (auto c = compress(true); !c) return c;
  if (auto closed = file_.close(); !closed) return closed;
  sha256_ = hash_.hex();
  return Ok();
}

}  // namespace jaga::backup
