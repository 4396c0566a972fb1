// Printable tables for a clerk: a CSV that a spreadsheet with Indonesian settings opens in
// columns, and an A4 landscape PDF table with its header repeated and "Halaman x dari y" on every
// page. The agenda book and the report register ("Daftar Laporan") are printed with them.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"

namespace jaga::print {

using Row = std::vector<std::string>;

// ';' between fields (',' is the decimal comma there), a UTF-8 byte order mark so accented names
// open right, CRLF line ends; a field holding ';', ',', '"' or a line break is quoted (RFC 4180).
std::string clerk_csv(const Row& header, const std::vector<Row>& rows);

struct Column {
  std::string title;
  double width = 0;  // points; the widths add up to the printable width, kPrintableWidth
};

// A4 landscape (841.89 × 595.28 pt) less 36 pt margins.
inline constexpr double kPrintableWidth = 841.89 - 2 * 36;

struct TableDocument {
  std::string title;      // large, at the top of every page
  std::string subtitle;   // one or two lines under it
  std::string pdf_title;  // the PDF's metadata title
  std::vector<Column> columns;
  std::vector<Row> rows;   // each with one cell per column; a cell may hold line breaks
  std::string empty_text;  // printed under the header when there are no rows
  std::string footer;      // after "Halaman x dari y · " at the foot of every page
  std::string row_font = "DejaVu Sans 8";  // pango font description of the rows
};

// The PDF bytes, rendered whole in memory (twice: the first pass counts the pages), or the
// cairo error. A row taller than a page is cut at the page's foot rather than looping.
Result<std::string> render_table_pdf(const TableDocument& document);

}  // namespace jaga::print
