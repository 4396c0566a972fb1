// The fast reader of stored metrics: the store's own shape, other valid JSON through the full
// parser, and broken text read as no metrics.
#include "report/metric_scan.h"

#include <catch2/catch.hpp>

namespace jaga::report {
namespace {

TEST_CASE("metrics as the store writes them", "[report][metrics]") {
  MetricList list;
  list.scan(R"([{"crit":300.0,"name":"replication_lag","unit":"s","value":12.5,"warn":60.0},)"
            R"({"name":"gtid_gap","unit":"","value":0}])");
  REQUIRE(list.values().size() == 2);
  const MetricValue* lag = list.find("replication_lag");
  REQUIRE(lag != nullptr);
  CHECK(lag->value == 12.5);
  CHECK(lag->warn == 60.0);
  CHECK(lag->crit == 300.0);
  CHECK_FALSE(list.find("gtid_gap")->warn.has_value());
  CHECK(list.find("heartbeat_lag") == nullptr);
}

TEST_CASE("other spellings of the same JSON, and broken text", "[report][metrics]") {
  MetricList list;
  list.scan(R"([ { "value" : 1e3 , "name" : "bytes", "warn": null } ])");
  REQUIRE(list.values().size() == 1);
  CHECK(list.find("bytes")->value == 1000);
  // An escaped name needs the full parser.
  list.scan(R"([{"name":"a\u005fb","value":2}])");
  REQUIRE(list.values().size() == 1);
  CHECK(list.values()[0].name == "a_b");
  // No value, a string value, no name: skipped.
  list.scan(R"([{"name":"x"},{"name":"y","value":"3"},{"value":4},{"name":"z","value":5}])");
  REQUIRE(list.values().size() == 1);
  CHECK(list.values()[0].name == "z");
  for (const char* broken : {"", "{}", "[", "[{", "[{\"name\":\"a\",\"value\":1}", "null", "[1,2]",
                             "[{\"name\":\"a\",\"value\":1}] trailing"}) {
    list.scan(broken);
    CHECK(list.values().empty());
  }
}

}  // namespace
}  // namespace jaga::report
