#include "agenda/agenda_export.h"

#include <fmt/format.h>

#include "core/durable_file.h"
#include "print/office_words.h"
#include "print/table.h"

namespace jaga::agenda {
namespace {

std::string join(const std::vector<std::string>& v, const std::string& sep) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
  return out;
}

// recorded_at (RFC 3339 UTC) on the office's wall clock; the stored text when unreadable.
std::string local_time(const std::string& utc, const UtcOffset& zone) {
  const auto at = parse_utc(utc);
  return at ? format_in_zone(*at, zone) : utc;
}

std::vector<std::string> signers_in_indonesian(const std::vector<std::string>& signers) {
  std::vector<std::string> out;
  for (const std::string& s : signers) out.push_back(print::signer_name(s));
  return out;
}

std::vector<std::string> cells(const AgendaEntry& e, const UtcOffset& zone) {
  return {e.agenda_number,
          local_time(e.recorded_at, zone),
          e.report,
          fmt::format("{}\n{} s.d. {}", print::period_kind_name(e.period_kind), e.period_start,
                      e.period_end),
          e.document_sha256,
          join(signers_in_indonesian(e.signers), "\n"),
          fmt::format("{}…\n← {}…", e.entry_hash.substr(0, 20), e.prev_hash.substr(0, 20))};
}

}  // namespace

std::string to_csv(const std::vector<AgendaEntry>& entries, const UtcOffset& zone) {
  // For a clerk's spreadsheet with Indonesian settings (print::clerk_csv).
  std::vector<print::Row> rows;
  for (const AgendaEntry& e : entries) {
    rows.push_back({std::to_string(e.position), e.agenda_number, e.recorded_at,
                    local_time(e.recorded_at, zone), e.report,
                    print::period_kind_name(e.period_kind), e.period_start, e.period_end,
                    e.document_sha256, join(signers_in_indonesian(e.signers), ", "), e.prev_hash,
                    e.entry_hash});
  }
  return print::clerk_csv({"No.", "Nomor Agenda", "Dicatat (UTC)", "Dicatat (waktu setempat)",
                           "Nomor Laporan", "Jenis Laporan", "Awal Periode", "Akhir Periode",
                           "SHA-256 Dokumen", "Penanda Tangan", "Hash Sebelumnya", "Hash Entri"},
                          rows);
}

Result<void> write_pdf(const std::vector<AgendaEntry>& entries, const BookTitle& title,
                       const UtcOffset& zone, const std::string& path) {
  print::TableDocument doc;
  doc.title = fmt::format("Buku Agenda — laporan {} ({})", title.workflow, title.scope);
  const std::string head_hash = entries.empty() ? kGenesisHash : entries.back().entry_hash;
  doc.subtitle = fmt::format("{} · {} entri · hash rantai terakhir {}", title.office,
                             entries.size(), head_hash);
  doc.pdf_title = fmt::format("Buku Agenda {} {}", title.workflow, title.scope);
  doc.columns = {{"No. Agenda", 78},
                 {"Dicatat", 80},
                 {"Nomor Laporan", 96},
                 {"Periode", 86},
                 {"SHA-256 dokumen", 142},
                 {"Penandatangan", 150},
                 {"Hash entri / ← sebelumnya", 137.89}};
  for (const AgendaEntry& e : entries) doc.rows.push_back(cells(e, zone));
  doc.empty_text = "(belum ada entri)";
  doc.footer =
      "dibuat oleh jaga · setiap entri memuat hash entri sebelumnya, sehingga perubahan atau "
      "penghapusan entri dapat diketahui";
  doc.row_font = "DejaVu Sans Mono 7";
  // Rendered in memory and written whole (core/durable_file.h): a failed export leaves no
  // half-written PDF at `path`.
  auto bytes = print::render_table_pdf(doc);
  if (!bytes) return Error{fmt::format("cannot write PDF {}: {}", path, bytes.error().message)};
  return replace_file(path, *bytes, 0640);
}

}  // namespace jaga::agenda
