#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "agenda/agenda_export.h"
#include "tests/unit/clerk_csv.h"

namespace jaga::agenda {

using testing::parse_clerk_csv;

TEST_CASE("agenda CSV: semicolon separated, UTF-8 BOM, Indonesian headers and role names",
          "[agenda][csv]") {
  AgendaEntry e;
  e.position = 1;
  e.agenda_number = "0001/PIAK/2026";
  e.recorded_at = "2026-12-06T04:12:00.000Z";
  e.report = "LAP-H/2026/12/05";
  e.period_kind = "daily";
  e.period_start = "2026-12-05";
  e.period_end = "2026-12-05";
  e.document_sha256 = std::string(64, 'a');
  e.signers = {"apk: Andi; \"Pratama\"", "sub_koord: Siti Aminah", "kabid: Budi Santoso"};
  e.prev_hash = std::string(64, '0');
  e.entry_hash = std::string(64, 'b');
  const std::string csv = to_csv({e}, UtcOffset(std::chrono::hours(7)));
  REQUIRE(csv.rfind("\xEF\xBB\xBF", 0) == 0);
  const auto rows = parse_clerk_csv(csv.substr(3));
  REQUIRE(rows.size() == 2);
  CHECK(rows[0] == std::vector<std::string>{
                       "No.", "Nomor Agenda", "Dicatat (UTC)", "Dicatat (waktu setempat)",
                       "Nomor Laporan", "Jenis Laporan", "Awal Periode", "Akhir Periode",
                       "SHA-256 Dokumen", "Penanda Tangan", "Hash Sebelumnya", "Hash Entri"});
  REQUIRE(rows[1].size() == 12);
  CHECK(rows[1][0] == "1");
  CHECK(rows[1][1] == "0001/PIAK/2026");
  CHECK(rows[1][3] == "2026-12-06 11:12:00 +07:00");
  CHECK(rows[1][5] == "Harian");
  CHECK(rows[1][9] ==
        "Administrator: Andi; \"Pratama\", Sub Koordinator: Siti Aminah, Kepala Bidang: Budi "
        "Santoso");
}

}  // namespace jaga::agenda
