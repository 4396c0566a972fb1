// Files that are either complete and on disk or reported as failed: an owned descriptor whose
// every write is checked (a full disk is an Error naming the file), fsync of files and
// directories, and removal of whole directory trees.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace jaga::backup {

class OutputFile {
 public:
  // Creates `path` (mode 0640), failing if it exists.
  static Result<OutputFile> create(const std::string& path);
  OutputFile(OutputFile&& other) noexcept;
  OutputFile& operator=(OutputFile&& other) = delete;
  ~OutputFile();

  Result<void> write(const void* data, size_t size);
  Result<void> write(std::string_view text) { return write(text.data(), text.size()); }
  // fsync and close; the file is durable when this returns Ok.
  Result<void> close();
  const std::string& path() const { return path_; }

 private:
  OutputFile(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
  int fd_ = -1;
  std::string path_;
};

// Writes `content` to `path` durably (create, write, fsync, close).
Result<void> write_file_durably(const std::string& path, std::string_view content);
// fsync of a directory, so that names created or renamed in it survive a crash.
Result<void> sync_directory(const std::string& path);
// Removes `path` and everything below it; a missing path is not an error.
Result<void> remove_tree(const std::string& path);

}  // namespace jaga::backup
