#include "privacy/personal_key.h"

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>

#include "privacy/file_modes.h"
#include "tests/unit/temp_dir.h"

namespace jaga::privacy {
namespace {

using Catch::Contains;
using testing::TempDir;

// RAII: the process umask set to `mask` for one test.
class Umask {
 public:
  explicit Umask(mode_t mask) : saved_(umask(mask)) {}
  ~Umask() { umask(saved_); }
  Umask(const Umask&) = delete;
  Umask& operator=(const Umask&) = delete;

 private:
  mode_t saved_;
};

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

mode_t mode_of(const std::string& path) {
  struct stat st {};
  REQUIRE(stat(path.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

std::string error_of(const Result<SealKey>& key) {
  REQUIRE_FALSE(key.ok());
  return key.error().message;
}

// What read_personal_key says to another user (uid 65534) than the key's owner: run in a child
// that drops root's privileges, or, without root, after taking away our own read permission.
std::string read_as_someone_else(const std::string& path) {
  if (geteuid() != 0) {
    REQUIRE(chmod(path.c_str(), 0000) == 0);
    auto key = read_personal_key(path);
    return key ? "read" : key.error().message;
  }
  REQUIRE(chmod(directory_of(path).c_str(), 0755) == 0);
  int fds[2];
  REQUIRE(pipe(fds) == 0);
  const pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    close(fds[0]);
    std::string said = "could not drop privileges";
    if (setgid(65534) == 0 && setuid(65534) == 0) {
      auto key = read_personal_key(path);
      said = key ? "read" : key.error().message;
    }
    (void)!write(fds[1], said.data(), said.size());
    _exit(0);
  }
  close(fds[1]);
  std::string said;
  char buffer[512];
  for (ssize_t n; (n = read(fds[0], buffer, sizeof buffer)) > 0;) said.append(buffer, n);
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  return said;
}

TEST_CASE("a new key file is created 0600 under umask 022 and reads back as the same key",
          "[personal_key]") {
  Umask umask(022);
  TempDir dir;
  const std::string path = dir.file("personal.key");
  auto created = read_or_create_personal_key(path);
  REQUIRE(created.ok());
  CHECK(mode_of(path) == 0600);
  auto again = read_personal_key(path);
  REQUIRE(again.ok());
  CHECK(again->bytes() == created->bytes());
  auto twice = read_or_create_personal_key(path);
  REQUIRE(twice.ok());
  CHECK(twice->bytes() == created->bytes());
}

TEST_CASE("a key file holds one line of 64 hex digits", "[personal_key]") {
  TempDir dir;
  const std::string path = dir.file("personal.key");
  REQUIRE(read_or_create_personal_key(path).ok());
  const std::string text = read_text(path);
  REQUIRE(text.size() == 65);
  CHECK(text.back() == '\n');
  CHECK(text.find_first_not_of("0123456789abcdef") == 64);
}

TEST_CASE("a missing key file is an error naming it", "[personal_key]") {
  TempDir dir;
  const std::string path = dir.file("personal.key");
  CHECK_THAT(error_of(read_personal_key(path)), Contains(path) && Contains("does not exist"));
}

TEST_CASE("a key file in a missing directory is not created, and the error names it",
          "[personal_key]") {
  TempDir dir;
  const std::string path = dir.file("no-such-dir/personal.key");
  CHECK_THAT(error_of(read_or_create_personal_key(path)), Contains(path));
}

TEST_CASE("malformed key files are refused naming the file, never quoting it", "[personal_key]") {
  TempDir dir;
  const std::string secretish = std::string(63, 'a') + "g";
  for (const std::string& text :
       {std::string(), std::string("\n"), std::string(63, 'a'), std::string(65, 'a'), secretish,
        std::string(64, 'a') + " \n", std::string(2000, 'a')}) {
    const std::string path = dir.write("personal.key", text, 0600);
    INFO(text.size() << " bytes");
    CHECK_THAT(error_of(read_personal_key(path)),
               Contains(path) && Contains("malformed") && !Contains(secretish));
  }
}

TEST_CASE("a directory in place of the key file is refused", "[personal_key]") {
  TempDir dir;
  const std::string path = dir.file("personal.key");
  REQUIRE(mkdir(path.c_str(), 0700) == 0);
  CHECK_THAT(error_of(read_or_create_personal_key(path)),
             Contains(path) && Contains("not a regular file"));
}

TEST_CASE("a key file readable by others is narrowed to 0600 by its owner", "[personal_key]") {
  TempDir dir;
  const std::string path = dir.file("personal.key");
  REQUIRE(read_or_create_personal_key(path).ok());
  REQUIRE(chmod(path.c_str(), 0644) == 0);
  REQUIRE(read_personal_key(path).ok());
  CHECK(mode_of(path) == 0600);
}

TEST_CASE("another user cannot read the key file, and is told whose it is", "[personal_key]") {
  TempDir dir;
  const std::string path = dir.file("personal.key");
  REQUIRE(read_or_create_personal_key(path).ok());
  CHECK_THAT(read_as_someone_else(path),
             Contains("cannot read the key file " + path) && Contains("Permission denied"));
}

TEST_CASE("the default key file lies next to the evidence store", "[personal_key]") {
  CHECK(default_key_path("/var/lib/jaga/evidence.db") == "/var/lib/jaga/personal.key");
  CHECK(default_key_path("evidence.db") == "./personal.key");
}

}  // namespace
}  // namespace jaga::privacy
