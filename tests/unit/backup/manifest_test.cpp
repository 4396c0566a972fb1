#include "backup/manifest.h"

#include <catch2/catch.hpp>

namespace jaga::backup {
namespace {

using Catch::Contains;

Manifest sample() {
  Manifest m;
  m.jaga_version = "0.1.0";
  m.host_name = "cadangan";
  m.server_role = "backup";
  m.server = "10.0.0.2:3306";
  m.server_version = "10.11.19-MariaDB";
  m.started_at = "2026-11-27T00:30:22.000Z";
  m.finished_at = "2026-11-27T00:30:23.000Z";
  m.gtid_position = "0-1-26";
  m.binlog_file = "binlog.000001";
  m.binlog_position = 2439310;
  m.snapshot_method = "2 connections at one binlog position (attempt 1)";
  m.schemas.push_back({"siak", "utf8mb4", "utf8mb4_general_ci"});
  ManifestTable t{"siak", "biodata_wni", "siak/biodata_wni.sql", 3, {}};
  t.parts.push_back({"siak/biodata_wni.0001.tsv.zst", std::nullopt,
                     std::vector<std::string>{"3322000000000002"}, 2, "123"});
  t.parts.push_back({"siak/biodata_wni.0002.tsv.zst", std::vector<std::string>{"3322000000000002"},
                     std::nullopt, 1, "456"});
  m.tables.push_back(t);
  m.files.push_back({"siak/biodata_wni.sql", 100, std::string(64, 'a'), 100});
  m.files.push_back({"siak/biodata_wni.0001.tsv.zst", 50, std::string(64, 'b'), 200});
  m.files.push_back({"siak/biodata_wni.0002.tsv.zst", 40, std::string(64, 'c'), 100});
  return m;
}

Result<Manifest> reparse(const nlohmann::json& j) { return parse_manifest(j.dump(), "m.json"); }

TEST_CASE("a manifest survives writing and reading", "[backup][manifest]") {
  auto m = reparse(to_json(sample()));
  REQUIRE(m.ok());
  CHECK(m->gtid_position == "0-1-26");
  CHECK(m->binlog_position == 2439310);
  REQUIRE(m->tables.size() == 1);
  REQUIRE(m->tables[0].parts.size() == 2);
  CHECK_FALSE(m->tables[0].parts[0].lo.has_value());
  CHECK(m->tables[0].parts[0].hi == std::vector<std::string>{"3322000000000002"});
  CHECK(m->tables[0].parts[1].digest == "456");
  CHECK(m->file("siak/biodata_wni.0002.tsv.zst")->raw_bytes == 100);
  CHECK(m->total_bytes() == 190);
}

TEST_CASE("a manifest that is not JSON is refused with the parser's reason", "[backup][manifest]") {
  auto m = parse_manifest("{\"format\": \"jaga-backup\", ", "/b/manifest.json");
  REQUIRE_FALSE(m.ok());
  CHECK_THAT(m.error().message, Contains("/b/manifest.json is not valid JSON"));
}

TEST_CASE("a manifest names its digest and an unknown one is refused", "[backup][manifest]") {
  auto j = to_json(sample());
  CHECK(j["digest"] == "xxh3-64");
  j["digest"] = "crc32";  // written by earlier builds
  auto m = reparse(j);
  REQUIRE(m.ok());
  CHECK(m->digest == "crc32");
  j["digest"] = "sha1";
  m = reparse(j);
  REQUIRE_FALSE(m.ok());
  CHECK_THAT(m.error().message,
             Contains("m.json: \"digest\" must be \"xxh3-64\" or \"crc32\", got \"sha1\""));
}

TEST_CASE("a manifest missing a key names the key", "[backup][manifest]") {
  auto j = to_json(sample());
  j["tables"][0].erase("rows");
  auto m = reparse(j);
  REQUIRE_FALSE(m.ok());
  CHECK_THAT(m.error().message, Contains("missing key \"rows\" in tables[0]"));

  j = to_json(sample());
  j.erase("snapshot");
  m = reparse(j);
  REQUIRE_FALSE(m.ok());
  CHECK_THAT(m.error().message, Contains("missing key \"snapshot\" in the manifest"));
}

TEST_CASE("a manifest with a wrong type names the key and both types", "[backup][manifest]") {
  auto j = to_json(sample());
  j["files"][1]["size"] = "50";
  auto m = reparse(j);
  REQUIRE_FALSE(m.ok());
  CHECK_THAT(m.error().message,
             Contains("\"size\" in files[1] must be a non-negative integer, got string"));

  j = to_json(sample());
  j["files"][1]["size"] = -1;
  CHECK_FALSE(reparse(j).ok());

  j = to_json(sample());
  j["tables"] = nlohmann::json::object();
  m = reparse(j);
  REQUIRE_FALSE(m.ok());
  CHECK_THAT(m.error().message,
             Contains("\"tables\" in the manifest must be an array, got object"));

  j = to_json(sample());
  j["tables"][0]["parts"][0]["hi"] = 5;
  m = reparse(j);
  REQUIRE_FALSE(m.ok());
  CHECK_THAT(m.error().message, Contains("\"hi\" in tables[0].parts[0] must be null or an array"));
}

TEST_CASE("a manifest of another format or version is refused", "[backup][manifest]") {
  auto j = to_json(sample());
  j["format"] = "mydumper";
  auto m = reparse(j);
  REQUIRE_FALSE(m.ok());
  CHECK_THAT(m.error().message, Contains("\"format\" must be \"jaga-backup\", got \"mydumper\""));
  j = to_json(sample());
  j["format_version"] = 2;
  m = reparse(j);
  REQUIRE_FALSE(m.ok());
  CHECK_THAT(m.error().message, Contains("format_version 2 is not supported"));
}

TEST_CASE("a manifest naming an unlisted or escaping file is refused", "[backup][manifest]") {
  auto j = to_json(sample());
  j["files"].erase(2);
  auto m = reparse(j);
  REQUIRE_FALSE(m.ok());
  CHECK_THAT(m.error().message,
             Contains("table siak.biodata_wni names file \"siak/biodata_wni.0002.tsv.zst\" that "
                      "\"files\" does not list"));
  j = to_json(sample());
  j["files"][0]["path"] = "../../etc/passwd";
  m = reparse(j);
  REQUIRE_FALSE(m.ok());
  CHECK_THAT(m.error().message, Contains("must be a relative path inside the backup"));
}

}  // namespace
}  // namespace jaga::backup
