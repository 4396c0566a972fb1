#include "report/pdf_document.h"

#include <cairo-pdf.h>
#include <fmt/format.h>
#include <pango/pangocairo.h>

#include <algorithm>

namespace jaga::report {
namespace {

const char* const kFont = "DejaVu Sans";

struct LayoutCloser {
  void operator()(PangoLayout* l) const { g_object_unref(l); }
};
struct FontCloser {
  void operator()(PangoFontDescription* f) const { pango_font_description_free(f); }
};
using Layout = std::unique_ptr<PangoLayout, LayoutCloser>;

Layout make_layout(cairo_t* cr, const std::string& text, double width, double size, bool bold,
                   int align) {
  Layout layout(pango_cairo_create_layout(cr));
  std::unique_ptr<PangoFontDescription, FontCloser> font(pango_font_description_new());
  pango_font_description_set_family(font.get(), kFont);
  pango_font_description_set_absolute_size(font.get(), size * PANGO_SCALE);
  pango_font_description_set_weight(font.get(), bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description(layout.get(), font.get());
  pango_layout_set_width(layout.get(), static_cast<int>(width * PANGO_SCALE));
  pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment(layout.get(), align == 1   ? PANGO_ALIGN_CENTER
                                           : align == 2 ? PANGO_ALIGN_RIGHT
                                                        : PANGO_ALIGN_LEFT);
  pango_layout_set_text(layout.get(), text.c_str(), static_cast<int>(text.size()));
  return layout;
}

cairo_status_t append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

}  // namespace

#if defined(__SANITIZE_ADDRESS__)
// Fontconfig keeps its configuration and font cache for the life of the process (pango's default
// font map holds them); LeakSanitizer would report them at exit in every program that renders.
extern "C" const char* __lsan_default_suppressions() { return "leak:libfontconfig.so\n"; }
extern "C" const char* __lsan_default_options() { return "print_suppressions=0"; }
#endif

PdfDocument::PdfDocument(int total_pages, Footer footer, const std::string& title,
                         const std::string& created)
    : surface_(cairo_pdf_surface_create_for_stream(append, &bytes_, kPageWidth, kPageHeight)),
      cr_(cairo_create(surface_.get())),
      total_(total_pages),
      footer_(std::move(footer)) {
  cairo_pdf_surface_set_metadata(surface_.get(), CAIRO_PDF_METADATA_TITLE, title.c_str());
  cairo_pdf_surface_set_metadata(surface_.get(), CAIRO_PDF_METADATA_CREATOR, "jaga");
  cairo_pdf_surface_set_metadata(surface_.get(), CAIRO_PDF_METADATA_CREATE_DATE, created.c_str());
}

PdfDocument::~PdfDocument() = default;

double PdfDocument::measure(const std::string& text, double w, double size, bool bold) const {
  Layout layout = make_layout(cr(), text, w, size, bold, 0);
  int width = 0, height = 0;
  pango_layout_get_size(layout.get(), &width, &height);
  return static_cast<double>(height) / PANGO_SCALE;
}

double PdfDocument::draw(const std::string& text, double x, double top, double w, double size,
                         bool bold, int align) const {
  Layout layout = make_layout(cr(), text, w, size, bold, align);
  cairo_move_to(cr(), x, top);
  pango_cairo_show_layout(cr(), layout.get());
  int width = 0, height = 0;
  pango_layout_get_size(layout.get(), &width, &height);
  return static_cast<double>(height) / PANGO_SCALE;
}

void PdfDocument::footer() {
  const auto [left_text, right_text] = footer_(page_, total_);
  const double top = kPageHeight - kMargin - kFooterHeight + 10;
  cairo_set_source_rgb(cr(), 0.55, 0.55, 0.55);
  cairo_set_line_width(cr(), 0.5);
  cairo_move_to(cr(), left(), top);
  cairo_line_to(cr(), left() + width(), top);
  cairo_stroke(cr());
  cairo_set_source_rgb(cr(), 0.3, 0.3, 0.3);
  draw(left_text, left(), top + 4, width() * 0.65, 7.5);
  draw(right_text, left() + width() * 0.5, top + 4, width() * 0.5, 7.5, false, 2);
  cairo_set_source_rgb(cr(), 0, 0, 0);
}

void PdfDocument::new_page() {
  footer();
  cairo_show_page(cr());
  ++page_;
  y = kMargin;
}

void PdfDocument::ensure(double height) {
  if (y + height > bottom()) new_page();
}

double PdfDocument::heading_height(const std::string& title) const {
  return 10 + measure(fmt::format("{}. {}", section_ + 1, title), width(), 11, true) + 7;
}

void PdfDocument::heading(const std::string& title) {
  const std::string text = fmt::format("{}. {}", ++section_, title);
  const double h = measure(text, width(), 11, true);
  ensure(h + 60);  // keep a heading with the start of what follows
  y += 10;
  cairo_set_source_rgb(cr(), 0.10, 0.20, 0.40);
  y += draw(text, left(), y, width(), 11, true);
  cairo_set_line_width(cr(), 0.8);
  cairo_move_to(cr(), left(), y + 2);
  cairo_line_to(cr(), left() + width(), y + 2);
  cairo_stroke(cr());
  cairo_set_source_rgb(cr(), 0, 0, 0);
  y += 7;
}

void PdfDocument::paragraph(const std::string& text, double size, bool bold) {
  const double h = measure(text, width(), size, bold);
  ensure(h);
  y += draw(text, left(), y, width(), size, bold) + 3;
}

void PdfDocument::table(const std::vector<Column>& columns,
                        const std::vector<std::vector<std::string>>& rows) {
  constexpr double kSize = 8, kPad = 3;
  double total = 0;
  for (const auto& c : columns) total += c.width;
  std::vector<double> widths, xs;
  double x = left();
  for (const auto& c : columns) {
    xs.push_back(x);
    widths.push_back(width() * c.width / total);
    x += widths.back();
  }
  auto row_height = [&](const std::vector<std::string>& cells, bool bold) {
    double h = 0;
    for (size_t i = 0; i < columns.size() && i < cells.size(); ++i) {
      h = std::max(h, measure(cells[i], widths[i] - 2 * kPad, kSize, bold));
    }
    return h + 2 * kPad;
  };
  auto draw_row = [&](const std::vector<std::string>& cells, bool header, bool shade) {
    const double h = row_height(cells, header);
    if (header || shade) {
      if (header) {
        cairo_set_source_rgb(cr(), 0.86, 0.89, 0.94);
      } else {
        cairo_set_source_rgb(cr(), 0.96, 0.96, 0.96);
      }
      cairo_rectangle(cr(), left(), y, width(), h);
      cairo_fill(cr());
      cairo_set_source_rgb(cr(), 0, 0, 0);
    }
    for (size_t i = 0; i < columns.size() && i < cells.size(); ++i) {
      draw(cells[i], xs[i] + kPad, y + kPad, widths[i] - 2 * kPad, kSize, header,
           columns[i].right && !header ? 2 : 0);
    }
    cairo_set_source_rgb(cr(), 0.7, 0.7, 0.7);
    cairo_set_line_width(cr(), 0.4);
    cairo_move_to(cr(), left(), y + h);
    cairo_line_to(cr(), left() + width(), y + h);
    cairo_stroke(cr());
    cairo_set_source_rgb(cr(), 0, 0, 0);
    y += h;
  };
  std::vector<std::string> titles;
  for (const auto& c : columns) titles.push_back(c.title);
  const double header_height = row_height(titles, true);
  ensure(header_height + (rows.empty() ? 0 : row_height(rows[0], false)));
  draw_row(titles, true, false);
  for (size_t r = 0; r < rows.size(); ++r) {
    if (y + row_height(rows[r], false) > bottom()) {
      new_page();
      draw_row(titles, true, false);
    }
    draw_row(rows[r], false, r % 2 == 1);
  }
  y += 6;
}

Result<std::string> PdfDocument::finish() {
  footer();
  cairo_show_page(cr());
  cr_.reset();
  cairo_surface_finish(surface_.get());
  const cairo_status_t status = cairo_surface_status(surface_.get());
  surface_.reset();
  if (status != CAIRO_STATUS_SUCCESS) {
    return Error{fmt::format("cannot render the report's PDF: {}", cairo_status_to_string(status))};
  }
  return std::move(bytes_);
}

Result<std::string> render_paged(const PdfDocument::Footer& footer, const std::string& title,
                                 const std::string& created,
                                 const std::function<void(PdfDocument&)>& draw) {
  int pages = 0;
  {
    PdfDocument counting(0, footer, title, created);
    draw(counting);
    pages = counting.pages();
    if (auto r = counting.finish(); !r) return r.error();
  }
  PdfDocument doc(pages, footer, title, created);
  draw(doc);
  return doc.finish();
}

}  // namespace jaga::report
