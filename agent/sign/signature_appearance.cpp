#include "sign/signature_appearance.h"

#include <fmt/format.h>

#include <algorithm>

namespace jaga::sign {

std::string win_ansi_literal(const std::string& utf8) {
  std::string out = "(";
  for (size_t i = 0; i < utf8.size(); ++i) {
    auto c = static_cast<unsigned char>(utf8[i]);
    unsigned cp = c;
    if (c >= 0xC0 && c < 0xE0 && i + 1 < utf8.size()) {
      cp = ((c & 0x1Fu) << 6) | (static_cast<unsigned char>(utf8[++i]) & 0x3Fu);
    } else if (c >= 0x80) {
      while (i + 1 < utf8.size() && (static_cast<unsigned char>(utf8[i + 1]) & 0xC0) == 0x80) ++i;
      cp = '?';
    }
    if (cp > 0xFF || cp < 0x20) cp = '?';
    if (cp == '(' || cp == ')' || cp == '\\') out += '\\';
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else {
      out += fmt::format("\\{:03o}", cp);
    }
  }
  return out + ")";
}

std::string appearance_stream(const PdfRect& rect, const std::vector<std::string>& lines) {
  const double w = rect.width;
  const double h = rect.height;
  // The font size lets every line fit the box's height and (at Helvetica's average advance of
  // about half the size) its width, between 5 and 10 points.
  size_t longest = 1;
  for (const std::string& line : lines) longest = std::max(longest, line.size());
  const double size =
      std::clamp(std::min((h - 6) / (1.25 * static_cast<double>(std::max<size_t>(lines.size(), 1))),
                          (w - 8) / (0.52 * static_cast<double>(longest))),
                 5.0, 10.0);
  std::string content =
      fmt::format("q 0.1 0.2 0.5 RG 0.8 w 0.4 0.4 {:.2f} {:.2f} re S Q\n", w - 0.8, h - 0.8);
  content +=
      fmt::format("q 0 0 {:.2f} {:.2f} re W n BT 0.1 0.1 0.1 rg /Helv {:.2f} Tf\n", w, h, size);
  content += fmt::format("4 {:.2f} Td {:.2f} TL\n", h - 3 - size, size * 1.25);
  for (size_t i = 0; i < lines.size(); ++i) {
    content += (i == 0 ? "" : "T* ") + win_ansi_literal(lines[i]) + " Tj\n";
  }
  content += "ET Q\n";
  return fmt::format(
      "<< /Type /XObject /Subtype /Form /BBox [0 0 {:.2f} {:.2f}] /Resources << /Font << /Helv "
      "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >> >> >> "
      "/Length {} >>\nstream\n{}endstream",
      w, h, content.size(), content);
}

}  // namespace jaga::sign
