// Drafting a daily report from real evidence: the server, replication and consistency checks run
// against the sandbox pair (with two rows changed on the backup behind replication's back), and
// the report of that day says so, with keys masked, in the PDF text and the JSON; the day before,
// without evidence, shows its gaps. `jaga report draft` writes both files and prints their paths.
#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <regex>

#include "checks/registry.h"
#include "cli/check_runner.h"
#include "report/report.h"
#include "store/evidence_store.h"
#include "tests/integration/consistency_scratch.h"
#include "tests/unit/run_tool.h"

namespace jaga::test {
namespace {

using Catch::Contains;

class FixedClock final : public Clock {
 public:
  explicit FixedClock(TimePoint t) : t_(t) {}
  TimePoint now() const override { return t_; }

 private:
  TimePoint t_;
};

bool has_sixteen_digits(const std::string& text) {
  return std::regex_search(text, std::regex("[0-9]{16}"));
}

// Runs every enabled check once and records it, exactly as `jaga check` does.
void run_all_checks(const config::Config& config) {
  SystemClock clock;
  SystemEnv env;
  const auto all = checks::all_checks();
  auto chosen = cli::select_checks(all, config, {});
  REQUIRE(chosen.ok());
  const cli::RecordedRun recorded =
      cli::run_and_record(config, *chosen, "check", false, clock, env);
  REQUIRE_FALSE(recorded.store_failed);
  REQUIRE(recorded.run.results.size() == chosen->size());
}

TEST_CASE("a daily report from sandbox evidence shows the difference masked and the gaps",
          "[report][integration]") {
  ScratchSchema scratch;
  create_people(scratch, "biodata", 2000);
  scratch.catch_up();
  scratch.on_backup_only("UPDATE jaga_ctest.biodata SET nama = 'Warga Lain' WHERE nik = '" +
                         nik(500) + "'");
  scratch.on_backup_only("DELETE FROM jaga_ctest.biodata WHERE nik = '" + nik(12340) + "'");

  TempDir dir;
  config::Config config = ScratchSchema::config();
  config.agent.evidence_db = dir.path() + "/evidence.db";
  config.report.dir = dir.path() + "/reports";
  run_all_checks(config);
  auto store = store::EvidenceStore::open(config.agent.evidence_db);
  REQUIRE(store.ok());

  // The report of today (office time), drafted as if it were a minute past tomorrow's midnight.
  const TimePoint now = std::chrono::system_clock::now();
  const report::Date today = report::local_date(now, config.report.zone);
  const report::Period day =
      report::period_containing(report::PeriodKind::kDaily, today, config.report.zone);
  FixedClock after(day.end + std::chrono::minutes(1));
  auto drafted =
      report::draft_report(config, **store, {report::PeriodKind::kDaily, std::nullopt}, after);
  if (!drafted) FAIL(drafted.error().message);
  CHECK(report::format_date(drafted->period.first) == report::format_date(today));

  const std::string text = jaga::testing::pdf_text(drafted->pdf);
  for (const std::string& s : std::vector<std::string>{
           "LAPORAN HARIAN", "1. Ringkasan", "2. Ketersediaan Server", "3. Replikasi",
           "4. Konsistensi Data", "Kritis", "2 baris tabel jaga_ctest.biodata",
           "8. Kronologi Insiden", "9. Kekosongan Bukti", "tidak ada hasil diterima",
           "tidak pernah dijalankan", "10. Rekomendasi Tindakan", "menyelidiki 2 baris",
           "Kepala Bidang Contoh", "1 pemeriksaan keamanan", "19780303 200501 1 003",
           "Halaman 1 dari"}) {
    CHECK_THAT(text, Contains(s));
  }
  CHECK_FALSE(has_sixteen_digits(text));
  CHECK_FALSE(has_sixteen_digits(drafted->json));
  CHECK_THAT(drafted->json, Contains("\"differing_rows\":2"));
  CHECK_THAT(drafted->json, Contains(masked_nik(500)));

  // The day before: no evidence at all, every check a gap.
  auto before =
      report::draft_report(config, **store,
                           {report::PeriodKind::kDaily,
                            report::Date{std::chrono::sys_days{today} - std::chrono::days(1)}},
                           after);
  REQUIRE(before.ok());
  const std::string empty = jaga::testing::pdf_text(before->pdf);
  CHECK_THAT(empty, Contains("Tidak ada bukti dalam periode ini"));
  CHECK_THAT(before->json, Contains("\"kind\":\"never_run\",\"start\""));
  CHECK_THAT(before->json, Contains("\"check\":\"server\",\"duration_seconds\":86400"));
}

TEST_CASE("jaga report draft writes the PDF and JSON and prints their paths",
          "[report][integration]") {
  TempDir dir;
  const std::string reports = Sandbox::get().dir() + "/reports";
  const std::string config = private_config(dir, reports, dir.path() + "/reports");
  ProcessResult r = run_jaga({"--config", config, "report", "draft", "--period", "daily"});
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Contains(dir.path() + "/reports/LAP-H-"));
  CHECK_THAT(r.out, Contains(".pdf\n"));
  size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path() + "/reports")) {
    CHECK(entry.path().extension() != ".tmp");
    ++files;
  }
  CHECK(files == 2);

  ProcessResult open = run_jaga(
      {"--config", config, "report", "draft", "--period", "monthly", "--date", "2199-01-15"});
  CHECK(open.exit_code == 1);
  CHECK_THAT(open.err, Contains("has not closed yet"));
  ProcessResult bad = run_jaga({"--config", config, "report", "draft", "--date", "2026-02-30"});
  CHECK(bad.exit_code == 2);
  CHECK_THAT(bad.err, Contains("--date: invalid date \"2026-02-30\": there is no such day"));
}

}  // namespace
}  // namespace jaga::test
