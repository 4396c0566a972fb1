#include "agenda/agenda_number.h"

#include <catch2/catch.hpp>

namespace jaga::agenda {
namespace {

using Catch::Contains;

TEST_CASE("agenda numbers from the configured format", "[agenda][number]") {
  auto f = NumberFormat::parse("{seq:04}/PIAK/{year}");
  REQUIRE(f.ok());
  CHECK(f->format(7, 2026, 11) == "0007/PIAK/2026");
  CHECK(f->format(12345, 2026, 1) == "12345/PIAK/2026");
  auto g = NumberFormat::parse("470/{seq}/{month_roman}/{{PIAK}}/{year}-{month:02}-{month}");
  REQUIRE(g.ok());
  CHECK(g->format(3, 2027, 9) == "470/3/IX/{PIAK}/2027-09-9");
}

TEST_CASE("broken agenda number formats are refused with the reason", "[agenda][number]") {
  auto error_of = [](const std::string& text) {
    auto f = NumberFormat::parse(text);
    REQUIRE_FALSE(f.ok());
    return f.error().message;
  };
  CHECK_THAT(error_of("{year}/PIAK"), Contains("it must contain {seq}"));
  CHECK_THAT(error_of("{seq}/{tahun}"),
             Contains("agenda number format \"{seq}/{tahun}\": unknown placeholder {tahun}"));
  CHECK_THAT(error_of("{seq:0}/x"), Contains("unknown placeholder {seq:0}"));
  CHECK_THAT(error_of("{seq"), Contains("the '{' at position 1 is never closed"));
  CHECK_THAT(error_of("{seq}}"), Contains("a lone '}' at position 6"));
}

}  // namespace
}  // namespace jaga::agenda
