// The report as an A4 PDF for the officials: letterhead, number and period, the evidence
// sections with their tables and charts, the recommended actions and the signature block of
// the three officials of SOP-PIAK-07. Lays out a ReportModel; never reads the evidence store.
#pragma once

#include <string>

#include "config/config.h"
#include "report/pdf_document.h"
#include "report/report.h"

namespace jaga::report {

Result<std::string> render_pdf(const ReportModel& model, const config::ReportConfig& config);

// A host as the PDF names it (ReportModel::host_labels): "Server Utama"; an unknown host
// "server lain", never its name (pdf_sections.cpp).
std::string host_label(const ReportModel& m, const std::string& host);
// A check as officials read it: "Replikasi", "Uji pemulihan"; an unknown check by its name.
std::string check_label(const std::string& check, const std::string& language);

// The verdict box under the title (pdf_verdict.cpp).
void draw_verdict(PdfDocument& doc, const ReportModel& m);

// The evidence sections (pdf_sections.cpp), in page order.
void draw_summary(PdfDocument& doc, const ReportModel& m);
void draw_availability(PdfDocument& doc, const ReportModel& m);
void draw_replication(PdfDocument& doc, const ReportModel& m);
void draw_consistency(PdfDocument& doc, const ReportModel& m);
void draw_backups(PdfDocument& doc, const ReportModel& m);
void draw_volumes(PdfDocument& doc, const ReportModel& m);
void draw_security(PdfDocument& doc, const ReportModel& m);
void draw_days(PdfDocument& doc, const ReportModel& m);
void draw_incidents(PdfDocument& doc, const ReportModel& m);
void draw_gaps(PdfDocument& doc, const ReportModel& m);

}  // namespace jaga::report
