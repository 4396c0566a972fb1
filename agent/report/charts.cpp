#include "report/charts.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "report/labels.h"

namespace jaga::report {
namespace {

constexpr double kHeight = 150;  // plot area
constexpr double kAxis = 34;     // room for the y labels

// A round step giving about four grid lines up to `top`.
double nice_step(double top) {
  const double raw = top / 4;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
    if (raw <= m * magnitude) return m * magnitude;
  }
  return 10 * magnitude;
}

std::string tick_text(double v) {
  return v == std::floor(v) ? fmt::format("{:.0f}", v) : fmt::format("{:.1f}", v);
}

// Local times of the x-axis ticks and their labels.
std::vector<std::pair<TimePoint, std::string>> x_ticks(const Period& p,
                                                       const std::string& language) {
  std::vector<std::pair<TimePoint, std::string>> ticks;
  if (p.kind == PeriodKind::kDaily) {
    for (int h = 0; h <= 24; h += 3) {
      ticks.emplace_back(p.start + std::chrono::hours(h), fmt::format("{:02}:00", h));
    }
    return ticks;
  }
  const std::vector<Period> days = days_of(p);
  const size_t every = p.kind == PeriodKind::kWeekly ? 1 : 5;
  for (size_t i = 0; i < days.size(); i += every) {
    const std::string label = p.kind == PeriodKind::kWeekly
                                  ? long_date(days[i].first, language).substr(0, 3) + " " +
                                        std::to_string(static_cast<unsigned>(days[i].first.day()))
                                  : std::to_string(static_cast<unsigned>(days[i].first.day()));
    ticks.emplace_back(days[i].start, label);
  }
  return ticks;
}

}  // namespace

