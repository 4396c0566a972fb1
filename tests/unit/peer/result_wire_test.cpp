// The JSON page format between agents: round trip, and every broken page refused with a
// sentence naming the peer, the result and the field.
#include "peer/result_wire.h"

#include <catch2/catch.hpp>
#include <functional>

namespace jaga::peer {
namespace {

using Catch::Contains;

store::StoredResult sample(int64_t id) {
  store::StoredResult r;
  r.id = id;
  r.run_id = 2;
  r.check = "replication";
  r.host = "backup-1";
  r.started_at = "2026-11-27T01:00:00.000Z";
  r.finished_at = "2026-11-27T01:00:01.250Z";
  r.status = Status::kCrit;
  r.summary = "SQL thread stopped";
  r.findings = nlohmann::json::array({{{"status", "CRIT"}, {"message", "SQL thread stopped"}}});
  r.metrics = nlohmann::json::array({{{"name", "replication_lag"}, {"value", 4}, {"unit", "s"}}});
  r.evidence = {{"io_running", true}};
  r.personal = {{"nik", "3322010101010001"}};
  return r;
}

std::string broken(const std::function<void(nlohmann::json&)>& edit) {
  ResultPage page;
  page.host = "backup-1";
  page.results = {sample(5)};
  nlohmann::json doc = nlohmann::json::parse(page_to_json(page));
  edit(doc);
  auto parsed = page_from_json(doc.dump(), "backup", 0);
  REQUIRE_FALSE(parsed.ok());
  return parsed.error().message;
}

TEST_CASE("a page survives the round trip without the personal column", "[peer]") {
  ResultPage page;
  page.host = "backup-1";
  page.more = true;
  page.results = {sample(5), sample(9)};
  const std::string text = page_to_json(page);
  CHECK(text.find("3322010101010001") == std::string::npos);
  auto back = page_from_json(text, "backup", 4);
  if (!back) FAIL(back.error().message);
  CHECK(back->host == "backup-1");
  CHECK(back->more);
  REQUIRE(back->results.size() == 2);
  CHECK(back->results[1].id == 9);
  CHECK(back->results[0].status == Status::kCrit);
  CHECK(back->results[0].metrics == page.results[0].metrics);
  CHECK(back->results[0].finished_at == "2026-11-27T01:00:01.250Z");
  CHECK(back->results[0].personal.empty());
}

TEST_CASE("a finding's kind and parameters cross the link, and hostile ones are made harmless",
          "[peer][findings]") {
  ResultPage page;
  page.host = "backup-1";
  page.results = {sample(5)};
  page.results[0].findings = nlohmann::json::array(
      {finding_json({Status::kCrit, FindingKind::kReplicationLag, {{"seconds", 90}}, "lag"}),
       // A newer peer's kind and parameters this jaga cannot use: kept as a plain finding.
       {{"status", "WARN"}, {"message", "m"}, {"kind", "replication.future"}, {"params", {}}},
       {{"status", "WARN"},
        {"message", "m"},
        {"kind", "replication.lag"},
        {"params", {{"seconds", {1, 2}}}}}});
  auto back = page_from_json(page_to_json(page), "backup", 4);
  if (!back) FAIL(back.error().message);
  const CheckResult r = store::to_check_result(back->results[0]);
  REQUIRE(r.findings.size() == 3);
  CHECK(r.findings[0].kind == FindingKind::kReplicationLag);
  CHECK(r.findings[0].params == nlohmann::json{{"seconds", 90}});
  CHECK(r.findings[1].kind == FindingKind::kUnclassified);
  CHECK(r.findings[2].kind == FindingKind::kReplicationLag);
  CHECK(r.findings[2].params == nlohmann::json::object());
}

TEST_CASE("broken pages are refused with the peer, result and field", "[peer]") {
  CHECK_THAT(page_from_json("<html>", "backup", 0).error().message,
             Contains("results from peer backup: not a JSON object"));
  CHECK_THAT(broken([](auto& d) { d["format_version"] = 2; }),
             Contains("format_version 2 is not the 1 this jaga reads"));
  CHECK_THAT(broken([](auto& d) { d.erase("more"); }), Contains("missing field 'more'"));
  CHECK_THAT(broken([](auto& d) { d["results"] = "x"; }),
             Contains("field 'results' must be array, got string"));
  CHECK_THAT(broken([](auto& d) { d["results"][0].erase("check"); }),
             Contains("results from peer backup, result 0: missing field 'check'"));
  CHECK_THAT(broken([](auto& d) { d["results"][0]["id"] = "5"; }),
             Contains("result 0: field 'id' must be number, got string"));
  CHECK_THAT(broken([](auto& d) { d["results"][0]["status"] = "BAD"; }),
             Contains("field 'status' must be OK, WARN, CRIT or UNKNOWN, got \"BAD\""));
  CHECK_THAT(broken([](auto& d) { d["results"][0]["started_at"] = "yesterday"; }),
             Contains("field 'started_at' must be a UTC time"));
  CHECK_THAT(broken([](auto& d) { d["results"][0]["evidence"] = nlohmann::json::array(); }),
             Contains("field 'evidence' must be object, got array"));
  CHECK_THAT(broken([](auto& d) { d["results"].push_back(d["results"][0]); }),
             Contains("result 1: id 5 does not follow 5"));
  CHECK_THAT(broken([](auto& d) { d["results"][0]["findings"][0].erase("message"); }),
             Contains("result 0: finding 0 must be an object with a status and a message"));
  CHECK_THAT(broken([](auto& d) { d["results"][0]["findings"].push_back(7); }),
             Contains("result 0: finding 1 must be an object with a status and a message"));
  CHECK_THAT(
      page_from_json(R"({"format_version":1,"host":"b","more":false,"results":[]})", "backup", 0)
              .ok()
          ? std::string("ok")
          : std::string("failed"),
      Contains("ok"));
}

TEST_CASE("a page whose ids do not follow the cursor is refused", "[peer]") {
  ResultPage page;
  page.host = "backup-1";
  page.results = {sample(5)};
  auto parsed = page_from_json(page_to_json(page), "backup", 5);
  REQUIRE_FALSE(parsed.ok());
  CHECK_THAT(parsed.error().message, Contains("id 5 does not follow 5"));
}

TEST_CASE("a roll-up crosses the link with its repeats and last start", "[peer][rollup]") {
  ResultPage page;
  page.host = "backup-1";
  page.results = {sample(5)};
  page.results[0].repeats = 10;
  page.results[0].last_started_at = "2026-11-27T01:09:00.500Z";
  auto back = page_from_json(page_to_json(page), "backup", 0);
  if (!back) FAIL(back.error().message);
  CHECK(back->results[0].repeats == 10);
  CHECK(back->results[0].last_started_at == "2026-11-27T01:09:00.500Z");
  // A single result carries neither field.
  CHECK(page_to_json(ResultPage{"b", {sample(6)}, false}).find("repeats") == std::string::npos);
}

TEST_CASE("hostile roll-up fields are refused", "[peer][rollup]") {
  const auto rolled = [](nlohmann::json& d) {
    d["results"][0]["repeats"] = 3;
    d["results"][0]["last_started_at"] = "2026-11-27T01:02:00.000Z";
  };
  const auto with = [&](const std::function<void(nlohmann::json&)>& edit) {
    return broken([&](nlohmann::json& d) {
      rolled(d);
      edit(d);
    });
  };
  CHECK_THAT(with([](auto& d) { d["results"][0].erase("last_started_at"); }),
             Contains("result 0: missing field 'last_started_at'"));
  CHECK_THAT(with([](auto& d) { d["results"][0].erase("repeats"); }),
             Contains("result 0: missing field 'repeats'"));
  CHECK_THAT(with([](auto& d) { d["results"][0]["repeats"] = "3"; }),
             Contains("field 'repeats' must be number, got string"));
  CHECK_THAT(with([](auto& d) { d["results"][0]["repeats"] = 1; }),
             Contains("field 'repeats' must be from 2 to 600000, got 1"));
  CHECK_THAT(with([](auto& d) { d["results"][0]["repeats"] = -4; }),
             Contains("field 'repeats' must be from 2 to 600000, got -4"));
  CHECK_THAT(with([](auto& d) { d["results"][0]["repeats"] = 9223372036854775807LL; }),
             Contains("field 'repeats' must be from 2 to 600000"));
  CHECK_THAT(with([](auto& d) { d["results"][0]["last_started_at"] = "later"; }),
             Contains("field 'last_started_at' must be a UTC time"));
  CHECK_THAT(with([](auto& d) { d["results"][0]["last_started_at"] = "2026-11-27T00:59:00.000Z"; }),
             Contains("field 'last_started_at' must lie within 10 minutes after started_at"));
  CHECK_THAT(with([](auto& d) { d["results"][0]["last_started_at"] = "2026-11-27T01:10:00.001Z"; }),
             Contains("field 'last_started_at' must lie within 10 minutes after started_at"));
}

}  // namespace
}  // namespace jaga::peer
