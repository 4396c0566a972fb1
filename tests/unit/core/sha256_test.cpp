#include "core/sha256.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <string>

#include "tests/unit/temp_dir.h"

namespace jaga {

// FIPS 180-2 test vectors.
TEST_CASE("sha256: the standard test vectors, in one piece and in parts", "[sha256]") {
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  Sha256 parts;
  parts.update("ab");
  parts.update("");
  parts.update("c");
  CHECK(parts.hex() == sha256_hex("abc"));
}

TEST_CASE("sha256: a file hashes as its bytes, and a missing file is an error naming it",
          "[sha256]") {
  testing::TempDir dir;
  const std::string path = dir.path() + "/data";
  std::ofstream(path, std::ios::binary) << std::string(3 << 20, 'x');
  CHECK(sha256_file(path).value() == sha256_hex(std::string(3 << 20, 'x')));
  const auto missing = sha256_file(dir.path() + "/none");
  REQUIRE_FALSE(missing);
  CHECK_THAT(missing.error().message, Catch::Contains(dir.path() + "/none"));
}

}  // namespace jaga
