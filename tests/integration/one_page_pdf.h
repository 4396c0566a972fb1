// A one-page PDF made with cairo, with a black bar `height` points high: drafts that differ, as
// a revision does. For tests of the report chain that need a drafted PDF but no report.
#pragma once

#include <cairo-pdf.h>
#include <cairo.h>

#include <string>

namespace jaga::test {

inline std::string one_page_pdf(double height = 60) {
  std::string out;
  const auto append = [](void* sink, const unsigned char* data, unsigned int n) {
    static_cast<std::string*>(sink)->append(reinterpret_cast<const char*>(data), n);
    return CAIRO_STATUS_SUCCESS;
  };
  cairo_surface_t* s = cairo_pdf_surface_create_for_stream(append, &out, 595.28, 841.89);
  cairo_t* cr = cairo_create(s);
  cairo_rectangle(cr, 72, 72, 451, height);
  cairo_fill(cr);
  cairo_show_page(cr);
  cairo_destroy(cr);
  cairo_surface_finish(s);
  cairo_surface_destroy(s);
  return out;
}

}  // namespace jaga::test
