// TableOutcome in checkpoints and evidence: to_json and table_outcome_from_json. A checkpoint that
// does not parse must throw nlohmann::json::exception: the engine catches exactly that and starts
// the comparison over instead of trusting a damaged state.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "consistency/engine.h"

namespace jaga::consistency {
namespace {

using nlohmann::json;

TableOutcome keyed_outcome() {
  TableOutcome o;
  o.table = "siak.anggota_kk";
  o.key_kind = KeyKind::kPrimary;
  o.key_columns = {"no_kk", "nik"};
  o.rows = 1'000'000;
  o.chunks = 212;
  o.rechecked_chunks = 4;
  o.transient_chunks = 1;
  o.differences = {{DiffKind::kMissingOnBackup, {"3322010101900001", "3322010101900002"}, "", 1, 0},
                   {DiffKind::kExtraOnBackup, {"3322010101900003", "O'Brien \"x\""}, "", 0, 1},
                   {DiffKind::kDifferent, {"3322010101900004", "ab "}, "", 1, 1}};
  return o;
}

TableOutcome keyless_outcome() {
  TableOutcome o;
  o.table = "siak.log_cetak";
  o.key_kind = KeyKind::kNone;
  o.rows = 42;
  o.chunks = 1;
  o.rechecked_chunks = 1;
  o.differences = {{DiffKind::kMissingOnBackup, {}, "00000000000000ff", 2, 1},
                   {DiffKind::kExtraOnBackup, {}, "ffffffffffffffff", 0, 3}};
  return o;
}

void check_same_outcome(const TableOutcome& a, const TableOutcome& b) {
  CHECK(a.table == b.table);
  CHECK(a.key_kind == b.key_kind);
  CHECK(a.key_columns == b.key_columns);
  CHECK(a.rows == b.rows);
  CHECK(a.chunks == b.chunks);
  CHECK(a.rechecked_chunks == b.rechecked_chunks);
  CHECK(a.transient_chunks == b.transient_chunks);
  REQUIRE(a.differences.size() == b.differences.size());
  for (size_t i = 0; i < a.differences.size(); ++i) {
    INFO("difference " << i);
    CHECK(a.differences[i].kind == b.differences[i].kind);
    CHECK(a.differences[i].key == b.differences[i].key);
    CHECK(a.differences[i].row_digest == b.differences[i].row_digest);
  }
}

// ---- round trips -------------------------------------------------------------------------------

TEST_CASE("a keyed outcome survives to_json and back", "[table_outcome]") {
  const TableOutcome o = keyed_outcome();
  check_same_outcome(table_outcome_from_json(to_json(o)), o);
}

TEST_CASE("a keyed outcome survives a round trip through JSON text", "[table_outcome]") {
  const TableOutcome o = keyed_outcome();
  check_same_outcome(table_outcome_from_json(json::parse(to_json(o).dump())), o);
}

TEST_CASE("a keyless outcome survives to_json and back with digests and counts",
          "[table_outcome]") {
  const TableOutcome o = keyless_outcome();
  const TableOutcome back = table_outcome_from_json(to_json(o));
  check_same_outcome(back, o);
  REQUIRE(back.differences.size() == 2);
  CHECK(back.differences[0].primary_count == 2);
  CHECK(back.differences[0].backup_count == 1);
  CHECK(back.differences[1].primary_count == 0);
  CHECK(back.differences[1].backup_count == 3);
}

TEST_CASE("a unique-key outcome keeps its key kind", "[table_outcome]") {
  TableOutcome o = keyed_outcome();
  o.key_kind = KeyKind::kUnique;
  CHECK(table_outcome_from_json(to_json(o)).key_kind == KeyKind::kUnique);
}

TEST_CASE("an outcome without differences survives the round trip", "[table_outcome]") {
  TableOutcome o = keyed_outcome();
  o.differences.clear();
  check_same_outcome(table_outcome_from_json(to_json(o)), o);
}

TEST_CASE("to_json writes keys for keyed tables and digests for keyless ones", "[table_outcome]") {
  const json keyed = to_json(keyed_outcome());
  CHECK(keyed.at("key") == "primary");
  CHECK(keyed.at("differences").at(0).at("kind") == "missing_on_backup");
  CHECK(keyed.at("differences").at(0).at("key") ==
        json::array({"3322010101900001", "3322010101900002"}));
  CHECK_FALSE(keyed.at("differences").at(0).contains("row_digest"));
  const json keyless = to_json(keyless_outcome());
  CHECK(keyless.at("key") == "none");
  CHECK(keyless.at("differences").at(0).at("row_digest") == "00000000000000ff");
  CHECK_FALSE(keyless.at("differences").at(0).contains("key"));
}

// ---- damaged checkpoints -----------------------------------------------------------------------

TEST_CASE("an outcome missing a field throws a json exception", "[table_outcome]") {
  for (const char* field : {"table", "key", "key_columns", "rows", "chunks", "rechecked_chunks",
                            "transient_chunks", "differences"}) {
    INFO(field);
    json j = to_json(keyed_outcome());
    j.erase(field);
    CHECK_THROWS_AS(table_outcome_from_json(j), json::exception);
  }
}

TEST_CASE("a difference missing its kind throws a json exception", "[table_outcome]") {
  json j = to_json(keyed_outcome());
  j["differences"][1].erase("kind");
  CHECK_THROWS_AS(table_outcome_from_json(j), json::exception);
}

TEST_CASE("a field of the wrong type throws a json exception", "[table_outcome]") {
  const std::vector<std::pair<std::string, json>> cases = {{"table", 17},
                                                           {"key", json::array()},
                                                           {"key_columns", "no_kk"},
                                                           {"rows", "1000"},
                                                           {"chunks", "2"},
                                                           {"rechecked_chunks", true},
                                                           {"transient_chunks", json::object()},
                                                           {"differences", 3}};
  for (const auto& [field, value] : cases) {
    INFO(field << " = " << value.dump());
    json j = to_json(keyed_outcome());
    j[field] = value;
    CHECK_THROWS_AS(table_outcome_from_json(j), json::exception);
  }
}

TEST_CASE("a difference with a key of the wrong type throws a json exception", "[table_outcome]") {
  json j = to_json(keyed_outcome());
  j["differences"][0]["key"] = "3322010101900001";
  CHECK_THROWS_AS(table_outcome_from_json(j), json::exception);
  j["differences"][0]["key"] = json::array({3322, 1});
  CHECK_THROWS_AS(table_outcome_from_json(j), json::exception);
}

TEST_CASE("a keyless difference with counts of the wrong type throws a json exception",
          "[table_outcome]") {
  json j = to_json(keyless_outcome());
  j["differences"][0]["primary_count"] = "2";
  CHECK_THROWS_AS(table_outcome_from_json(j), json::exception);
  j = to_json(keyless_outcome());
  j["differences"][0]["row_digest"] = 255;
  CHECK_THROWS_AS(table_outcome_from_json(j), json::exception);
}

TEST_CASE("an outcome that is not an object throws a json exception", "[table_outcome]") {
  CHECK_THROWS_AS(table_outcome_from_json(json::array()), json::exception);
  CHECK_THROWS_AS(table_outcome_from_json(json("siak.biodata_wni")), json::exception);
  CHECK_THROWS_AS(table_outcome_from_json(json()), json::exception);
}

}  // namespace
}  // namespace jaga::consistency
