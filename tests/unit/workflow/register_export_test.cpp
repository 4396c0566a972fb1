// The register for the office ("Daftar Laporan"): the clerk's CSV read column by column, and the
// PDF in Indonesian with working-hours durations, return notes and overdue steps.
#include "workflow/register_export.h"

#include <catch2/catch.hpp>

#include "tests/unit/clerk_csv.h"
#include "tests/unit/run_tool.h"

namespace jaga::workflow {
namespace {

using Catch::Matchers::Contains;
using std::chrono::hours;
using std::chrono::minutes;

TimePoint wib(int y, unsigned m, unsigned d, int h, int min) {
  return std::chrono::sys_days{std::chrono::year{y} / m / d} + hours(h) + minutes(min) - hours(7);
}

Definition sop() {
  auto d = load_definition(std::string(JAGA_SOURCE_DIR) + "/config/sop-piak-07.toml");
  REQUIRE(d.ok());
  return *d;
}

StepRow step(const Definition& d, const std::string& name, const std::string& action,
             const std::string& signer, TimePoint since, TimePoint at) {
  const StepDefinition& def = d.steps[*d.find(name)];
  const Timing t = time_step(d, def, since, at);
  StepRow s;
  s.version = 1;
  s.step = name;
  s.action = action;
  s.role = def.role;
  s.signer = signer;
  s.at = at;
  s.duration_seconds = t.duration_seconds;
  s.standard_seconds = t.standard_seconds;
  s.late = t.late;
  return s;
}

// A daily report of Thursday 3 December 2026: drafted 00:20 Friday, finalized Friday 15:50,
// returned by the Sub Koord on Monday 07:32 with a note (one whose text needs quoting in CSV).
RegisterEntry returned_report(const Definition& d) {
  RegisterEntry e;
  e.report = {"LAP-H/2026/12/03", "daily", "2026-12-03", "2026-12-03", "returned to apk", 1, ""};
  const TimePoint closed = wib(2026, 12, 4, 0, 0);
  e.steps.push_back(step(d, "draft", "draft", "jaga", closed, wib(2026, 12, 4, 0, 20)));
  e.steps.push_back(step(d, "finalize", "finalize", "Andi Pratama", wib(2026, 12, 4, 0, 20),
                         wib(2026, 12, 4, 15, 50)));
  StepRow ret = step(d, "receive_sub_koord", "return", "Siti Aminah", wib(2026, 12, 4, 15, 50),
                     wib(2026, 12, 7, 7, 32));
  ret.note = "grafik lag kosong; mohon \"diulang\"";
  e.steps.push_back(ret);
  e.state =
      replay(d, {ChainEvent{"draft", false, "scheduler", 1, e.steps[0].at, ""},
                 ChainEvent{"finalize", false, "apk", 1, e.steps[1].at, ""},
                 ChainEvent{"receive_sub_koord", true, "sub_koord", 1, e.steps[2].at, ret.note}});
  return e;
}

}  // namespace

TEST_CASE("register CSV: one row per step, Indonesian, working-hours durations",
          "[workflow][register][csv]") {
  const Definition d = sop();
  const std::string csv = register_csv(d, {returned_report(d)});
  REQUIRE(csv.rfind("\xEF\xBB\xBF", 0) == 0);
  const auto rows = testing::parse_clerk_csv(csv.substr(3));
  REQUIRE(rows.size() == 4);
  CHECK(rows[0] == std::vector<std::string>{
                       "Nomor Laporan", "Jenis Laporan", "Awal Periode", "Akhir Periode", "Status",
                       "Versi", "Langkah", "Peran", "Pelaksana", "Waktu (WIB)", "Durasi (menit)",
                       "Standar (menit)", "Diukur dalam", "Ketepatan", "Catatan"});
  for (const auto& row : rows) REQUIRE(row.size() == 15);
  // The draft: 20 clock minutes after the day closed, against 60.
  CHECK(rows[1] == std::vector<std::string>{"LAP-H/2026/12/03", "Harian", "2026-12-03",
                                            "2026-12-03", "dikembalikan ke Administrator", "1",
                                            "Membuat draft laporan", "jaga (terjadwal)", "jaga",
                                            "2026-12-04 00:20", "20,0", "60,0", "jam kalender",
                                            "Tepat waktu", ""});
  // Finalized at 15:50: 00:20 to 07:30 is outside working hours, 07:30 to 15:50 is 500 minutes.
  CHECK(rows[2][6] == "Finalisasi laporan");
  CHECK(rows[2][7] == "Administrator");
  CHECK(rows[2][8] == "Andi Pratama");
  CHECK(rows[2][9] == "2026-12-04 15:50");
  CHECK(rows[2][10] == "500,0");
  CHECK(rows[2][11] == "15,0");
  CHECK(rows[2][12] == "jam kerja");
  CHECK(rows[2][13] == "Terlambat");
  // Returned on Monday 07:32: 10 + 2 working minutes over the weekend.
  CHECK(rows[3][6] == "Dikembalikan pada langkah: Menerima laporan dari Administrator");
  CHECK(rows[3][7] == "Sub Koordinator");
  CHECK(rows[3][10] == "12,0");
  CHECK(rows[3][13] == "Terlambat");
  CHECK(rows[3][14] == "grafik lag kosong; mohon \"diulang\"");
}

TEST_CASE("register CSV: an overdue step has its own row", "[workflow][register][csv]") {
  const Definition d = sop();
  RegisterEntry e = returned_report(d);
  e.steps.pop_back();
  e.state = replay(d, {ChainEvent{"draft", false, "scheduler", 1, e.steps[0].at, ""},
                       ChainEvent{"finalize", false, "apk", 1, e.steps[1].at, ""}});
  e.overdue = overdue_at(d, e.state, wib(2026, 12, 7, 8, 0));
  REQUIRE(e.overdue.has_value());
  const auto rows = testing::parse_clerk_csv(register_csv(d, {e}).substr(3));
  REQUIRE(rows.size() == 4);
  CHECK(rows[3][4] == "difinalisasi");
  CHECK(rows[3][6] == "Menerima laporan dari Administrator");
  CHECK(rows[3][7] == "Sub Koordinator");
  // Due Friday 15:55; at Monday 08:00 it is 5 + 30 working minutes late.
  CHECK_THAT(rows[3][13], Contains("Belum dilakukan, terlambat 35 menit") &&
                              Contains("batas 2026-12-04 15:55 WIB"));
}

TEST_CASE("register PDF: Indonesian, the office's hours, page numbers",
          "[workflow][register][pdf]") {
  const Definition d = sop();
  std::vector<RegisterEntry> entries;
  for (int i = 0; i < 40; ++i) {
    RegisterEntry e = returned_report(d);
    e.report.number = "LAP-H/2026/12/03-" + std::to_string(i);
    entries.push_back(e);
  }
  auto pdf = register_pdf(d, entries, RegisterTitle{"Dinas Dukcapil", wib(2026, 12, 7, 9, 0)});
  REQUIRE(pdf.ok());
  const std::string text = testing::pdf_text(*pdf, "");
  CHECK_THAT(text, Contains("Daftar Laporan — SOP-PIAK-07") && Contains("40 laporan") &&
                       Contains("dicetak 2026-12-07 09:00 WIB") &&
                       Contains("Senin–Jumat 07.30–16.00 WIB") && Contains("Terlambat") &&
                       Contains("Tepat waktu") && Contains("jam kerja") &&
                       Contains("dikembalikan ke") && Contains("Catatan: grafik lag") &&
                       Contains("Halaman 1 dari ") && Contains("Halaman 2 dari "));
  for (const char* english : {"LATE", "finalize", "returned", "receive_sub_koord", "apk"}) {
    INFO(english);
    CHECK_THAT(text, !Contains(english));
  }
  auto empty = register_pdf(d, {}, RegisterTitle{"Dinas Dukcapil", wib(2026, 12, 7, 9, 0)});
  REQUIRE(empty.ok());
  CHECK_THAT(testing::pdf_text(*empty, ""),
             Contains("(belum ada laporan)") && Contains("Halaman 1 dari 1"));
}

}  // namespace jaga::workflow
