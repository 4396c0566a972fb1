// The verdict box at the top of page 1 (see verdict.h): a band in the colour of the overall
// verdict, then one line per area with its verdict in a coloured label and its reason.
#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <vector>

#include "report/labels.h"
#include "report/pdf_report.h"

namespace jaga::report {
namespace {

struct Rgb {
  double r, g, b;
};

// Green, red and grey: the colours an official reads without a legend; the words say it again.
Rgb colour_of(Verdict v) {
  switch (v) {
    case Verdict::kAman:
      return {0.11, 0.50, 0.22};
    case Verdict::kPerluTindakan:
      return {0.72, 0.11, 0.11};
    case Verdict::kTidakDapatDinilai:
      return {0.42, 0.42, 0.42};
  }
  return {0.42, 0.42, 0.42};
}

void fill(cairo_t* cr, Rgb c, double tint, double x, double y, double w, double h) {
  cairo_set_source_rgb(cr, c.r + (1 - c.r) * tint, c.g + (1 - c.g) * tint, c.b + (1 - c.b) * tint);
  cairo_rectangle(cr, x, y, w, h);
  cairo_fill(cr);
}

// The reasons printed for an area: the deciding one, and for an area that needs action while
// also lacking evidence the first missing piece as well, so that gap is never hidden.
std::string reasons_text(const AreaVerdict& a, const std::string& lang) {
  auto text = [&](const Reason& r) { return lang == "en" ? r.en : r.id; };
  std::string out = a.reasons.empty() ? "" : text(a.reasons.front());
  if (a.verdict == Verdict::kPerluTindakan && !a.missing.empty()) {
    out += " " + text(a.missing.front());
  }
  return out;
}

}  // namespace

void draw_verdict(PdfDocument& doc, const ReportModel& m) {
  const std::string& l = m.language;
  const PeriodVerdict& v = m.verdict;
  cairo_t* cr = doc.cr();
  constexpr double kPad = 5, kLabel = 124, kSize = 8.5;
  std::string head = fmt::format("{}: {}", tr(l, "verdict"), verdict_text(v.overall, l));
  if (v.unassessed_areas > 0 && v.overall != Verdict::kTidakDapatDinilai) {
    head += fmt::format(fmt::runtime(tr(l, "verdict.unassessed")), v.unassessed_areas);
  }
  const double head_h = doc.measure(head, doc.width() - 2 * kPad, 11, true) + 2 * kPad;
  std::vector<std::string> texts;
  std::vector<double> heights;
  double total = head_h;
  for (const AreaVerdict& a : v.areas) {
    texts.push_back(area_text(a.area, l) + ": " + reasons_text(a, l));
    const double text_w = doc.width() - kLabel - 3 * kPad;
    heights.push_back(
        std::max(doc.measure(texts.back(), text_w, kSize),
                 doc.measure(verdict_text(a.verdict, l), kLabel - 2 * kPad, kSize, true)) +
        2 * kPad);
    total += heights.back();
  }
  doc.ensure(total + 10);
  const double x = doc.left(), w = doc.width(), top = doc.y;
  const Rgb overall = colour_of(v.overall);
  fill(cr, overall, 0, x, top, w, head_h);
  cairo_set_source_rgb(cr, 1, 1, 1);
  doc.draw(head, x + kPad, top + kPad, w - 2 * kPad, 11, true);
  double y = top + head_h;
  for (size_t i = 0; i < v.areas.size(); ++i) {
    const Rgb c = colour_of(v.areas[i].verdict);
    fill(cr, c, 0.88, x, y, w, heights[i]);
    fill(cr, c, 0, x, y, kLabel, heights[i]);
    cairo_set_source_rgb(cr, 1, 1, 1);
    doc.draw(verdict_text(v.areas[i].verdict, l), x + kPad, y + kPad, kLabel - 2 * kPad, kSize,
             true);
    cairo_set_source_rgb(cr, 0, 0, 0);
    doc.draw(texts[i], x + kLabel + kPad, y + kPad, w - kLabel - 3 * kPad, kSize);
    y += heights[i];
  }
  cairo_set_source_rgb(cr, overall.r, overall.g, overall.b);
  cairo_set_line_width(cr, 1.2);
  cairo_rectangle(cr, x, top, w, y - top);
  cairo_stroke(cr);
  cairo_set_source_rgb(cr, 0, 0, 0);
  doc.y = y + 10;
}

}  // namespace jaga::report
