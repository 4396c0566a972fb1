#include <catch2/catch.hpp>

#include "report/labels.h"

namespace jaga::report {

// Issue 16: "1 hr" and "25 hr 12 j" read as hours to an Indonesian reader.
TEST_CASE("durations are written in Indonesian words", "[report][labels]") {
  CHECK(duration_text(45, "id") == "45 detik");
  CHECK(duration_text(12 * 60, "id") == "12 menit");
  CHECK(duration_text(9 * 3600 + 12 * 60, "id") == "9 jam 12 menit");
  CHECK(duration_text(86400, "id") == "1 hari");
  CHECK(duration_text(33 * 3600, "id") == "1 hari 9 jam");
  CHECK(duration_text(33 * 3600, "en") == "1 d 9 h");
}

}  // namespace jaga::report
