// The manifest parser against hostile input (issue 14): truncated, oversized and deeply nested
// text, wrong types, unknown keys, and values that would be written into SQL or paths.
#include <catch2/catch.hpp>

#include "backup/manifest.h"

namespace jaga::backup {
namespace {

using Catch::Contains;

nlohmann::json sample() {
  Manifest m;
  m.jaga_version = "0.1.0";
  m.started_at = m.finished_at = "2026-11-27T00:30:22.000Z";
  m.gtid_position = "0-1-26";
  m.schemas.push_back({"siak", "utf8mb4", "utf8mb4_general_ci"});
  ManifestTable t{"siak", "a/b", "siak/a%2Fb.sql", 1, {}};
  t.parts.push_back({"siak/a%2Fb.tsv.zst", std::nullopt, std::nullopt, 1, "9"});
  m.tables.push_back(t);
  m.files.push_back({"siak/a%2Fb.sql", 10, std::string(64, 'a'), 10});
  m.files.push_back({"siak/a%2Fb.tsv.zst", 10, std::string(64, 'b'), 20});
  return to_json(m);
}

Result<Manifest> parse(const nlohmann::json& j) { return parse_manifest(j.dump(), "/b/m.json"); }

TEST_CASE("a truncated manifest is refused naming the file", "[backup][manifest][hostile]") {
  const std::string text = sample().dump();
  for (size_t cut : {size_t{0}, size_t{1}, text.size() / 2, text.size() - 1}) {
    auto m = parse_manifest(text.substr(0, cut), "/b/m.json");
    REQUIRE_FALSE(m.ok());
    CHECK_THAT(m.error().message, Contains("/b/m.json is not valid JSON"));
  }
}

TEST_CASE("a 100 MB manifest is refused before it is parsed", "[backup][manifest][hostile]") {
  auto j = sample();
  j["padding"] = std::string(100 << 20, 'x');
  auto m = parse(j);
  REQUIRE_FALSE(m.ok());
  CHECK_THAT(m.error().message,
             Contains("/b/m.json has 1048") && Contains("more than the 67108864"));
}

TEST_CASE("a deeply nested unknown key is refused naming the file", "[backup][manifest][hostile]") {
  std::string text = sample().dump();
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  text.insert(1, "\"x\": " + deep + ", ");
  auto m = parse_manifest(text, "/b/m.json");
  REQUIRE_FALSE(m.ok());
  CHECK_THAT(m.error().message,
             Contains("/b/m.json nests arrays and objects 100001 deep, more than the 16"));
  // Brackets inside strings are text, not nesting.
  auto j = sample();
  j["jaga_version"] = std::string(1000, '[');
  CHECK(parse(j).ok());
}

TEST_CASE("a number too large for a double is refused naming the file",
          "[backup][manifest][hostile]") {
  // Found by fuzz/manifest_fuzz: the parser throws out_of_range, not parse_error, for 1e999.
  std::string text = sample().dump();
  text.insert(1, "\"x\": 7e677, ");
  auto m = parse_manifest(text, "/b/m.json");
  REQUIRE_FALSE(m.ok());
  CHECK_THAT(m.error().message, Contains("/b/m.json is not valid JSON") && Contains("7e677"));
}

TEST_CASE("unknown keys are kept as warnings with their paths", "[backup][manifest][hostile]") {
  auto j = sample();
  j["comment"] = "x";
  j["tables"][0]["parts"][0]["extra"] = {1, 2};
  j["snapshot"]["when"] = 1;
  auto m = parse(j);
  REQUIRE(m.ok());
  CHECK(m->unknown_keys ==
        std::vector<std::string>{"snapshot.when", "tables[0].parts[0].extra", "comment"});
}

TEST_CASE("wrong types anywhere name the key", "[backup][manifest][hostile]") {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"/schemas", "\"schemas\" in the manifest must be an array, got object"},
      {"/files/0", "files[0] must be an object, got string"},
      {"/tables/0/rows", "\"rows\" in tables[0] must be a non-negative integer, got string"},
      {"/snapshot/binlog_position", "\"binlog_position\" in snapshot must be"},
      {"/server", "\"server\" in the manifest must be an object, got string"},
  };
  for (const auto& [pointer, message] : cases) {
    auto j = sample();
    j[nlohmann::json::json_pointer(pointer)] =
        pointer == "/schemas" ? nlohmann::json::object() : nlohmann::json("12");
    auto m = parse(j);
    INFO(pointer);
    REQUIRE_FALSE(m.ok());
    CHECK_THAT(m.error().message, Contains(message));
  }
  CHECK_FALSE(parse_manifest("[]", "/b/m.json").ok());
  CHECK_FALSE(parse_manifest("\"jaga-backup\"", "/b/m.json").ok());
}

TEST_CASE("paths that could leave the backup are refused", "[backup][manifest][hostile]") {
  for (const std::string& path :
       std::vector<std::string>{"../x", "siak/../../x", "/etc/passwd", "siak//x", "./x", "siak/.",
                                "a\\..\\b", std::string("a\0b", 3), ""}) {
    auto j = sample();
    j["files"][0]["path"] = path;
    j["tables"][0]["ddl_file"] = path;
    auto m = parse(j);
    INFO(path);
    REQUIRE_FALSE(m.ok());
    CHECK_THAT(m.error().message, Contains("must be a relative path inside the backup"));
  }
}

TEST_CASE("values written into SQL or compared as digests must have their form",
          "[backup][manifest][hostile]") {
  auto j = sample();
  j["schemas"][0]["charset"] = "utf8mb4; DROP DATABASE siak";
  auto m = parse(j);
  REQUIRE_FALSE(m.ok());
  CHECK_THAT(m.error().message, Contains("schemas[0]: charset"));

  j = sample();
  j["files"][1]["sha256"] = "ABC";
  m = parse(j);
  REQUIRE_FALSE(m.ok());
  CHECK_THAT(m.error().message, Contains("files[1].sha256 must be 64 lower-case hex digits"));

  j = sample();
  j["files"][1] = j["files"][0];
  m = parse(j);
  REQUIRE_FALSE(m.ok());
  CHECK_THAT(m.error().message, Contains("is listed twice"));

  j = sample();
  j["tables"][0]["schema"] = "lain";
  m = parse(j);
  REQUIRE_FALSE(m.ok());
  CHECK_THAT(m.error().message, Contains("in schema \"lain\" that \"schemas\" does not list"));
}

}  // namespace
}  // namespace jaga::backup
