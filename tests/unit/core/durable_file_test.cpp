#include "core/durable_file.h"

#include <sys/stat.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "tests/unit/temp_dir.h"

namespace jaga {
namespace {

std::string content(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

unsigned mode_of(const std::string& path) {
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

// Nothing but `names` in `dir`: no temporary file is left behind.
std::vector<std::string> entries(const std::string& dir) {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    out.push_back(e.path().filename().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("durable file: a new file gets its bytes and exactly its mode, whatever the umask",
          "[durable_file]") {
  testing::TempDir dir;
  const mode_t old = ::umask(0077);
  const auto written = write_new_file(dir.path() + "/a", "isi", 0644);
  ::umask(old);
  REQUIRE(written);
  CHECK(content(dir.path() + "/a") == "isi");
  CHECK(mode_of(dir.path() + "/a") == 0644);
  CHECK(entries(dir.path()) == std::vector<std::string>{"a"});
}

TEST_CASE("durable file: a new file never replaces an existing one", "[durable_file]") {
  testing::TempDir dir;
  REQUIRE(write_new_file(dir.path() + "/a", "pertama", 0600));
  const auto again = write_new_file(dir.path() + "/a", "kedua", 0600);
  REQUIRE_FALSE(again);
  CHECK_THAT(again.error().message, Catch::Contains(dir.path() + "/a exists already"));
  CHECK(content(dir.path() + "/a") == "pertama");
  CHECK(entries(dir.path()) == std::vector<std::string>{"a"});
}

TEST_CASE("durable file: replace_file swaps the whole file and its mode", "[durable_file]") {
  testing::TempDir dir;
  REQUIRE(replace_file(dir.path() + "/r", "lama", 0600));
  REQUIRE(replace_file(dir.path() + "/r", "baru", 0640));
  CHECK(content(dir.path() + "/r") == "baru");
  CHECK(mode_of(dir.path() + "/r") == 0640);
  CHECK(entries(dir.path()) == std::vector<std::string>{"r"});
}

TEST_CASE("durable file: a directory that does not exist is an error naming the file",
          "[durable_file]") {
  testing::TempDir dir;
  const auto written = replace_file(dir.path() + "/tidak/ada", "x", 0600);
  REQUIRE_FALSE(written);
  CHECK_THAT(written.error().message, Catch::Contains(dir.path() + "/tidak/ada"));
}

}  // namespace jaga
