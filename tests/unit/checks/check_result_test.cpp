#include <catch2/catch.hpp>
#include <string>

#include "checks/check.h"

namespace jaga::checks {
namespace {

// ---- add ---------------------------------------------------------------------------------------

TEST_CASE("a result without findings is OK", "[check_result]") {
  CheckResult r;
  CHECK(r.status == Status::kOk);
  CHECK(r.findings.empty());
}

TEST_CASE("add records the finding with its status and message", "[check_result]") {
  CheckResult r;
  r.add(Status::kWarn, jaga::FindingKind::kUnclassified, {}, "replication lag 75 s");
  REQUIRE(r.findings.size() == 1);
  CHECK(r.findings[0].status == Status::kWarn);
  CHECK(r.findings[0].message == "replication lag 75 s");
}

TEST_CASE("add keeps findings in the order they were found", "[check_result]") {
  CheckResult r;
  r.add(Status::kOk, jaga::FindingKind::kUnclassified, {}, "first");
  r.add(Status::kCrit, jaga::FindingKind::kUnclassified, {}, "second");
  r.add(Status::kWarn, jaga::FindingKind::kUnclassified, {}, "third");
  REQUIRE(r.findings.size() == 3);
  CHECK(r.findings[0].message == "first");
  CHECK(r.findings[1].message == "second");
  CHECK(r.findings[2].message == "third");
}

TEST_CASE("add raises the result's status to a worse finding", "[check_result]") {
  CheckResult r;
  r.add(Status::kWarn, jaga::FindingKind::kUnclassified, {}, "lag");
  CHECK(r.status == Status::kWarn);
  r.add(Status::kCrit, jaga::FindingKind::kUnclassified, {}, "thread stopped");
  CHECK(r.status == Status::kCrit);
}

TEST_CASE("add never lowers the result's status", "[check_result]") {
  CheckResult r;
  r.add(Status::kCrit, jaga::FindingKind::kUnclassified, {}, "thread stopped");
  r.add(Status::kOk, jaga::FindingKind::kUnclassified, {}, "server reachable");
  r.add(Status::kWarn, jaga::FindingKind::kUnclassified, {}, "lag");
  CHECK(r.status == Status::kCrit);
}

TEST_CASE("a CRIT finding outranks an UNKNOWN one", "[check_result]") {
  CheckResult r;
  r.add(Status::kCrit, jaga::FindingKind::kUnclassified, {}, "thread stopped");
  r.add(Status::kUnknown, jaga::FindingKind::kUnclassified, {}, "cannot read SHOW SLAVE STATUS");
  CHECK(r.status == Status::kCrit);
}

// ---- summarize ---------------------------------------------------------------------------------

TEST_CASE("summarize of an OK result uses the OK summary", "[check_result]") {
  CheckResult r;
  r.add(Status::kOk, jaga::FindingKind::kUnclassified, {}, "primary reachable");
  r.summarize("both servers healthy");
  CHECK(r.summary == "both servers healthy");
}

TEST_CASE("summarize of a failing result uses the worst finding's message", "[check_result]") {
  CheckResult r;
  r.add(Status::kWarn, jaga::FindingKind::kUnclassified, {}, "replication lag 75 s");
  r.summarize("replication healthy");
  CHECK(r.summary == "replication lag 75 s");
}

TEST_CASE("summarize joins every finding of the worst status with semicolons", "[check_result]") {
  CheckResult r;
  r.add(Status::kCrit, jaga::FindingKind::kUnclassified, {}, "IO thread stopped");
  r.add(Status::kCrit, jaga::FindingKind::kUnclassified, {}, "SQL thread stopped");
  r.summarize("");
  CHECK(r.summary == "IO thread stopped; SQL thread stopped");
}

TEST_CASE("summarize leaves out findings better than the worst", "[check_result]") {
  CheckResult r;
  r.add(Status::kOk, jaga::FindingKind::kUnclassified, {}, "primary reachable");
  r.add(Status::kWarn, jaga::FindingKind::kUnclassified, {}, "replication lag 75 s");
  r.add(Status::kCrit, jaga::FindingKind::kUnclassified, {}, "SQL thread stopped");
  r.summarize("");
  CHECK(r.summary == "SQL thread stopped");
}

TEST_CASE("summarize replaces an earlier summary", "[check_result]") {
  CheckResult r;
  r.add(Status::kWarn, jaga::FindingKind::kUnclassified, {}, "lag");
  r.summarize("");
  r.add(Status::kCrit, jaga::FindingKind::kUnclassified, {}, "thread stopped");
  r.summarize("");
  CHECK(r.summary == "thread stopped");
}

}  // namespace
}  // namespace jaga::checks
