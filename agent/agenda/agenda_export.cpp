#include "agenda/agenda_export.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <fmt/format.h>
#include <pango/pangocairo.h>

#include <memory>

#include "core/durable_file.h"

namespace jaga::agenda {
namespace {

std::string csv_field(const std::string& v) {
  if (v.find_first_of(";,\"\r\n") == std::string::npos) return v;
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string join(const std::vector<std::string>& v, const std::string& sep) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
  return out;
}

// "apk: Andi" as the clerk reads it: "Administrator: Andi" (unknown roles stay as they are).
std::string signer_in_indonesian(const std::string& signer) {
  static const std::pair<const char*, const char*> kRoles[] = {
      {"apk", "Administrator"}, {"sub_koord", "Sub Koordinator"}, {"kabid", "Kepala Bidang"}};
  const auto colon = signer.find(": ");
  if (colon == std::string::npos) return signer;
  const std::string role = signer.substr(0, colon);
  for (const auto& [code, name] : kRoles) {
    if (role == code) return name + signer.substr(colon);
  }
  return signer;
}

std::string period_kind_in_indonesian(const std::string& kind) {
  if (kind == "daily") return "Harian";
  if (kind == "weekly") return "Mingguan";
  if (kind == "monthly") return "Bulanan";
  return kind;
}

struct SurfaceCloser {
  void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
struct CairoCloser {
  void operator()(cairo_t* c) const { cairo_destroy(c); }
};
struct LayoutCloser {
  void operator()(PangoLayout* l) const { g_object_unref(l); }
};
struct FontCloser {
  void operator()(PangoFontDescription* f) const { pango_font_description_free(f); }
};
using LayoutPtr = std::unique_ptr<PangoLayout, LayoutCloser>;

// A4 landscape in points; margins 36 pt.
constexpr double kWidth = 841.89, kHeight = 595.28, kMargin = 36, kPad = 3;

struct Column {
  const char* title;
  double width;
};
const Column kColumns[] = {{"No. Agenda", 78},
                           {"Dicatat", 80},
                           {"Nomor Laporan", 96},
                           {"Periode", 86},
                           {"SHA-256 dokumen", 142},
                           {"Penandatangan", 150},
                           {"Hash entri / ← sebelumnya", 137.89}};

class Page {
 public:
  explicit Page(cairo_t* cr) : cr_(cr) {}
  LayoutPtr layout(const std::string& text, double width, const char* font) {
    LayoutPtr l(pango_cairo_create_layout(cr_));
    // Points, not pango's default 96 dpi: the PDF's unit is the point.
    pango_cairo_context_set_resolution(pango_layout_get_context(l.get()), 72);
    pango_layout_context_changed(l.get());
    std::unique_ptr<PangoFontDescription, FontCloser> f(pango_font_description_from_string(font));
    pango_layout_set_font_description(l.get(), f.get());
    pango_layout_set_width(l.get(), static_cast<int>((width - 2 * kPad) * PANGO_SCALE));
    pango_layout_set_wrap(l.get(), PANGO_WRAP_WORD_CHAR);
    pango_layout_set_text(l.get(), text.c_str(), -1);
    return l;
  }
  static double height(PangoLayout* l) {
    int w = 0, h = 0;
    pango_layout_get_size(l, &w, &h);
    return static_cast<double>(h) / PANGO_SCALE;
  }
  void draw(PangoLayout* l, double x, double y) {
    cairo_move_to(cr_, x + kPad, y + kPad);
    pango_cairo_show_layout(cr_, l);
  }
  // One table row; returns its height.
  double row(const std::vector<std::string>& cells, double y, const char* font, bool header) {
    std::vector<LayoutPtr> layouts;
    double h = 0;
    for (size_t i = 0; i < cells.size(); ++i) {
      layouts.push_back(layout(cells[i], kColumns[i].width, font));
      h = std::max(h, height(layouts.back().get()) + 2 * kPad);
    }
    if (header) {
      cairo_set_source_rgb(cr_, 0.88, 0.90, 0.94);
      cairo_rectangle(cr_, kMargin, y, kWidth - 2 * kMargin, h);
      cairo_fill(cr_);
    }
    cairo_set_source_rgb(cr_, 0, 0, 0);
    double x = kMargin;
    cairo_set_line_width(cr_, 0.5);
    for (size_t i = 0; i < cells.size(); ++i) {
      draw(layouts[i].get(), x, y);
      cairo_rectangle(cr_, x, y, kColumns[i].width, h);
      cairo_stroke(cr_);
      x += kColumns[i].width;
    }
    return h;
  }
  double measure(const std::vector<std::string>& cells, const char* font) {
    double h = 0;
    for (size_t i = 0; i < cells.size(); ++i) {
      h = std::max(h, height(layout(cells[i], kColumns[i].width, font).get()) + 2 * kPad);
    }
    return h;
  }

