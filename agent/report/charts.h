// Vector line charts of bucketed series (lag, free space) drawn into a PdfDocument. Buckets
// without a sample break the line, so missing evidence is visible as a hole, never bridged.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "report/pdf_document.h"
#include "report/summary.h"

namespace jaga::report {

struct ChartLine {
  std::string label;
  const Series* series = nullptr;
  double r = 0, g = 0, b = 0;
};

struct ChartThreshold {
  double value = 0;
  std::string label;  // "WARN 60"
  double r = 0, g = 0, b = 0;
};

// Draws the chart at the document's current position (a new page when it does not fit) and
// advances past it. `y_max`: a fixed top of the scale (100 for percent), else from the data.
void draw_chart(PdfDocument& doc, const std::string& title, const std::vector<ChartLine>& lines,
                const std::vector<ChartThreshold>& thresholds, std::optional<double> y_max,
                const Period& period, const std::string& language);

}  // namespace jaga::report
