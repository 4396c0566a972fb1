// A fresh directory under /tmp for one test, removed with everything in it at scope exit.
#pragma once

#include <stdlib.h>
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>

namespace jaga::testing {

class TempDir {
 public:
  TempDir() {
    char name[] = "/tmp/jaga-unit-test-XXXXXX";
    REQUIRE(mkdtemp(name) != nullptr);
    path_ = name;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  // The path of `name` inside this directory; the file need not exist.
  std::string file(const std::string& name) const { return path_ + "/" + name; }

  // Writes `text` to `name` in this directory with permissions `mode`; returns the file's path.
  std::string write(const std::string& name, const std::string& text, mode_t mode = 0600) const {
    const std::string path = file(name);
    {
      std::ofstream out(path, std::ios::binary | std::ios::trunc);
      out << text;
      REQUIRE(out.good());
    }
    REQUIRE(chmod(path.c_str(), mode) == 0);
    return path;
  }

 private:
  std::string path_;
};

}  // namespace jaga::testing
