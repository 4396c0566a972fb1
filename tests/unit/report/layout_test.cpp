// The report's closing must not be orphaned: whatever the length of the sections before it, the
// signature block of the three officials shares its page with the last recommended action, so
// no official signs a page that carries nothing but their names.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdio>
#include <string>
#include <vector>

#include "report/pdf_report.h"
#include "report/recommendations.h"
#include "tests/unit/run_tool.h"

namespace jaga::report {
namespace {

using Catch::Contains;

// The text of each page, in order (pdftotext ends every page with a form feed).
std::vector<std::string> page_texts(const std::string& pdf) {
  const std::string out = jaga::testing::pdf_text(pdf, "");
  std::vector<std::string> pages;
  size_t start = 0;
  for (size_t ff = out.find('\f'); ff != std::string::npos; ff = out.find('\f', start)) {
    pages.push_back(out.substr(start, ff - start));
    start = ff + 1;
  }
  return pages;
}

// A report of `kind` with `incidents` one-minute incidents: each adds a row to the incident
// timeline, moving everything after it down the pages a row at a time.
ReportModel model_with(PeriodKind kind, size_t incidents) {
  ReportModel m;
  m.number = "LAP/X/20261101";
  m.language = "id";
  const UtcOffset wib(std::chrono::hours(7));
  m.period = period_containing(
      kind, Date{std::chrono::year(2026), std::chrono::November, std::chrono::day(2)}, wib);
  m.drafted_at = m.period.end + std::chrono::minutes(5);
  m.drafted_on = "db1";
  m.summary.period = m.period;
  for (size_t i = 0; i < incidents; ++i) {
    Incident inc;
    inc.check = "replication";
    inc.host = "db1";
    inc.status = Status::kWarn;
    inc.start = m.period.start + std::chrono::minutes(10 * i);
    inc.end = inc.start + std::chrono::minutes(1);
    inc.summary = "backup is behind";
    m.summary.incidents.push_back(inc);
  }
  m.recommendations = recommend(m.summary, {});
  return m;
}

TEST_CASE("the signature block always shares its page with the last recommended action",
          "[report][render][layout]") {
  config::ReportConfig config;
  config.government = "PEMERINTAH KABUPATEN SEMARANG";
  config.agency = "DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL";
  config.apk.name = "Budi Santoso";
  config.sub_koord.name = "Siti Rahma";
  config.kabid.name = "Agus Wibowo";
  for (const PeriodKind kind : {PeriodKind::kDaily, PeriodKind::kMonthly}) {
    size_t pages_seen = 0;
    // 48 rows of about 17 points move the closing through more than a whole page.
    for (size_t incidents = 0; incidents <= 48; ++incidents) {
      const ReportModel m = model_with(kind, incidents);
      auto pdf = render_pdf(m, config);
      REQUIRE(pdf.ok());
      const std::vector<std::string> pages = page_texts(*pdf);
      REQUIRE_FALSE(pages.empty());
      const std::string& last = pages.back();
      const std::string& action = m.recommendations.back().id;
      INFO(period_kind_name(kind) << " report with " << incidents << " incidents, " << pages.size()
                                  << " pages; last page:\n"
                                  << last);
      CHECK_THAT(last, Contains("Agus Wibowo") && Contains("Siti Rahma"));
      CHECK_THAT(last, Contains(action.substr(0, 24)));
      pages_seen = std::max(pages_seen, pages.size());
    }
    CHECK(pages_seen >= 2);  // the sweep crossed a page boundary
  }
}

}  // namespace
}  // namespace jaga::report
