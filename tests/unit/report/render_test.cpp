// Drafting end to end from a real store: the number, canonical JSON, and a PDF whose text
// pdftotext finds, in Indonesian and English, with no unmasked key anywhere.
#include <cairo.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>

#include "agenda/agenda_book.h"
#include "report/report.h"
#include "store/sqlite_statement.h"
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

config::Config make_config(const std::string& extra) {
  auto c = config::parse_config(
      "[servers.primary]\nhost = \"127.0.0.1\"\nuser = \"jaga\"\n"
      "[servers.backup]\nhost = \"10.0.0.2\"\nuser = \"jaga\"\n"
      "[report]\n" +
          extra +
          "\n[report.letterhead]\ngovernment = \"PEMERINTAH KABUPATEN SEMARANG\"\n"
          "agency = \"DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL\"\n"
          "address = \"Jl. Pemuda No 7 Ungaran 50511\"\nplace = \"Ungaran\"\n"
          "[report.officials.apk]\nname = \"Budi Santoso\"\nnip = \"198001012005011001\"\n"
          "[report.officials.sub_koord]\nname = \"Siti Rahma\"\nnip = \"198202022006042002\"\n"
          "[report.officials.kabid]\nname = \"Agus Wibowo\"\nnip = \"197503032000031003\"\n",
      "/etc/jaga/jaga.toml");
  if (!c) FAIL(c.error().message);
  return *c;
}

bool has_unmasked_nik(const std::string& text) {
  return std::regex_search(text, std::regex("[0-9]{16}"));
}

Date nov(unsigned d) {
  return Date{std::chrono::year(2026), std::chrono::November, std::chrono::day(d)};
}

TEST_CASE("a daily report in Indonesian: sections, officials, pages, no NIK", "[report][render]") {
  EvidenceFixture f;
  fill_day(f, 26);
  const config::Config config = make_config("");
  FakeClock clock(wib(2026, 11, 27, 6));
  auto r = draft_report(config, f.store(), {PeriodKind::kDaily, std::nullopt}, clock);
  if (!r) FAIL(r.error().message);
  CHECK(r->number == "LAP/H/20261126");
  CHECK(file_stem(r->number) == "LAP-H-20261126");
  CHECK(r->pdf.rfind("%PDF-", 0) == 0);

  const std::string text = jaga::testing::pdf_text(r->pdf);
  for (const char* s : {"PEMERINTAH KABUPATEN SEMARANG",
                        "LAPORAN HARIAN",
                        "LAP/H/20261126",
                        "Kamis, 26 November 2026",
                        "1. Ringkasan",
                        "2. Ketersediaan Server",
                        "3. Replikasi",
                        "4. Konsistensi Data",
                        "5. Cadangan dan Uji Pemulihan",
                        "6. Ruang Disk",
                        "7. Keamanan",
                        "8. Kronologi Insiden",
                        "9. Kekosongan Bukti",
                        "10. Rekomendasi Tindakan",
                        "Budi Santoso",
                        "19800101 200501 1 001",
                        "Kepala Bidang",
                        "Ungaran, 27 November 2026",  // the place-and-date line
                        "Halaman 1 dari",
                        "tidak ada hasil diterima",
                        "tidak pernah dijalankan",
                        "2 baris tabel siak.penduduk berbeda",
                        "99,29%"}) {
    CHECK_THAT(text, Contains(s));
  }
  CHECK_FALSE(has_unmasked_nik(text));
  CHECK_FALSE(has_unmasked_nik(r->json));

  // The same evidence gives the same JSON, byte for byte.
  auto again = draft_report(config, f.store(), {PeriodKind::kDaily, nov(26)}, clock);
  REQUIRE(again.ok());
  CHECK(again->json == r->json);
  const auto j = nlohmann::json::parse(r->json);
  CHECK(j["format_version"] == 1);
  CHECK(j["number"] == "LAP/H/20261126");
  CHECK(j["period"]["start"] == "2026-11-25T17:00:00.000Z");
  CHECK(j["summary"]["replication"]["lag"][0]["max_seconds"] == 400);
  CHECK(j["summary"]["security"]["checked"] == false);
  CHECK(j["summary"]["security"]["runs"] == 0);
  CHECK(j["officials"]["kabid"]["name"] == "Agus Wibowo");
  CHECK(j.dump() + "\n" == r->json);  // sorted keys, no insignificant whitespace
}

