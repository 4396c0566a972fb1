// Verifying many backup files at once: each is read to its end, decompressed when it is zstd or
// gzip (every frame and its checksum checked), hashed with SHA-256 and, when expected values are
// given, compared with them. Files are spread over several threads, so verification runs at the
// speed of all cores (decompression is the cost; SHA-256 runs over the smaller compressed bytes).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "backup/compressed_reader.h"

namespace jaga::backup {

struct FileExpectation {
  std::string path;
  std::string name;  // how messages name it ("siak/biodata_wni.tsv.zst")
  std::optional<uint64_t> size;
  std::optional<std::string> sha256;
};

struct FileVerdict {
  std::string name;
  std::string problem;  // empty when the file is intact
  StreamSummary summary;
  bool ok() const { return problem.empty(); }
};

// In the order given. `threads` 0: one per core.
std::vector<FileVerdict> verify_files(const std::vector<FileExpectation>& files, int threads = 0);

}  // namespace jaga::backup
