// Issue 16: findings carry a kind and parameters, and the report says each kind in its own
// Indonesian sentence; results recorded before kinds existed read the plain sentence of their
// check and status.
#include "report/finding_text.h"

#include <catch2/catch.hpp>
#include <regex>
#include <set>

namespace jaga::report {
namespace {

using Catch::Contains;

// Every parameter any kind's sentence uses, so that each kind can say its sentence.
const nlohmann::json kEveryParameter = {{"role", "backup"},
                                        {"seconds", 90},
                                        {"percent", 85},
                                        {"in_use", 170},
                                        {"max", 200},
                                        {"volume", "data"},
                                        {"free_percent", 4.5},
                                        {"free_bytes", 3e9},
                                        {"errno", 1062},
                                        {"transactions", 1500},
                                        {"object", "siak.t"},
                                        {"object_kind", "column"},
                                        {"table", "siak.biodata_wni"},
                                        {"rows", 1200},
                                        {"compared", 2},
                                        {"planned", 3},
                                        {"progress_kept", true},
                                        {"accounts", 2},
                                        {"added", 1},
                                        {"removed", 0},
                                        {"changed", 0},
                                        {"set", "harian"},
                                        {"age_seconds", 93600},
                                        {"count", 2},
                                        {"report", "daily"}};

std::string findings_json(const std::vector<Finding>& findings) {
  nlohmann::json j = nlohmann::json::array();
  for (const auto& f : findings) j.push_back(finding_json(f));
  return j.dump();
}

}  // namespace

TEST_CASE("every finding kind has a name of its own that reads back", "[findings]") {
  std::set<std::string_view> names;
  const auto kinds = all_finding_kinds();
  // The list holds every enumerator, from the first to the last, each once.
  REQUIRE(kinds.size() == static_cast<size_t>(FindingKind::kWitnessHolds) + 1);
  for (size_t i = 0; i < kinds.size(); ++i) {
    const FindingKind kind = static_cast<FindingKind>(i);
    const std::string_view name = finding_kind_name(kind);
    INFO(name);
    CHECK(names.insert(name).second);
    CHECK(parse_finding_kind(name) == kind);
  }
  CHECK_FALSE(parse_finding_kind("replication.future").has_value());
}

TEST_CASE("every finding kind is said in Indonesian, with its figures in Indonesian form",
          "[findings][language]") {
  for (const FindingKind kind : all_finding_kinds()) {
    if (kind == FindingKind::kUnclassified) continue;
    INFO(finding_kind_name(kind));
    const auto said = indonesian_finding({Status::kCrit, kind, kEveryParameter, "English"});
    REQUIRE(said.has_value());
    CHECK_FALSE(said->empty());
    CHECK(said->find("English") == std::string::npos);
    CHECK(said->find('{') == std::string::npos);
    CHECK_FALSE(std::regex_search(*said, std::regex("\\b(backup|primary|rows|behind|cannot)\\b")));
    CHECK_FALSE(std::regex_search(*said, std::regex("\\d,\\d{3}\\b")));
  }
  CHECK(
      indonesian_finding({Status::kWarn, FindingKind::kReplicationLag, {{"seconds", 5400}}, ""}) ==
      "Server Cadangan tertinggal 1 jam 30 menit dari Server Utama");
  CHECK(indonesian_finding({Status::kCrit,
                            FindingKind::kRowsDiffer,
                            {{"table", "siak.biodata_wni"}, {"rows", 1200}},
                            ""}) ==
        "1.200 baris tabel siak.biodata_wni berbeda antara Server Utama dan Server Cadangan");
  CHECK(indonesian_finding({Status::kCrit,
                            FindingKind::kVolumeLow,
                            {{"volume", "data"}, {"free_percent", 4.5}},
                            ""}) == "ruang disk data tinggal 4,50%");
}

TEST_CASE("a finding without the parameters its sentence needs is not guessed",
          "[findings][language]") {
  CHECK_FALSE(indonesian_finding({Status::kWarn, FindingKind::kReplicationLag, {}, ""}));
  CHECK_FALSE(indonesian_finding(
      {Status::kWarn, FindingKind::kReplicationLag, {{"seconds", "ninety"}}, ""}));
  CHECK_FALSE(
      indonesian_finding({Status::kCrit, FindingKind::kServerUnreachable, {{"role", "db9"}}, ""}));
  CHECK_FALSE(indonesian_finding({Status::kCrit, FindingKind::kUnclassified, {}, "old"}));
}

TEST_CASE("hostile parameters from a peer or a damaged store are no figures and no names",
          "[findings][language]") {
  // A flag that is not a boolean: not kept, and nothing throws.
  CHECK(indonesian_finding({Status::kUnknown,
                            FindingKind::kComparisonStopped,
                            {{"compared", 1}, {"planned", 3}, {"progress_kept", 1}},
                            ""}) ==
        "perbandingan terhenti setelah 1 dari 3 tabel; kemajuannya tidak tersimpan");
  for (const double absurd : {1e300, -5.0, 1e16}) {
    INFO(absurd);
    CHECK_FALSE(indonesian_finding(
        {Status::kWarn, FindingKind::kReplicationLag, {{"seconds", absurd}}, ""}));
    CHECK_FALSE(indonesian_finding(
                    {Status::kWarn, FindingKind::kReplicationSqlError, {{"errno", absurd}}, "x"})
                    ->empty());
  }
  // Names are configured or schema names: not a sentence, not a key, not a path.
  for (const char* name : {"data; rm -rf /", "3322010101900001", "/var/lib/mysql", "", "a b"}) {
    INFO(name);
    CHECK_FALSE(indonesian_finding(
        {Status::kWarn, FindingKind::kVolumeLow, {{"volume", name}, {"free_percent", 4.5}}, ""}));
  }
  CHECK_FALSE(indonesian_finding({Status::kWarn,
                                  FindingKind::kVolumeLow,
                                  {{"volume", std::string(200, 'a')}, {"free_percent", 4.5}},
                                  ""}));
  // Counts a sentence cannot have are left out, never printed as 0.
  CHECK(indonesian_finding(
            {Status::kWarn, FindingKind::kSecurityGrantsChanged, {{"role", "primary"}}, ""}) ==
        "hak akses akun di Server Utama berubah sejak pemeriksaan sebelumnya");
}

TEST_CASE("a schema difference says what is missing where", "[findings][language]") {
  CHECK(indonesian_finding(
            {Status::kCrit,
             FindingKind::kSchemaDifference,
             {{"object", "siak.t.nama"}, {"object_kind", "column"}, {"absent_on", "backup"}},
             ""}) == "kolom siak.t.nama tidak ada di Server Cadangan");
  CHECK(indonesian_finding({Status::kWarn,
                            FindingKind::kSchemaDifference,
                            {{"object", "siak.v"}, {"object_kind", "view"}},
                            ""}) == "view siak.v berbeda antara Server Utama dan Server Cadangan");
}

TEST_CASE("a result says the sentences of its findings of its own status, each once",
          "[findings][language]") {
  MetricList metrics;
  const std::string findings = findings_json(
      {{Status::kWarn, FindingKind::kReplicationNoGtid, {}, "no gtid"},
       {Status::kCrit, FindingKind::kReplicationSqlStopped, {{"errno", 1062}}, "sql stopped"},
       {Status::kCrit, FindingKind::kGtidGap, {{"transactions", 1500}}, "gap"},
       {Status::kCrit, FindingKind::kGtidGap, {{"transactions", 1500}}, "gap again"}});
  CHECK(indonesian_result("replication", Status::kCrit, findings, metrics) ==
        "Server Cadangan berhenti menerapkan perubahan dari Server Utama (galat 1062); "
        "1.500 transaksi belum diterapkan di Server Cadangan");
}

TEST_CASE("a result recorded before kinds existed reads the plain sentence of its check",
          "[findings][language]") {
  MetricList metrics;
  metrics.scan(R"([{"name":"replication_lag","value":5400,"warn":60,"crit":300}])");
  const std::string old = R"([{"status":"CRIT","message":"backup 10.0.0.2 is 1 h behind"}])";
  CHECK(indonesian_result("replication", Status::kCrit, old, metrics) ==
        indonesian_summary("replication", Status::kCrit, metrics));
  CHECK_THAT(indonesian_result("replication", Status::kCrit, old, metrics),
             Contains("tertinggal 1 jam 30 menit"));
  // One finding of the status without a sentence: the whole result falls back, so no part of it
  // is left unsaid.
  const std::string mixed =
      findings_json({{Status::kCrit, FindingKind::kGtidGap, {{"transactions", 3}}, "gap"},
                     {Status::kCrit, FindingKind::kUnclassified, {}, "something new"}});
  CHECK(indonesian_result("replication", Status::kCrit, mixed, metrics) ==
        indonesian_summary("replication", Status::kCrit, metrics));
  for (const char* hostile : {"", "{", "[1,2]", R"({"status":"CRIT"})", "null"}) {
    INFO(hostile);
    CHECK(indonesian_result("server", Status::kCrit, hostile, metrics) ==
          indonesian_summary("server", Status::kCrit, metrics));
  }
}

}  // namespace jaga::report