// Issue 16: a week's gap table had one row per silence (about 30) and totals that disagreed
// with the headline. Now: one row per check and host, and a last line with the headline's figure.
TEST_CASE("a week's evidence gaps are one row per check, totalled as in the headline",
          "[report][render][gaps]") {
  EvidenceFixture f;
  for (unsigned day = 23; day <= 29; ++day) fill_day(f, day);
  const config::Config config = make_config("");
  FakeClock clock(wib(2026, 12, 1, 6));
  auto r = draft_report(config, f.store(), {PeriodKind::kWeekly, nov(23)}, clock);
  if (!r) FAIL(r.error().message);
  const std::string text = jaga::testing::pdf_text(r->pdf);
  const std::string gaps = text.substr(text.find("Kekosongan Bukti\n"));
  INFO(gaps.substr(0, 3000));
  // fill_day leaves the same 31 minutes of every day silent for the replication and server checks.
  const std::regex replication(R"(\n\s*Replikasi\s+server lain\s+tidak ada hasil diterima\s+7\s+)"
                               R"(31 menit\s+3 jam 37 menit\n)");
  CHECK(std::regex_search(gaps, replication));
  size_t rows = 0;
  for (size_t at = gaps.find("tidak ada hasil diterima"); at != std::string::npos;
       at = gaps.find("tidak ada hasil diterima", at + 1)) {
    ++rows;
  }
  CHECK(rows == 2);  // replication and server, not 14
  CHECK(std::regex_search(gaps, std::regex(R"(Waktu tanpa\s[^\n]*3 jam 37 menit\n)")));
  // The headline says the same.
  CHECK(std::regex_search(text, std::regex(R"(\n\s*Waktu tanpa bukti\s+3 jam 37 menit)")));
  const auto j = nlohmann::json::parse(r->json);
  CHECK(j["headline"]["gap_seconds"] == 7 * 31 * 60);
}

// Issue 16: the lag axis was fixed at 0-400, so a day of 2-second lag was a flat line on the
// frame, and hours without evidence were not marked.
TEST_CASE("a chart is scaled to its data, names thresholds above it and shades missing hours",
          "[report][render][charts]") {
  EvidenceFixture f;
  for (int m = 0; m < 24 * 60; ++m) {
    if (m >= 6 * 60 && m < 12 * 60) continue;  // six silent hours
    f.add("replication", "db1", schedule::testing::wib(2026, 11, 26, m / 60, m % 60, 5),
          Status::kOk, "ok", {{"replication_lag", 2, 60, 300}});
  }
  const config::Config config = make_config("");
  FakeClock clock(wib(2026, 11, 27, 6));
  auto r = draft_report(config, f.store(), {PeriodKind::kDaily, nov(26)}, clock);
  if (!r) FAIL(r.error().message);
  const std::string text = jaga::testing::pdf_text(r->pdf, "");
  CHECK_THAT(text, Contains("batas peringatan 60 berada di atas skala grafik."));
  CHECK_THAT(text, Contains("batas kritis 300 berada di atas skala grafik."));
  CHECK_THAT(text, Contains("Bidang abu-abu: tanpa data"));

  // With the lag reaching the thresholds they are drawn, not named below the chart.
  EvidenceFixture busy;
  fill_day(busy, 26);
  auto full = draft_report(config, busy.store(), {PeriodKind::kDaily, nov(26)}, clock);
  REQUIRE(full.ok());
  const std::string full_text = jaga::testing::pdf_text(full->pdf, "");
  CHECK_THAT(full_text, !Contains("di atas skala grafik"));
  CHECK_THAT(full_text, Contains("batas kritis 300"));
}

