#include <catch2/catch.hpp>

#include "report/labels.h"
#include "report/period.h"

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

// Issue 16: a small backup printed as "0,01 GiB".
TEST_CASE("sizes are written in the unit that reads best", "[report][labels]") {
  CHECK(size_text(512, "id") == "512 B");
  CHECK(size_text(820 * 1024.0, "id") == "820 KiB");
  CHECK(size_text(37.5 * 1024 * 1024, "id") == "37,5 MiB");
  CHECK(size_text(250.0 * 1024 * 1024, "id") == "250 MiB");
  CHECK(size_text(1.25 * 1024 * 1024 * 1024, "id") == "1,25 GiB");
  CHECK(size_text(1.25 * 1024 * 1024 * 1024, "en") == "1.25 GiB");
}

}  // namespace jaga::report

namespace jaga::report {

TEST_CASE("a week is named 'Minggu ke-N Tahun Y'", "[report][labels]") {
  using namespace std::chrono;
  const Period week = period_containing(PeriodKind::kWeekly, Date{year(2026), month(12), day(2)},
                                        UtcOffset(hours(7)));
  CHECK(period_text(week, "id") == "Minggu ke-49 Tahun 2026");
  CHECK(period_text(week, "en") == "Week 49 2026");
}

}  // namespace jaga::report