 private:
  cairo_t* cr_;
};

// recorded_at (RFC 3339 UTC) on the office's wall clock; the stored text when unreadable.
std::string local_time(const std::string& utc, const UtcOffset& zone) {
  const auto at = parse_utc(utc);
  return at ? format_in_zone(*at, zone) : utc;
}

std::vector<std::string> signers_in_indonesian(const std::vector<std::string>& signers) {
  std::vector<std::string> out;
  for (const std::string& s : signers) out.push_back(signer_in_indonesian(s));
  return out;
}

std::vector<std::string> cells(const AgendaEntry& e, const UtcOffset& zone) {
  return {e.agenda_number,
          local_time(e.recorded_at, zone),
          e.report,
          fmt::format("{}\n{} s.d. {}", period_kind_in_indonesian(e.period_kind), e.period_start,
                      e.period_end),
          e.document_sha256,
          join(signers_in_indonesian(e.signers), "\n"),
          fmt::format("{}…\n← {}…", e.entry_hash.substr(0, 20), e.prev_hash.substr(0, 20))};
}

}  // namespace

std::string to_csv(const std::vector<AgendaEntry>& entries, const UtcOffset& zone) {
  // For a clerk's spreadsheet with Indonesian settings: ';' between fields (',' is the decimal
  // comma there), a UTF-8 byte order mark so accented names open right, Indonesian headers and
  // role names, CRLF line ends.
  std::string out =
      "\xEF\xBB\xBF"
      "No.;Nomor Agenda;Dicatat (UTC);Dicatat (waktu setempat);Nomor Laporan;Jenis Laporan;"
      "Awal Periode;Akhir Periode;SHA-256 Dokumen;Penanda Tangan;Hash Sebelumnya;Hash Entri\r\n";
  for (const AgendaEntry& e : entries) {
    const std::vector<std::string> fields = {std::to_string(e.position),
                                             e.agenda_number,
                                             e.recorded_at,
                                             local_time(e.recorded_at, zone),
                                             e.report,
                                             period_kind_in_indonesian(e.period_kind),
                                             e.period_start,
                                             e.period_end,
                                             e.document_sha256,
                                             join(signers_in_indonesian(e.signers), ", "),
                                             e.prev_hash,
                                             e.entry_hash};
    std::string line;
    for (const auto& f : fields) line += (line.empty() ? "" : ";") + csv_field(f);
    out += line + "\r\n";
  }
  return out;
}

namespace {

// The book rendered as PDF bytes into `bytes`, its footers saying "of `total_pages`" (0: not yet
// known); the number of pages it took, or the cairo error.
Result<int> render(const std::vector<AgendaEntry>& entries, const BookTitle& title,
                   const UtcOffset& zone, int total_pages, std::string& bytes) {
  const auto append = [](void* closure, const unsigned char* data, unsigned int length) {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
  };
  std::unique_ptr<cairo_surface_t, SurfaceCloser> surface(
      cairo_pdf_surface_create_for_stream(append, &bytes, kWidth, kHeight));
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) {
    return Error{cairo_status_to_string(cairo_surface_status(surface.get()))};
  }
  cairo_pdf_surface_set_metadata(
      surface.get(), CAIRO_PDF_METADATA_TITLE,
      fmt::format("Buku Agenda {} {}", title.workflow, title.scope).c_str());
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "jaga");
  std::unique_ptr<cairo_t, CairoCloser> cr(cairo_create(surface.get()));
  Page page(cr.get());
  const char* kBody = "DejaVu Sans 8";
  const char* kMono = "DejaVu Sans Mono 7";
  std::vector<std::string> header;
  for (const Column& c : kColumns) header.push_back(c.title);
  const std::string head_hash = entries.empty() ? kGenesisHash : entries.back().entry_hash;
  int page_no = 0;
  size_t next = 0;
  do {
    ++page_no;
    double y = kMargin;
    auto title_layout =
        page.layout(fmt::format("Buku Agenda — laporan {} ({})", title.workflow, title.scope),
                    kWidth - 2 * kMargin, "DejaVu Sans Bold 15");
    page.draw(title_layout.get(), kMargin - kPad, y);
    y += Page::height(title_layout.get()) + 2;
    auto sub = page.layout(fmt::format("{} · {} entri · hash rantai terakhir {}", title.office,
                                       entries.size(), head_hash),
                           kWidth - 2 * kMargin, kBody);
    page.draw(sub.get(), kMargin - kPad, y);
    y += Page::height(sub.get()) + 8;
    y += page.row(header, y, "DejaVu Sans Bold 8", true);
    const double bottom = kHeight - kMargin - 14;
    while (next < entries.size()) {
      const auto row = cells(entries[next], zone);
      if (y + page.measure(row, kMono) > bottom) break;
      y += page.row(row, y, kMono, false);
      ++next;
    }
    if (entries.empty()) {
      auto none = page.layout("(belum ada entri)", 300, kBody);
      page.draw(none.get(), kMargin, y + 4);
    }
    auto footer = page.layout(
        fmt::format("Halaman {} dari {} · dibuat oleh jaga · setiap entri memuat hash entri "
                    "sebelumnya, sehingga perubahan atau penghapusan entri dapat diketahui",
                    page_no, total_pages > 0 ? total_pages : page_no),
        kWidth - 2 * kMargin, "DejaVu Sans 7");
    page.draw(footer.get(), kMargin - kPad, kHeight - kMargin - 8);
    cairo_show_page(cr.get());
  } while (next < entries.size());
  cr.reset();
  cairo_surface_finish(surface.get());
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) {
    return Error{cairo_status_to_string(cairo_surface_status(surface.get()))};
  }
  return page_no;
}

}  // namespace

Result<void> write_pdf(const std::vector<AgendaEntry>& entries, const BookTitle& title,
                       const UtcOffset& zone, const std::string& path) {
  // Rendered twice in memory (the first pass counts the pages for "Halaman x dari y") and
  // written whole (core/durable_file.h): a failed export leaves no half-written PDF at `path`.
  std::string bytes;
  auto pages = render(entries, title, zone, 0, bytes);
  if (pages) {
    bytes.clear();
    pages = render(entries, title, zone, *pages, bytes);
  }
  if (!pages) return Error{fmt::format("cannot write PDF {}: {}", path, pages.error().message)};
  return replace_file(path, bytes, 0640);
}

}  // namespace jaga::agenda