// Issue 16: no backup-size trend, and "0,01 GiB" for small backups.
TEST_CASE("a week's report charts the backups' size and the restore tests by day",
          "[report][render][charts]") {
  EvidenceFixture f;
  for (unsigned day = 23; day <= 27; ++day) {  // none on the weekend: those days are shaded
    f.add("backup", "db1", schedule::testing::wib(2026, 11, day, 1, 0, 0), Status::kOk, "ok",
          {{"bytes", (30 + day - 23) * 1024.0 * 1024}, {"duration_seconds", 40}});
  }
  f.add("restore_test", "db1", schedule::testing::wib(2026, 11, 25, 3, 0, 0), Status::kOk, "ok",
        {{"restore_seconds", 95}, {"tables_differing", 0}});
  const config::Config config = make_config("");
  FakeClock clock(wib(2026, 12, 1, 6));
  auto r = draft_report(config, f.store(), {PeriodKind::kWeekly, nov(23)}, clock);
  if (!r) FAIL(r.error().message);
  const std::string text = jaga::testing::pdf_text(r->pdf, "");
  CHECK_THAT(text, Contains("Ukuran cadangan terbesar per hari (MiB)"));
  CHECK_THAT(text, Contains("Uji pemulihan terlama per hari (detik)"));
  CHECK_THAT(text, Contains("Bidang abu-abu: tanpa data"));
  CHECK_THAT(text, Contains("160 MiB"));  // 30 + 31 + 32 + 33 + 34 MiB taken in the week
  CHECK_THAT(text, !Contains("GiB"));

  // A daily report has no trend to draw.
  auto daily = draft_report(config, f.store(), {PeriodKind::kDaily, nov(25)}, clock);
  REQUIRE(daily.ok());
  CHECK_THAT(jaga::testing::pdf_text(daily->pdf, ""), !Contains("per hari (MiB)"));
}

// Issue 16: the PDF names hosts as the office does and checks in Indonesian; host names stay in
// the JSON.
TEST_CASE("a report names hosts by their display name and checks in Indonesian",
          "[report][render]") {
  EvidenceFixture f;
  fill_day(f, 26);
  config::Config config = make_config("");
  config.agent.host_name = "db1";
  REQUIRE(config.agent.display_name == "Server Utama");  // the default of a lone agent
  FakeClock clock(wib(2026, 11, 27, 6));
  auto r = draft_report(config, f.store(), {PeriodKind::kDaily, std::nullopt}, clock);
  REQUIRE(r.ok());
  const std::string text = jaga::testing::pdf_text(r->pdf);
  CHECK_THAT(text, Contains("Server Utama") && Contains("Replikasi"));
  CHECK_THAT(text, !Contains("db1"));
  CHECK(nlohmann::json::parse(r->json)["drafted_on"] == "db1");
  // A host the configuration does not know is "server lain", never its name.
  config.agent.host_name = "renamed";
  auto other = draft_report(config, f.store(), {PeriodKind::kDaily, std::nullopt}, clock);
  REQUIRE(other.ok());
  const std::string other_text = jaga::testing::pdf_text(other->pdf);
  CHECK_THAT(other_text, Contains("server lain") && !Contains("db1"));
}

// Issue 14, item 3: every signed report witnesses the agenda book before it, on paper.
TEST_CASE("a report states the agenda book's head it was drafted after", "[report][render]") {
  EvidenceFixture f;
  fill_day(f, 26);
  const config::Config config = make_config("");
  FakeClock clock(wib(2026, 11, 27, 6));
  auto before = draft_report(config, f.store(), {PeriodKind::kDaily, std::nullopt}, clock);
  REQUIRE(before.ok());
  CHECK_THAT(jaga::testing::pdf_text(before->pdf),
             Contains("Buku Agenda") && Contains("disusun sebelum entri pertama"));
  CHECK(nlohmann::json::parse(before->json)["agenda_head"]["position"] == 0);

  agenda::AgendaEntry entry;
  {
    auto tx = f.store().transaction();
    REQUIRE(tx.began());
    auto e =
        agenda::append_entry(f.store(), agenda::NumberFormat::parse("{seq:04}/PIAK/{year}").value(),
                             UtcOffset(std::chrono::hours(7)),
                             {"LAP/H/20261125",
                              "daily",
                              "2026-11-25",
                              "2026-11-25",
                              std::string(64, 'a'),
                              {"apk: Budi Santoso"},
                              wib(2026, 11, 26, 10)});
    REQUIRE(e.ok());
    REQUIRE(tx.commit());
    entry = *e;
  }
  auto after = draft_report(config, f.store(), {PeriodKind::kDaily, std::nullopt}, clock);
  REQUIRE(after.ok());
  // The line may wrap anywhere: compared without spaces and line breaks.
  const auto squeezed = [](const std::string& t) {
    return std::regex_replace(t, std::regex("\\s+"), "");
  };
  CHECK_THAT(squeezed(jaga::testing::pdf_text(after->pdf)),
             Contains(squeezed("disusun setelah entri ke-1 (No. Agenda 0001/PIAK/2026, hash " +
                               entry.entry_hash.substr(0, 12) + ")")));
  const auto j = nlohmann::json::parse(after->json);
  CHECK(j["agenda_head"]["position"] == 1);
  CHECK(j["agenda_head"]["agenda_number"] == "0001/PIAK/2026");
  CHECK(j["agenda_head"]["entry_hash"] == entry.entry_hash);
}

