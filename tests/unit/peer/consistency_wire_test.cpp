// The consistency session's JSON: requests and answers survive the round trip byte for byte
// (binary keys included), and hostile input is refused with a sentence naming the field, never a
// key's bytes.
#include "peer/consistency_wire.h"

#include <catch2/catch.hpp>
#include <functional>
#include <nlohmann/json.hpp>

namespace jaga::peer {
namespace {

using Catch::Contains;
using consistency::KeyKind;
using consistency::KeyValue;

const std::vector<std::string> kSchemas = {"siak"};

consistency::TableSchema penduduk() {
  consistency::TableSchema t;
  t.schema = "siak";
  t.name = "penduduk";
  t.columns = {{"nik", "char", false, "latin1", "latin1_swedish_ci"}, {"nama", "varchar"}};
  t.key = {0};
  t.key_kind = KeyKind::kPrimary;
  t.key_name = "PRIMARY";
  return t;
}

SessionRequest digest_request() {
  SessionRequest r;
  r.op = "digest";
  r.session = std::string(32, 'a');
  r.table = penduduk();
  r.chunks = {{std::nullopt, KeyValue{"3322010101010001"}, 10, "1:2"},
              {KeyValue{"3322010101010001"}, std::nullopt, 3, "18446744073709551615:0"}};
  r.keep_bytes = 1000;
  return r;
}

// The error of a request for `op` whose JSON `edit` broke.
std::string refused(const SessionRequest& r, const std::function<void(nlohmann::json&)>& edit) {
  nlohmann::json doc = nlohmann::json::parse(request_to_json(r));
  edit(doc);
  auto parsed = request_from_json(r.op, doc.dump(), kSchemas);
  REQUIRE_FALSE(parsed.ok());
  return parsed.error().message;
}

TEST_CASE("a digest request survives the round trip", "[unit][peer][consistency_session]") {
  auto back = request_from_json("digest", request_to_json(digest_request()), kSchemas);
  if (!back) FAIL(back.error().message);
  CHECK(back->session == std::string(32, 'a'));
  CHECK(back->table.full_name() == "siak.penduduk");
  CHECK(back->table.columns[0].collation == "latin1_swedish_ci");
  REQUIRE(back->chunks.size() == 2);
  CHECK_FALSE(back->chunks[0].lo.has_value());
  CHECK(*back->chunks[0].hi == KeyValue{"3322010101010001"});
  CHECK(back->chunks[1].primary_value == "18446744073709551615:0");
  CHECK(back->keep_bytes == 1000);
}

TEST_CASE("a binary key crosses byte for byte", "[unit][peer][consistency_session]") {
  SessionRequest r;
  r.op = "rows_by_key";
  r.session = "s";
  r.table = penduduk();
  const std::string bytes("\xff\x00\x80z", 4);
  r.keys = {{bytes}};
  auto back = request_from_json("rows_by_key", request_to_json(r), kSchemas);
  if (!back) FAIL(back.error().message);
  REQUIRE(back->keys.size() == 1);
  CHECK(back->keys[0][0] == bytes);
}

TEST_CASE("a table outside the agent's schemas is refused", "[unit][peer][consistency_session]") {
  CHECK_THAT(refused(digest_request(), [](auto& j) { j["table"]["schema"] = "mysql"; }),
             Contains("schema 'mysql' is not one this agent compares"));
  SessionRequest r;
  r.op = "has_table";
  r.session = "s";
  r.schema = "mysql";
  r.name = "user";
  auto parsed = request_from_json("has_table", request_to_json(r), kSchemas);
  REQUIRE_FALSE(parsed.ok());
  CHECK_THAT(parsed.error().message, Contains("schema 'mysql'"));
}

TEST_CASE("words that stand unquoted in SQL must be plain", "[unit][peer][consistency_session]") {
  const char* kBad[] = {"latin1 COLLATE x; DROP", "utf8`", "UTF8", "a'b"};
  for (const char* bad : kBad) {
    CHECK_THAT(
        refused(digest_request(), [&](auto& j) { j["table"]["columns"][0]["charset"] = bad; }),
        Contains("not a plain SQL word"));
    CHECK_THAT(refused(digest_request(), [&](auto& j) { j["table"]["columns"][1]["type"] = bad; }),
               Contains("not a plain SQL word"));
  }
}

TEST_CASE("malformed digest requests say which field", "[unit][peer][consistency_session]") {
  struct Case {
    std::function<void(nlohmann::json&)> edit;
    const char* error;
  };
  const std::vector<Case> cases = {
      {[](auto& j) { j.erase("session"); }, "'session' is missing"},
      {[](auto& j) { j["table"]["key"] = {5}; }, "distinct column indexes"},
      {[](auto& j) {
         j["table"]["key"] = {0, 1, 0};
       },
       "'key' has more than 2 items"},
      {[](auto& j) {
         j["table"]["key"] = {1, 1};
       },
       "distinct column indexes"},
      {[](auto& j) { j["table"]["key"] = nlohmann::json::array(); }, "'key' must be empty exactly"},
      {[](auto& j) { j["table"]["key_kind"] = "foreign"; }, "'key_kind' must be"},
      {[](auto& j) { j["table"]["columns"] = nlohmann::json::array(); }, "'columns' is empty"},
      {[](auto& j) {
         j["chunks"][0]["hi"] = {"a", "b"};
       },
       "a key must be a list of 1 value(s)"},
      {[](auto& j) { j["chunks"][0]["hi"] = {nullptr}; }, "a key value is null"},
      {[](auto& j) {
         j["chunks"][0]["hi"] = nlohmann::json::array({{{"hex", "zz"}}});
       },
       "a hex value is malformed"},
      {[](auto& j) { j["chunks"][0]["digest"] = "1:x"; }, "'digest' must be N:N"},
      {[](auto& j) { j["chunks"][0]["rows"] = -1; }, "'rows' must be an integer from 0"},
      {[](auto& j) { j["keep_bytes"] = 1e12; }, "'keep_bytes' must be an integer"},
      {[](auto& j) { j["chunks"] = nlohmann::json::array({nlohmann::json::array()}); },
       "'lo' is missing"},
  };
  for (const auto& c : cases) CHECK_THAT(refused(digest_request(), c.edit), Contains(c.error));
}

TEST_CASE("a refusal never echoes the key it was given", "[unit][peer][consistency_session]") {
  const std::string message = refused(digest_request(), [](auto& j) {
    j["chunks"][0]["hi"] = {"3322019999990001", 1};
  });
  CHECK(message.find("3322019999990001") == std::string::npos);
}

TEST_CASE("bodies that are not JSON objects or name no operation are refused",
          "[unit][peer][consistency_session]") {
  for (const char* body : {"", "[]", "{", "null", "\"x\"", "{\"session\": 5}"}) {
    CHECK_FALSE(request_from_json("ping", body, kSchemas).ok());
  }
  auto unknown = request_from_json("drop_table", "{}", kSchemas);
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.error().message == "unknown operation 'drop_table'");
}

TEST_CASE("a snapshot wait is bounded", "[unit][peer][consistency_session]") {
  SessionRequest r;
  r.op = "snapshot";
  r.session = "s";
  r.position = "0-1-5";
  r.wait_seconds = 30;
  CHECK(request_from_json("snapshot", request_to_json(r), kSchemas).ok());
  CHECK_THAT(refused(r, [](auto& j) { j["wait_seconds"] = 1e9; }),
             Contains("'wait_seconds' must be a number from 0 to 3600"));
  CHECK_THAT(refused(r, [](auto& j) { j["wait_seconds"] = "30"; }), Contains("'wait_seconds'"));
}

TEST_CASE("a differing chunk carries its kept rows, an equal one does not",
          "[unit][peer][consistency_session]") {
  const auto request = digest_request().chunks;
  std::vector<consistency::ChunkAnswer> answers(2);
  const char* key = "3322010101010001";
  const unsigned long length = 16;
  for (auto& a : answers) {
    a.kept = consistency::RowList(1 << 20);
    a.kept.clear();
    a.kept.add(&key, &length, 0, 1, {0x0123456789abcdefULL, 42});
  }
  answers[0].rows = 10;
  answers[0].value = "1:2";  // as the primary's
  answers[1].rows = 1;
  answers[1].value = "7:7";
  const std::string text = digest_to_json(request, answers, 1);
  auto back = digest_from_json(text, 2, 1);
  if (!back) FAIL(back.error().message);
  CHECK_FALSE((*back)[0].kept.complete());
  REQUIRE((*back)[1].kept.complete());
  const auto rows = (*back)[1].kept.to_result_set(1);
  REQUIRE(rows.rows.size() == 1);
  CHECK(*rows.rows[0][0] == key);
  CHECK(*rows.rows[0][1] == "0123456789abcdef000000000000002a");
}

TEST_CASE("a hostile digest answer is refused", "[unit][peer][consistency_session]") {
  CHECK_THAT(
      digest_from_json(R"({"chunks": [{"rows": 1, "digest": "1:1"}]})", 2, 1).error().message,
      Contains("1 chunk digest(s) for 2 chunk(s)"));
  CHECK_THAT(digest_from_json(
                 R"({"chunks": [{"rows": 1, "digest": "1:1", "kept": [["k", "nothex"]]}]})", 1, 1)
                 .error()
                 .message,
             Contains("32 hex digits"));
  CHECK_THAT(
      digest_from_json(R"({"chunks": [{"rows": 1, "digest": "1:1", "kept": [[], []]}]})", 1, 1)
          .error()
          .message,
      Contains("'kept' has more than 1 items"));
  CHECK_FALSE(digest_from_json(R"({"chunks": [{"rows": 1, "digest": "DROP"}]})", 1, 1).ok());
}

TEST_CASE("rows and replica answers are checked", "[unit][peer][consistency_session]") {
  db::ResultSet rows;
  rows.rows = {{std::string("k1"), std::string(32, 'a')}, {std::string("\xfe", 1), std::nullopt}};
  auto back = rows_from_json(rows_to_json(rows), 2);
  if (!back) FAIL(back.error().message);
  CHECK(back->rows == rows.rows);
  CHECK_THAT(rows_from_json(rows_to_json(rows), 3).error().message,
             Contains("a row must have 3 value(s)"));
  db::ReplicaStatus s;
  s.configured = true;
  s.sql_running = "Yes";
  s.seconds_behind = 4;
  auto status = replica_from_json(replica_to_json(s));
  if (!status) FAIL(status.error().message);
  CHECK(status->sql_ok());
  CHECK(status->seconds_behind == 4);
  CHECK_FALSE(replica_from_json(R"({"configured": "yes"})").ok());
}

TEST_CASE("a session start answer must carry a session id of 32 hex digits",
          "[unit][peer][consistency_session]") {
  auto ok = start_from_json(start_to_json({std::string(32, 'f'), 30, "backup (127.0.0.1:3306)"}));
  if (!ok) FAIL(ok.error().message);
  CHECK(ok->timeout_seconds == 30);
  CHECK_FALSE(start_from_json(start_to_json({"../../etc", 30, "x"})).ok());
  CHECK_FALSE(start_from_json(start_to_json({std::string(32, 'f'), 0, "x"})).ok());
}

}  // namespace
}  // namespace jaga::peer
