#include "privacy/personal_key.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <openssl/crypto.h>
#include <pwd.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <optional>
#include <string_view>

#include "privacy/file_modes.h"

namespace jaga::privacy {
namespace {

// Longer than any key file jaga writes (65 bytes); a larger file is refused unread.
constexpr size_t kMaxKeyFileBytes = 1024;

std::string user_name(uid_t uid) {
  if (const passwd* pw = getpwuid(uid)) return fmt::format("user {}", pw->pw_name);
  return fmt::format("uid {}", uid);
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The key in `text` (64 hex digits, then optionally a line end), or nullopt.
std::optional<SealKey> parse_key(std::string_view text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
  if (text.size() != 2 * SealKey::kSize) return std::nullopt;
  SealKey::Bytes bytes{};
  for (size_t i = 0; i < SealKey::kSize; ++i) {
    const int hi = hex_digit(text[2 * i]), lo = hex_digit(text[2 * i + 1]);
    if (hi < 0 || lo < 0) {
      OPENSSL_cleanse(bytes.data(), bytes.size());
      return std::nullopt;
    }
    bytes[i] = static_cast<unsigned char>(hi * 16 + lo);
  }
  SealKey key(bytes);
  OPENSSL_cleanse(bytes.data(), bytes.size());
  return key;
}

// A key file readable by others than its owner is narrowed when it is ours.
void narrow_if_wider(int fd, const std::string& path, const struct stat& st) {
  const mode_t mode = st.st_mode & 07777;
  if ((mode & 077) == 0) return;
  if (st.st_uid == geteuid() && fchmod(fd, mode & 0700) == 0) {
    spdlog::warn("key file {} had mode {:04o}, readable by others; narrowed to {:04o}", path, mode,
                 mode & 0700);
  } else {
    spdlog::warn(
        "key file {} has mode {:04o}: others than {} may read it and reveal full keys; "
        "it should be mode 0600",
        path, mode, user_name(st.st_uid));
  }
}

// The key at `path`; `missing` is set when there is no file there at all.
Result<SealKey> read_key(const std::string& path, bool& missing) {
  missing = false;
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    const int error = errno;
    if (error == ENOENT) {
      missing = true;
      return Error{fmt::format("the key file {} does not exist", path)};
    }
    struct stat st {};
    if (error == EACCES && stat(path.c_str(), &st) == 0) {
      return Error{fmt::format("cannot read the key file {}: {} (mode {:04o}: only {} may read it)",
                               path, std::strerror(error), st.st_mode & 07777,
                               user_name(st.st_uid))};
    }
    return Error{fmt::format("cannot read the key file {}: {}", path, std::strerror(error))};
  }
  struct stat st {};
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    close(fd);
    return Error{fmt::format("the key file {} is not a regular file", path)};
  }
  std::string text(kMaxKeyFileBytes + 1, '\0');
  size_t got = 0;
  while (got < text.size()) {
    const ssize_t n = read(fd, text.data() + got, text.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int error = errno;
      close(fd);
      return Error{fmt::format("cannot read the key file {}: {}", path, std::strerror(error))};
    }
    if (n == 0) break;
    got += static_cast<size_t>(n);
  }
  narrow_if_wider(fd, path, st);
  close(fd);
  auto key = parse_key(std::string_view(text).substr(0, got));
  OPENSSL_cleanse(text.data(), text.size());
  if (!key) {
    return Error{fmt::format(
        "the key file {} is malformed: it must hold one line of 64 hex digits (a 256-bit key)",
        path)};
  }
  return *key;
}

Result<void> write_all(int fd, std::string_view data) {
  size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Error{std::strerror(errno)};
    done += static_cast<size_t>(n);
  }
  return Ok();
}

// Writes `key` to a temporary file next to `path` (mkstemp: mode 0600 whatever the umask),
// syncs it and links it into place; EEXIST means another process was first.
Result<bool> link_new_key(const std::string& path, const SealKey& key) {
  std::string text;
  for (unsigned char b : key.bytes()) text += fmt::format("{:02x}", b);
  text += '\n';
  std::string temp = path + ".new-XXXXXX";
  const int fd = mkstemp(temp.data());
  if (fd < 0) {
    OPENSSL_cleanse(text.data(), text.size());
    return Error{fmt::format("cannot create the key file {}: {}", path, std::strerror(errno))};
  }
  Result<void> done = write_all(fd, text);
  OPENSSL_cleanse(text.data(), text.size());
  if (done && fsync(fd) != 0) done = Error{std::strerror(errno)};
  if (done) done = give_to_directory_owner(fd, path, directory_of(path));
  if (close(fd) != 0 && done) done = Error{std::strerror(errno)};
  if (!done) {
    unlink(temp.c_str());
    return Error{fmt::format("cannot write the key file {}: {}", path, done.error().message)};
  }
  const int linked = link(temp.c_str(), path.c_str());
  const int error = errno;
  unlink(temp.c_str());
  if (linked != 0 && error == EEXIST) return false;
  if (linked != 0) {
    return Error{fmt::format("cannot create the key file {}: {}", path, std::strerror(error))};
  }
  // The new name must survive a power loss before anything is sealed with the key.
  const int dir = open(directory_of(path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    fsync(dir);
    close(dir);
  }
  return true;
}

}  // namespace

std::string default_key_path(const std::string& evidence_db) {
  return (std::filesystem::path(directory_of(evidence_db)) / "personal.key").string();
}

Result<SealKey> read_personal_key(const std::string& path) {
  bool missing = false;
  return read_key(path, missing);
}

Result<SealKey> read_or_create_personal_key(const std::string& path) {
  bool missing = false;
  auto existing = read_key(path, missing);
  if (existing || !missing) return existing;
  auto key = SealKey::generate();
  if (!key) return key.error();
  auto created = link_new_key(path, *key);
  if (!created) return created.error();
  if (!*created) return read_personal_key(path);  // another process created it first
  spdlog::info(
      "created the key file {} (mode 0600) that seals full row keys in the evidence "
      "store; without it they cannot be revealed",
      path);
  return *key;
}

}  // namespace jaga::privacy
