// Modes and owners of the files that hold personal data (the evidence store and its -wal/-shm,
// the key that seals full row keys): created with an exact mode whatever the umask, handed to the
// service user when root creates them, and narrowed when found wider than they may be.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>

#include "core/result.h"

namespace jaga::privacy {

// Creates `path` empty with exactly `mode` (the umask does not apply) unless it exists. Returns
// whether it created the file. Run as root, a new file is given to the owner and group of its
// directory when that directory belongs to another user: the service user's state directory
// (StateDirectory=jaga) stays the service's even when an administrator runs jaga as root.
Result<bool> create_empty_file(const std::string& path, mode_t mode);

// For root only (a no-op otherwise): gives the open file `fd` to the owner and group of
// `directory` when that directory does not belong to root. Errors name `path`.
Result<void> give_to_directory_owner(int fd, const std::string& path, const std::string& directory);

// When `path` exists with permission bits outside `allowed` (e.g. 0644 where 0640 is allowed),
// narrows them to `mode & allowed`. Returns the mode it had when it narrowed it, nullopt when
// there was nothing to do (or no such file), and an Error naming the file when chmod failed
// (e.g. the file belongs to someone else).
Result<std::optional<mode_t>> narrow_mode(const std::string& path, mode_t allowed);

// The directory part of `path` ("." for a bare file name).
std::string directory_of(const std::string& path);

}  // namespace jaga::privacy
