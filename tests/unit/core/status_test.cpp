#include "core/status.h"

#include <catch2/catch.hpp>

namespace jaga {
namespace {

constexpr Status kAll[] = {Status::kOk, Status::kWarn, Status::kCrit, Status::kUnknown};

TEST_CASE("exit codes are the Nagios plugin codes 0 to 3", "[status]") {
  CHECK(exit_code(Status::kOk) == 0);
  CHECK(exit_code(Status::kWarn) == 1);
  CHECK(exit_code(Status::kCrit) == 2);
  CHECK(exit_code(Status::kUnknown) == 3);
}

TEST_CASE("worse orders OK below WARN below UNKNOWN below CRIT", "[status]") {
  CHECK(worse(Status::kOk, Status::kWarn) == Status::kWarn);
  CHECK(worse(Status::kWarn, Status::kUnknown) == Status::kUnknown);
  CHECK(worse(Status::kUnknown, Status::kCrit) == Status::kCrit);
}

TEST_CASE("worse does not depend on the order of its arguments", "[status]") {
  for (Status a : kAll) {
    for (Status b : kAll) {
      INFO(status_name(a) << " vs " << status_name(b));
      CHECK(worse(a, b) == worse(b, a));
    }
  }
}

TEST_CASE("worse of a status with itself is that status", "[status]") {
  for (Status s : kAll) CHECK(worse(s, s) == s);
}

TEST_CASE("a CRIT finding is never hidden behind an UNKNOWN one", "[status]") {
  CHECK(worse(Status::kCrit, Status::kUnknown) == Status::kCrit);
}

TEST_CASE("status names are the short names", "[status]") {
  CHECK(status_name(Status::kOk) == "OK");
  CHECK(status_name(Status::kWarn) == "WARN");
  CHECK(status_name(Status::kCrit) == "CRIT");
  CHECK(status_name(Status::kUnknown) == "UNKNOWN");
}

TEST_CASE("Nagios status names are spelled out as plugins print them", "[status]") {
  CHECK(status_nagios_name(Status::kOk) == "OK");
  CHECK(status_nagios_name(Status::kWarn) == "WARNING");
  CHECK(status_nagios_name(Status::kCrit) == "CRITICAL");
  CHECK(status_nagios_name(Status::kUnknown) == "UNKNOWN");
}

TEST_CASE("parse_status reads back every short name", "[status]") {
  for (Status s : kAll) CHECK(parse_status(status_name(s)) == s);
}

TEST_CASE("parse_status reads back every Nagios name", "[status]") {
  for (Status s : kAll) CHECK(parse_status(status_nagios_name(s)) == s);
}

TEST_CASE("parse_status refuses empty text", "[status]") {
  CHECK_FALSE(parse_status("").has_value());
}

TEST_CASE("parse_status refuses names it does not know", "[status]") {
  CHECK_FALSE(parse_status("FATAL").has_value());
  CHECK_FALSE(parse_status("OK ").has_value());
  CHECK_FALSE(parse_status("CRITICA").has_value());
}

}  // namespace
}  // namespace jaga
