// A4 pages drawn with cairo and laid out with pango: flowing text, headings and tables that
// break across pages, with a footer on every page. Text is real text (pdftotext finds it), set in
// DejaVu, which ships with Debian. Owns every cairo and pango handle it makes.
#pragma once

#include <cairo.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"

namespace jaga::report {

struct Column {
  std::string title;
  double width = 1;    // relative to the other columns
  bool right = false;  // right-aligned (numbers)
};

class PdfDocument {
 public:
  static constexpr double kPageWidth = 595.276;  // A4 in points
  static constexpr double kPageHeight = 841.890;
  static constexpr double kMargin = 56.7;  // 2 cm
  static constexpr double kFooterHeight = 28;

  // `footer(page, total)` gives the footer's left and right text of a page.
  using Footer = std::function<std::pair<std::string, std::string>(int page, int total)>;

  // `total_pages` is printed in footers (0 while counting). `title` and `created` (RFC 3339)
  // go into the PDF's metadata; a fixed creation date keeps the bytes reproducible.
  PdfDocument(int total_pages, Footer footer, const std::string& title, const std::string& created);
  ~PdfDocument();
  PdfDocument(const PdfDocument&) = delete;
  PdfDocument& operator=(const PdfDocument&) = delete;

  cairo_t* cr() const { return cr_.get(); }
  double left() const { return kMargin; }
  double width() const { return kPageWidth - 2 * kMargin; }
  double bottom() const { return kPageHeight - kMargin - kFooterHeight; }
  double y = kMargin;

  // Height of `text` set in `width` points at `size` points.
  double measure(const std::string& text, double width, double size, bool bold = false) const;
  // Draws `text` with its top-left at (x, y) wrapped to `width`; returns its height.
  double draw(const std::string& text, double x, double y, double width, double size,
              bool bold = false, int align = 0 /* 0 left, 1 centre, 2 right */) const;

  void ensure(double height);  // starts a new page when `height` does not fit
  void new_page();
  // A section heading, numbered 1, 2, ... in the order drawn.
  void heading(const std::string& text);
  // The height heading(text) would take next.
  double heading_height(const std::string& text) const;
  // The height of a page's text area, between the top margin and the footer.
  double page_body() const { return bottom() - kMargin; }
  void paragraph(const std::string& text, double size = 9, bool bold = false);
  void space(double points) { y += points; }
  void table(const std::vector<Column>& columns, const std::vector<std::vector<std::string>>& rows);

  // Ends the last page and returns the PDF's bytes and its page count.
  Result<std::string> finish();
  int pages() const { return page_; }

 private:
  void footer();

  struct SurfaceCloser {
    void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
  };
  struct ContextCloser {
    void operator()(cairo_t* c) const { cairo_destroy(c); }
  };
  std::string bytes_;
  std::unique_ptr<cairo_surface_t, SurfaceCloser> surface_;
  std::unique_ptr<cairo_t, ContextCloser> cr_;
  int total_;
  Footer footer_;
  int page_ = 1;
  int section_ = 0;
};

// Renders `draw` twice: once to count pages, then with the total known for "page x of y".
Result<std::string> render_paged(const PdfDocument::Footer& footer, const std::string& title,
                                 const std::string& created,
                                 const std::function<void(PdfDocument&)>& draw);

}  // namespace jaga::report
