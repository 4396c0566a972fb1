// The one durable file writer: files that are either complete and on disk or reported as failed.
// An owned descriptor whose every write is checked (a full disk is an Error naming the file),
// whole files written beside their place and linked or renamed into it (a reader never sees half
// a file), fsync of files and directories, and removal of whole directory trees.
#pragma once

#include <string>
#include <string_view>
#include <utility>

#include "core/result.h"

namespace jaga {

class OutputFile {
 public:
  // Creates `path` (mode 0640), failing if it exists.
  static Result<OutputFile> create(const std::string& path);
  // Takes ownership of the open descriptor `fd` of `path`.
  OutputFile(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
  OutputFile(OutputFile&& other) noexcept;
  OutputFile& operator=(OutputFile&& other) = delete;
  ~OutputFile();

  Result<void> write(const void* data, size_t size);
  Result<void> write(std::string_view text) { return write(text.data(), text.size()); }
  // fsync and close; the file is durable when this returns Ok.
  Result<void> close();
  const std::string& path() const { return path_; }

 private:
  int fd_ = -1;
  std::string path_;
};

// Writes `content` to `path` durably (create, write, fsync, close).
Result<void> write_file_durably(const std::string& path, std::string_view content);
// Creates `path` with `mode` and `data`; refuses (Error) when it exists. Written to a temporary
// file beside it first and linked into place, then the directory is flushed.
Result<void> write_new_file(const std::string& path, std::string_view data, unsigned mode);
// Like write_new_file but replaces an existing file (rename).
Result<void> replace_file(const std::string& path, std::string_view data, unsigned mode);
// fsync of a directory, so that names created or renamed in it survive a crash.
Result<void> sync_directory(const std::string& path);
// Removes `path` and everything below it; a missing path is not an error.
Result<void> remove_tree(const std::string& path);

}  // namespace jaga
