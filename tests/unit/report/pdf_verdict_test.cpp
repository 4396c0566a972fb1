// The verdict box and "tanpa data" as an official reads them: drafted from a real store and
// read back from the PDF with pdftotext, and in the JSON twin.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <regex>

#include "report/pdf_report.h"
#include "report/report.h"
#include "tests/unit/report/evidence_fixture.h"
#include "tests/unit/run_tool.h"
#include "tests/unit/schedule/times.h"

namespace jaga::report {
namespace {

using Catch::Contains;
using schedule::testing::FakeClock;
using schedule::testing::wib;
using testing::EvidenceFixture;
using testing::fill_day;

config::Config make_config() {
  auto c = config::parse_config(
      "[servers.primary]\nhost = \"127.0.0.1\"\nuser = \"jaga\"\n"
      "[servers.backup]\nhost = \"10.0.0.2\"\nuser = \"jaga\"\n",
      "/etc/jaga/jaga.toml");
  if (!c) FAIL(c.error().message);
  return *c;
}

// `label` and `value` on one line of the laid-out text, as a table row prints them.
bool row(const std::string& text, const std::string& label, const std::string& value) {
  return std::regex_search(text, std::regex(label + " +" + value));
}

DraftedReport draft(EvidenceFixture& f, PeriodKind kind, TimePoint now) {
  FakeClock clock(now);
  auto r = draft_report(make_config(), f.store(), {kind, std::nullopt}, clock);
  if (!r) FAIL(r.error().message);
  return *r;
}

TEST_CASE("a day without evidence reads TIDAK DAPAT DINILAI and tanpa data, never 0",
          "[report][render][verdict]") {
  EvidenceFixture f;
  const DraftedReport r = draft(f, PeriodKind::kDaily, wib(2026, 11, 27, 6));
  const std::string text = jaga::testing::pdf_text(r.pdf);
  CHECK_THAT(text, Contains("KESIMPULAN: TIDAK DAPAT DINILAI"));
  CHECK(row(text, "TIDAK DAPAT DINILAI", "Keamanan: Tidak ada hasil pemeriksaan keamanan"));
  for (const char* label :
       {"Ketersediaan server utama", "Jumlah insiden", "Pemeriksaan konsistensi", "Baris berbeda",
        "Cadangan dibuat", "Waktu keterlambatan di atas batas peringatan"}) {
    CHECK(row(text, label, "tanpa data"));
  }
  CHECK_FALSE(std::regex_search(text, std::regex("(^| )0 (dtk|detik)")));
  const auto j = nlohmann::json::parse(r.json);
  CHECK(j["verdict"]["overall"] == "TIDAK_DAPAT_DINILAI");
  CHECK(j["verdict"]["areas"].size() == 5);
  for (const char* key : {"incidents", "consistency_runs", "differing_rows", "backups_taken",
                          "seconds_lag_above_warn", "primary_availability_percent"}) {
    INFO(key);
    CHECK(j["headline"][key].is_null());
  }
}

TEST_CASE("a day with differing rows reads PERLU TINDAKAN and keeps its missing evidence",
          "[report][render][verdict]") {
  EvidenceFixture f;
  fill_day(f, 26);  // servers and replication all day, a consistency run with 2 differing rows
  const DraftedReport r = draft(f, PeriodKind::kDaily, wib(2026, 11, 27, 6));
  const std::string text = jaga::testing::pdf_text(r.pdf);
  // Backups and security did not run: two areas cannot be assessed, and the headline says so.
  CHECK_THAT(text, Contains("KESIMPULAN: PERLU TINDAKAN (bukti tidak lengkap pada 2 area)"));
  CHECK(row(text, "PERLU TINDAKAN", "Konsistensi data: Pemeriksaan konsistensi menemukan"));
  CHECK(row(text, "TIDAK DAPAT DINILAI", "Cadangan dan uji pemulihan: Tidak ada hasil"));
  CHECK(row(text, "Baris berbeda", "2"));
  CHECK(row(text, "Cadangan dibuat", "tanpa data"));
  const auto j = nlohmann::json::parse(r.json);
  CHECK(j["verdict"]["overall"] == "PERLU_TINDAKAN");
  CHECK(j["verdict"]["unassessed_areas"] == 2);
  CHECK(j["verdict"]["areas"][2]["area"] == "consistency");
  CHECK(j["verdict"]["areas"][2]["verdict"] == "PERLU_TINDAKAN");
  CHECK(j["headline"]["incidents"] == 4);
}

TEST_CASE(
    "a week without a passed restore test cannot be assessed and its empty days read "
    "tanpa data",
    "[report][render][verdict]") {
  EvidenceFixture f;
  fill_day(f, 24);
  f.add("backups", "db1", wib(2026, 11, 24, 3), Status::kOk, "1 backup set(s) intact",
        {{"newest_backup_age_seconds", 3600}});
  const DraftedReport r = draft(f, PeriodKind::kWeekly, wib(2026, 11, 30, 1));
  const std::string text = jaga::testing::pdf_text(r.pdf);
  CHECK(row(text, "TIDAK DAPAT DINILAI",
            "Cadangan dan uji pemulihan: Tidak ada uji pemulihan yang lulus"));
  // A day without results: its figures say so (wrapped in the narrow columns of the table).
  CHECK(row(text, "Senin, 23-11", "0 +tanpa +tanpa data +tanpa"));
  const auto j = nlohmann::json::parse(r.json);
  CHECK(j["verdict"]["areas"][3]["verdict"] == "TIDAK_DAPAT_DINILAI");
  CHECK(j["summary"]["days"][0]["incidents"].is_null());
  CHECK(j["summary"]["days"][1]["incidents"] == 4);
}

TEST_CASE("an AMAN verdict is printed with each area's reason", "[report][render][verdict]") {
  ReportModel m;
  m.number = "LAP/H/20261126";
  m.language = "id";
  m.period =
      period_containing(PeriodKind::kDaily,
                        Date{std::chrono::year(2026), std::chrono::November, std::chrono::day(26)},
                        schedule::testing::kWib);
  m.drafted_at = m.period.end;
  m.summary.period = m.period;
  m.verdict.overall = Verdict::kAman;
  m.verdict.areas.push_back(
      {Area::kServer, Verdict::kAman, {{"1.440 hasil pemeriksaan server.", ""}}, {}, 100.0});
  auto pdf = render_pdf(m, make_config().report);
  REQUIRE(pdf.ok());
  const std::string text = jaga::testing::pdf_text(*pdf);
  CHECK_THAT(text, Contains("KESIMPULAN: AMAN"));
  CHECK(row(text, "AMAN", "Server: 1.440 hasil pemeriksaan server."));
}

}  // namespace
}  // namespace jaga::report