void draw_chart(PdfDocument& doc, const std::string& title, const std::vector<ChartLine>& lines,
                const std::vector<ChartThreshold>& thresholds, std::optional<double> y_max,
                const Period& period, const std::string& language) {
  cairo_t* cr = doc.cr();
  doc.ensure(kHeight + 50);
  doc.y += doc.draw(title, doc.left(), doc.y, doc.width(), 8.5, true) + 4;

  // Scaled to the data, so a week of small values is not a flat line under a far threshold; a
  // threshold is drawn when it falls inside the scale (or just above the data), else named under
  // the chart as above the scale.
  double top = y_max.value_or(0);
  if (!y_max) {
    for (const auto& line : lines) {
      for (const auto& v : line.series->values) top = std::max(top, v.value_or(0));
    }
    for (const auto& t : thresholds) {
      if (t.value <= top * 1.5) top = std::max(top, t.value * 1.1);
    }
    if (top <= 0) top = 1;
  }
  const double step = nice_step(top);
  top = std::ceil(top / step) * step;

  const double x0 = doc.left() + kAxis, y0 = doc.y, w = doc.width() - kAxis, h = kHeight;
  const double span = std::chrono::duration<double>(period.end - period.start).count();
  auto px = [&](TimePoint t) {
    return x0 + w * std::chrono::duration<double>(t - period.start).count() / span;
  };
  // Zero sits a little above the frame, so samples of 0 are seen, not hidden by the axis.
  constexpr double kFloor = 3;
  auto py = [&](double v) {
    return y0 + h - kFloor - (h - kFloor) * std::clamp(v, 0.0, top) / top;
  };

  // Missing evidence shaded: every bucket in which no line has a sample.
  bool any_hole = false;
  if (!lines.empty()) {
    const Series& first = *lines.front().series;
    cairo_set_source_rgb(cr, 0.9, 0.9, 0.9);
    for (size_t i = 0; i < first.values.size(); ++i) {
      const bool empty = std::all_of(lines.begin(), lines.end(), [&](const ChartLine& line) {
        return i >= line.series->values.size() || !line.series->values[i];
      });
      if (!empty) continue;
      const TimePoint from =
          std::max(first.start + first.step * static_cast<int64_t>(i), period.start);
      const TimePoint to = std::min(from + first.step, period.end);
      if (to <= from) continue;
      cairo_rectangle(cr, px(from), y0, px(to) - px(from), h);
      any_hole = true;
    }
    cairo_fill(cr);
  }

  cairo_set_line_width(cr, 0.3);
  for (double v = 0; v <= top + step / 2; v += step) {
    cairo_set_source_rgb(cr, 0.82, 0.82, 0.82);
    cairo_move_to(cr, x0, py(v));
    cairo_line_to(cr, x0 + w, py(v));
    cairo_stroke(cr);
    cairo_set_source_rgb(cr, 0.25, 0.25, 0.25);
    doc.draw(tick_text(v), doc.left(), py(v) - 5, kAxis - 4, 7, false, 2);
  }
  for (const auto& [at, label] : x_ticks(period, language)) {
    cairo_set_source_rgb(cr, 0.88, 0.88, 0.88);
    cairo_move_to(cr, px(at), y0);
    cairo_line_to(cr, px(at), y0 + h);
    cairo_stroke(cr);
    cairo_set_source_rgb(cr, 0.25, 0.25, 0.25);
    doc.draw(label, px(at) - 20, y0 + h + 2, 40, 7, false, 1);
  }
  cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
  cairo_set_line_width(cr, 0.6);
  cairo_rectangle(cr, x0, y0, w, h);
  cairo_stroke(cr);

  std::vector<std::string> above;
  for (const auto& t : thresholds) {
    if (t.value > top) {
      above.push_back(t.label);
      continue;
    }
    cairo_set_source_rgb(cr, t.r, t.g, t.b);
    cairo_set_line_width(cr, 0.7);
    const double dash[] = {3, 2};
    cairo_set_dash(cr, dash, 2, 0);
    cairo_move_to(cr, x0, py(t.value));
    cairo_line_to(cr, x0 + w, py(t.value));
    cairo_stroke(cr);
    cairo_set_dash(cr, nullptr, 0, 0);
    doc.draw(t.label, x0 + w - 80, py(t.value) - 10, 78, 6.5, false, 2);
  }

  double legend_x = x0;
  for (const auto& line : lines) {
    const Series& s = *line.series;
    cairo_set_source_rgb(cr, line.r, line.g, line.b);
    cairo_set_line_width(cr, 1.1);
    bool pen_down = false;
    for (size_t i = 0; i < s.values.size(); ++i) {
      if (!s.values[i]) {
        pen_down = false;
        continue;
      }
      const double x = px(s.start + s.step * static_cast<int64_t>(i) + s.step / 2);
      if (pen_down) {
        cairo_line_to(cr, x, py(*s.values[i]));
      } else {
        cairo_move_to(cr, x, py(*s.values[i]));
        cairo_rectangle(cr, x - 0.6, py(*s.values[i]) - 0.6, 1.2, 1.2);  // a lone sample shows
        cairo_move_to(cr, x, py(*s.values[i]));
        pen_down = true;
      }
    }
    cairo_stroke(cr);
    if (lines.size() > 1 || !line.label.empty()) {
      cairo_rectangle(cr, legend_x, y0 + h + 14, 10, 3);
      cairo_fill(cr);
      cairo_set_source_rgb(cr, 0, 0, 0);
      doc.draw(line.label, legend_x + 13, y0 + h + 11, 150, 7);
      legend_x += 160;
    }
  }
  double below =
      y0 + h + (lines.size() > 1 || (!lines.empty() && !lines[0].label.empty()) ? 26 : 14);
  std::vector<std::string> notes;
  if (any_hole) notes.push_back(tr(language, "chart.no_data"));
  for (const std::string& label : above) {
    notes.push_back(fmt::format(fmt::runtime(tr(language, "chart.above_scale")), label));
  }
  cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
  for (const std::string& note : notes) {
    below += doc.draw(note, x0, below - 2, w, 7) + 1;
  }
  cairo_set_source_rgb(cr, 0, 0, 0);
  doc.y = below;
}

}  // namespace jaga::report