TEST_CASE("a weekly report in English compares with the previous week", "[report][render]") {
  EvidenceFixture f;
  fill_day(f, 17);
  fill_day(f, 25);
  const config::Config config = make_config("language = \"en\"");
  FakeClock clock(wib(2026, 11, 30, 1));
  auto r = draft_report(config, f.store(), {PeriodKind::kWeekly, std::nullopt}, clock);
  if (!r) FAIL(r.error().message);
  CHECK(r->number == "LAP/M/20261123");
  const std::string text = jaga::testing::pdf_text(r->pdf);
  for (const char* s :
       {"WEEKLY REPORT", "Week 48 2026", "8. Daily Summary", "11. Recommended Actions",
        "Previous period", "Incident Timeline", "Page 2 of", "Prepared by", "Wednesday, 25-11"}) {
    CHECK_THAT(text, Contains(s));
  }
  CHECK_FALSE(has_unmasked_nik(text));
  const auto j = nlohmann::json::parse(r->json);
  CHECK(j["summary"]["days"].size() == 7);
  CHECK(j["previous_period"]["headline"]["consistency_runs"] == 1);
  CHECK(j["previous_period"]["change"]["consistency_runs"] == 0);
}

TEST_CASE("drafting refuses an open period and a missing logo", "[report][render]") {
  EvidenceFixture f;
  FakeClock clock(wib(2026, 11, 27, 6));
  auto open = draft_report(make_config(""), f.store(), {PeriodKind::kMonthly, nov(27)}, clock);
  REQUIRE_FALSE(open.ok());
  CHECK_THAT(open.error().message, Contains("monthly period 2026-11-01 to 2026-11-30 has not "
                                            "closed yet"));
  config::Config config = make_config("");
  config.report.logo = "/nonexistent/logo.png";
  auto logo = draft_report(config, f.store(), {PeriodKind::kDaily, nov(26)}, clock);
  REQUIRE_FALSE(logo.ok());
  CHECK_THAT(
      logo.error().message,
      Contains("cannot read the letterhead logo /nonexistent/logo.png (report.letterhead.logo)"));
}

TEST_CASE("a letterhead logo is drawn from its PNG", "[report][render]") {
  EvidenceFixture f;
  jaga::testing::TempDir dir;
  const std::string logo = dir.file("logo.png");
  cairo_surface_t* image = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 64, 80);
  cairo_t* cr = cairo_create(image);
  cairo_set_source_rgb(cr, 0.1, 0.4, 0.2);
  cairo_paint(cr);
  cairo_destroy(cr);
  REQUIRE(cairo_surface_write_to_png(image, logo.c_str()) == CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy(image);
  config::Config config = make_config("");
  config.report.logo = logo;
  FakeClock clock(wib(2026, 11, 27, 6));
  auto with_logo = draft_report(config, f.store(), {PeriodKind::kDaily, nov(26)}, clock);
  if (!with_logo) FAIL(with_logo.error().message);
  config.report.logo.clear();
  auto without = draft_report(config, f.store(), {PeriodKind::kDaily, nov(26)}, clock);
  REQUIRE(without.ok());
  CHECK(with_logo->pdf.size() > without->pdf.size());  // the image is embedded
  CHECK_THAT(jaga::testing::pdf_text(with_logo->pdf),
             Contains("DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL"));
}

TEST_CASE("report files are written whole and named after the number", "[report][render]") {
  jaga::testing::TempDir dir;
  DraftedReport r;
  r.number = "LAP/H/20261126";
  r.json = "{}\n";
  r.pdf = "%PDF-1.5 test";
  auto written = write_report_files(dir.file("reports"), r);
  REQUIRE(written.ok());
  CHECK(written->pdf_path == dir.file("reports") + "/LAP-H-20261126.pdf");
  std::ifstream in(written->json_path);
  std::string body((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK(body == "{}\n");
  auto refused = write_report_files("/proc/jaga-no-such-dir", r);
  REQUIRE_FALSE(refused.ok());
  CHECK_THAT(refused.error().message, Contains("/proc/jaga-no-such-dir"));
}

}  // namespace
}  // namespace jaga::report
