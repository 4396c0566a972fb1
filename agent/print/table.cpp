#include "print/table.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <fmt/format.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <memory>

namespace jaga::print {
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

constexpr double kWidth = 841.89, kHeight = 595.28, kMargin = 36, kPad = 3;

class Page {
 public:
  Page(cairo_t* cr, const std::vector<Column>& columns) : cr_(cr), columns_(columns) {}
  LayoutPtr layout(const std::string& text, double width, const std::string& font) {
    LayoutPtr l(pango_cairo_create_layout(cr_));
    // Points, not pango's default 96 dpi: the PDF's unit is the point.
    pango_cairo_context_set_resolution(pango_layout_get_context(l.get()), 72);
    pango_layout_context_changed(l.get());
    std::unique_ptr<PangoFontDescription, FontCloser> f(
        pango_font_description_from_string(font.c_str()));
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
  double row(const Row& cells, double y, const std::string& font, bool header) {
    std::vector<LayoutPtr> layouts;
    double h = 0;
    for (size_t i = 0; i < columns_.size(); ++i) {
      layouts.push_back(layout(i < cells.size() ? cells[i] : "", columns_[i].width, font));
      h = std::max(h, height(layouts.back().get()) + 2 * kPad);
    }
    if (header) {
      cairo_set_source_rgb(cr_, 0.88, 0.90, 0.94);
      cairo_rectangle(cr_, kMargin, y, kPrintableWidth, h);
      cairo_fill(cr_);
    }
    cairo_set_source_rgb(cr_, 0, 0, 0);
    double x = kMargin;
    cairo_set_line_width(cr_, 0.5);
    for (size_t i = 0; i < columns_.size(); ++i) {
      draw(layouts[i].get(), x, y);
      cairo_rectangle(cr_, x, y, columns_[i].width, h);
      cairo_stroke(cr_);
      x += columns_[i].width;
    }
    return h;
  }
  double measure(const Row& cells, const std::string& font) {
    double h = 0;
    for (size_t i = 0; i < columns_.size(); ++i) {
      h = std::max(h,
                   height(layout(i < cells.size() ? cells[i] : "", columns_[i].width, font).get()) +
                       2 * kPad);
    }
    return h;
  }

 private:
  cairo_t* cr_;
  const std::vector<Column>& columns_;
};

// The document rendered into `bytes`, its footers saying "dari `total_pages`" (0: not yet
// known); the number of pages it took, or the cairo error.
Result<int> render(const TableDocument& doc, int total_pages, std::string& bytes) {
  const auto append = [](void* closure, const unsigned char* data, unsigned int length) {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
  };
  std::unique_ptr<cairo_surface_t, SurfaceCloser> surface(
      cairo_pdf_surface_create_for_stream(append, &bytes, kWidth, kHeight));
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) {
    return Error{cairo_status_to_string(cairo_surface_status(surface.get()))};
  }
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, doc.pdf_title.c_str());
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "jaga");
  std::unique_ptr<cairo_t, CairoCloser> cr(cairo_create(surface.get()));
  Page page(cr.get(), doc.columns);
  const std::string body = "DejaVu Sans 8";
  Row header;
  for (const Column& c : doc.columns) header.push_back(c.title);
  int page_no = 0;
  size_t next = 0;
  do {
    ++page_no;
    double y = kMargin;
    auto title = page.layout(doc.title, kPrintableWidth, "DejaVu Sans Bold 15");
    page.draw(title.get(), kMargin - kPad, y);
    y += Page::height(title.get()) + 2;
    auto sub = page.layout(doc.subtitle, kPrintableWidth, body);
    page.draw(sub.get(), kMargin - kPad, y);
    y += Page::height(sub.get()) + 8;
    y += page.row(header, y, "DejaVu Sans Bold 8", true);
    const double bottom = kHeight - kMargin - 14;
    const size_t first_on_page = next;
    while (next < doc.rows.size()) {
      const Row& row = doc.rows[next];
      // A row that does not fit goes to the next page, unless it is the page's first: then it
      // is drawn (and cut at the foot), so that a huge row cannot make pages forever.
      if (y + page.measure(row, doc.row_font) > bottom && next != first_on_page) break;
      y += page.row(row, y, doc.row_font, false);
      ++next;
    }
    if (doc.rows.empty()) {
      auto none = page.layout(doc.empty_text, 300, body);
      page.draw(none.get(), kMargin, y + 4);
    }
    auto footer = page.layout(fmt::format("Halaman {} dari {} · {}", page_no,
                                          total_pages > 0 ? total_pages : page_no, doc.footer),
                              kPrintableWidth, "DejaVu Sans 7");
    page.draw(footer.get(), kMargin - kPad, kHeight - kMargin - 8);
    cairo_show_page(cr.get());
  } while (next < doc.rows.size());
  cr.reset();
  cairo_surface_finish(surface.get());
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) {
    return Error{cairo_status_to_string(cairo_surface_status(surface.get()))};
  }
  return page_no;
}

}  // namespace

std::string clerk_csv(const Row& header, const std::vector<Row>& rows) {
  const auto line = [](const Row& r) {
    std::string out;
    for (size_t i = 0; i < r.size(); ++i) out += (i == 0 ? "" : ";") + csv_field(r[i]);
    return out + "\r\n";
  };
  std::string out = "\xEF\xBB\xBF" + line(header);
  for (const Row& r : rows) out += line(r);
  return out;
}

Result<std::string> render_table_pdf(const TableDocument& document) {
  std::string bytes;
  auto pages = render(document, 0, bytes);
  if (pages) {
    bytes.clear();
    pages = render(document, *pages, bytes);
  }
  if (!pages) return pages.error();
  return bytes;
}

}  // namespace jaga::print
