// Issue 16: one language per document. Each report kind is drafted from a store holding every
// kind of finding, read back with pdftotext and searched for English words, command lines, host
// names, paths and IP addresses. Page 1 of each is kept as a PNG artefact of ops/test
// ($JAGA_ARTEFACTS_DIR) for a person to look at.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <regex>

#include "report/report.h"
#include "tests/unit/report/evidence_fixture.h"
#include "tests/unit/run_tool.h"
#include "tests/unit/schedule/times.h"

namespace jaga::report {
namespace {

using schedule::testing::FakeClock;
using schedule::testing::wib;
using testing::EvidenceFixture;
using testing::fill_day;

config::Config make_config() {
  auto c = config::parse_config(
      "[agent]\nhost_name = \"db1\"\n"
      "[servers.primary]\nhost = \"127.0.0.1\"\nuser = \"jaga\"\n"
      "[servers.backup]\nhost = \"10.0.0.2\"\nuser = \"jaga\"\n"
      "[report.letterhead]\nplace = \"Ungaran\"\n",
      "/etc/jaga/jaga.toml");
  if (!c) FAIL(c.error().message);
  return *c;
}

// Words of the English messages, check names, statuses and commands that once leaked into the
// Indonesian report; matched as whole words.
const char* const kEnglish[] = {
    "rows",        "identical", "behind",       "cannot",    "connect",      "refused",
    "unreachable", "WARN",      "CRIT",         "UNKNOWN",   "OK",           "replication",
    "consistency", "backups",   "restore_test", "security",  "server check", "primary",
    "backup",      "differ",    "systemctl",    "jaga diff", "Lag",          "lag",
    "hr",          "Host",      "ongoing",      "agent",     "threads",      "thread",
    "db1"};

void check_indonesian_only(const std::string& text) {
  for (const char* word : kEnglish) {
    INFO("English in the Indonesian report: " << word);
    CHECK_FALSE(std::regex_search(text, std::regex(std::string("\\b") + word + "\\b")));
  }
  INFO(text);
  CHECK_FALSE(
      std::regex_search(text, std::regex("\\b\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\b")));
  CHECK_FALSE(std::regex_search(text, std::regex("(^|\\s)/(etc|var|tmp|usr|home)/")));
  CHECK_FALSE(
      std::regex_search(text, std::regex("\\d,\\d{3}\\b")));  // "1,000,000": English grouping
}

void keep_first_page(const std::string& pdf, const std::string& name) {
  const char* dir = std::getenv("JAGA_ARTEFACTS_DIR");
  const std::string out_dir =
      dir != nullptr && *dir != '\0'
          ? dir
          : (std::filesystem::temp_directory_path() / "jaga-artefacts").string();
  std::filesystem::create_directories(out_dir);
  const std::string pdf_path = out_dir + "/" + name + ".pdf";
  {
    FILE* f = std::fopen(pdf_path.c_str(), "wb");
    REQUIRE(f != nullptr);
    REQUIRE(std::fwrite(pdf.data(), 1, pdf.size(), f) == pdf.size());
    REQUIRE(std::fclose(f) == 0);
  }
  const auto r = jaga::testing::run_tool("pdftoppm -png -r 70 -f 1 -l 1 -singlefile " + pdf_path +
                                         " " + out_dir + "/" + name + "-halaman-1");
  REQUIRE(r.exit_code == 0);
  if (std::getenv("JAGA_KEEP_PDF") == nullptr) std::filesystem::remove(pdf_path);
  const std::string png = out_dir + "/" + name + "-halaman-1.png";
  REQUIRE(std::filesystem::file_size(png) > 1000);
}

}  // namespace

TEST_CASE("daily, weekly and monthly reports are Indonesian throughout, without hosts or paths",
          "[report][render][language]") {
  EvidenceFixture f;
  for (unsigned day = 23; day <= 29; ++day) fill_day(f, day);
  const config::Config config = make_config();
  const std::pair<PeriodKind, const char*> kinds[] = {{PeriodKind::kDaily, "laporan-harian"},
                                                      {PeriodKind::kWeekly, "laporan-mingguan"},
                                                      {PeriodKind::kMonthly, "laporan-bulanan"}};
  for (const auto& [kind, name] : kinds) {
    INFO(name);
    FakeClock clock(wib(2026, 12, 1, 6));
    auto r = draft_report(config, f.store(), {kind, std::nullopt}, clock);
    if (!r) FAIL(r.error().message);
    const std::string text = jaga::testing::pdf_text(r->pdf, "");
    check_indonesian_only(text);
    CHECK_THAT(text, Catch::Contains("Ungaran, 1 Desember 2026"));
    keep_first_page(r->pdf, name);
  }
}

TEST_CASE("a security finding is said in Indonesian, never the check's English summary",
          "[report][render][language][findings]") {
  EvidenceFixture f;
  f.add("security", "db1", wib(2026, 11, 26, 3), Status::kCrit,
        "primary 127.0.0.1:3306: account without a password: app@%", {},
        FindingKind::kSecurityPasswordlessAccounts, {{"role", "primary"}, {"accounts", 1}});
  FakeClock clock(wib(2026, 11, 27, 6));
  auto r = draft_report(make_config(), f.store(), {PeriodKind::kDaily, std::nullopt}, clock);
  if (!r) FAIL(r.error().message);
  const std::string text = jaga::testing::pdf_text(r->pdf, "");
  CHECK_THAT(text, Catch::Contains("1 akun tanpa kata sandi di Server Utama"));
  CHECK_THAT(text, !Catch::Contains("app@%"));
  check_indonesian_only(text);
  // The JSON twin keeps the English for the administrator.
  CHECK_THAT(r->json, Catch::Contains("account without a password"));
}

}  // namespace jaga::report
