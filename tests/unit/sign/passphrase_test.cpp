#include "sign/passphrase.h"

#include <stdlib.h>

#include <catch2/catch.hpp>

#include "tests/unit/temp_dir.h"

namespace jaga::sign {

TEST_CASE("a passphrase file must be readable by its owner only", "[sign][passphrase]") {
  jaga::testing::TempDir dir;
  const std::string open_file = dir.write("open.pass", "secret\n", 0644);
  auto refused = read_passphrase({open_file, "", "", false});
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().message == "passphrase file " + open_file +
                                       " may be read by group or others (mode 0644); make it "
                                       "readable by its owner only: chmod 600 " +
                                       open_file);
  CHECK(refused.error().message.find("secret") == std::string::npos);

  const std::string good = dir.write("good.pass", "correct horse\r\nsecond line\n", 0600);
  auto read = read_passphrase({good, "", "", false});
  REQUIRE(read.ok());
  CHECK(*read == "correct horse");

  const std::string empty = dir.write("empty.pass", "\n", 0600);
  CHECK(read_passphrase({empty, "", "", false}).error().message ==
        "passphrase file " + empty + " is empty");
  CHECK_THAT(read_passphrase({dir.file("missing"), "", "", false}).error().message,
             Catch::StartsWith("cannot read passphrase file " + dir.file("missing")));
}

TEST_CASE("a passphrase comes from the environment when no file is given", "[sign][passphrase]") {
  setenv("JAGA_TEST_PASSPHRASE", "from env", 1);
  auto read = read_passphrase({"", "JAGA_TEST_PASSPHRASE", "", false});
  unsetenv("JAGA_TEST_PASSPHRASE");
  REQUIRE(read.ok());
  CHECK(*read == "from env");
  auto none = read_passphrase({"", "JAGA_TEST_PASSPHRASE", "", false});
  REQUIRE_FALSE(none.ok());
  CHECK(none.error().message ==
        "no passphrase given (use --passphrase-file or JAGA_TEST_PASSPHRASE)");
}

}  // namespace jaga::sign
