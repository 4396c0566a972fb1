// The printable agenda book: CSV (RFC 4180, UTF-8) and an A4 PDF table (cairo + pango, DejaVu
// fonts) with every entry's agenda number, time, report, period, document SHA-256, signers and
// chain hashes, and the head of the chain on every page so a printed copy pins the book.
#pragma once

#include <string>
#include <vector>

#include "agenda/agenda_book.h"
#include "core/result.h"
#include "core/utc_offset.h"

namespace jaga::agenda {

std::string to_csv(const std::vector<AgendaEntry>& entries, const UtcOffset& zone);

struct BookTitle {
  std::string office;    // e.g. the agent's host name or office name
  std::string workflow;  // "SOP-PIAK-07"
  std::string scope;     // "2026" or "all years"
};

// Writes the PDF to `path`, whole or not at all; errors name the file.
Result<void> write_pdf(const std::vector<AgendaEntry>& entries, const BookTitle& title,
                       const UtcOffset& zone, const std::string& path);

}  // namespace jaga::agenda
