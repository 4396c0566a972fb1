// The page is written as PDF content by hand rather than with cairo: it must be added to a
// finished PDF as an incremental update, and cairo only writes whole documents. Helvetica's
// widths are not read here; lines wrap at a conservative average width so nothing overflows.
#include "sign/approval_page.h"

#include <fmt/format.h>
#include <qrencode.h>

#include <algorithm>
#include <map>
#include <memory>

#include "sign/pdf_document.h"
#include "sign/signature_appearance.h"

namespace jaga::sign {
namespace {

using pdf::Array;
using pdf::Dict;
using pdf::Object;
using pdf::Ref;

constexpr double kPageWidth = 595.28;
constexpr double kPageHeight = 841.89;
constexpr double kMargin = 56;
constexpr double kTextTop = kPageHeight - 64;
constexpr double kQrTop = 170;       // the QR code and its caption sit below this line
constexpr double kBlockTop = 330;    // the signature block sits between kQrTop and this line
constexpr double kFieldHeight = 64;  // each signature's rectangle

// Helvetica's average advance is about half the font size; 0.53 leaves room for wide letters.
std::vector<std::string> wrap(const std::string& text, double size, double width) {
  const auto columns = static_cast<size_t>(width / (size * 0.53));
  std::vector<std::string> out;
  std::string line;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find_first_of(" \n", start);
    if (end == std::string::npos) end = text.size();
    std::string word = text.substr(start, end - start);
    while (word.size() > columns) {  // a word longer than a line is cut
      if (!line.empty()) out.push_back(std::move(line));
      line.clear();
      out.push_back(word.substr(0, columns));
      word.erase(0, columns);
    }
    if (!line.empty() && line.size() + 1 + word.size() > columns) {
      out.push_back(std::move(line));
      line.clear();
    }
    line += (line.empty() ? "" : " ") + word;
    if (end < text.size() && text[end] == '\n') {
      out.push_back(std::move(line));
      line.clear();
    }
    start = end + 1;
  }
  if (!line.empty()) out.push_back(std::move(line));
  return out;
}

std::string text_at(double x, double y, double size, bool bold, const std::string& text) {
  return fmt::format("BT /{} {:.2f} Tf {:.2f} {:.2f} Td {} Tj ET\n", bold ? "F2" : "F1", size, x, y,
                     win_ansi_literal(text));
}

// The width a centred line takes, by the same estimate as wrap().
double centred_x(double left, double width, double size, const std::string& text) {
  return left + std::max(0.0, (width - static_cast<double>(text.size()) * size * 0.5) / 2);
}

Result<std::string> qr_squares(const std::string& text, double x, double y, double side) {
  struct Free {
    void operator()(QRcode* q) const { QRcode_free(q); }
  };
  std::unique_ptr<QRcode, Free> code(
      QRcode_encodeString(text.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1));
  if (!code)
    return Error{fmt::format("the verification link ({} bytes) makes no QR code", text.size())};
  const int n = code->width;
  const double module = side / n;
  std::string out = "q 0 0 0 rg\n";
  for (int row = 0; row < n; ++row) {
    for (int col = 0; col < n; ++col) {
      if ((code->data[row * n + col] & 1) == 0) continue;
      out += fmt::format("{:.3f} {:.3f} {:.3f} {:.3f} re\n", x + col * module,
                         y + side - (row + 1) * module, module, module);
    }
  }
  return out + "f Q\n";
}

struct Drawn {
  std::string content;
  std::vector<PdfFieldSlot> fields;
};

Result<Drawn> draw(const ApprovalPage& page) {
  Drawn d;
  const double width = kPageWidth - 2 * kMargin;
  double y = kTextTop;
  bool cut = false;
  for (const ApprovalLine& line : page.lines) {
    y -= line.space_before;
    for (const std::string& part : wrap(line.text, line.size, width)) {
      if (cut) break;
      if (y - line.size * 1.3 < kBlockTop + 12) {
        d.content += text_at(kMargin, y - 9, 9, false, "(...)");
        cut = true;
        break;
      }
      y -= line.size * 1.3;
      d.content += text_at(kMargin, y, line.size, line.bold, part);
    }
  }
  double top = kBlockTop;
  if (!page.place_date.empty()) {
    d.content += text_at(kMargin + width * 2 / 3, top - 10, 9, false, page.place_date);
  }
  top -= 30;
  // Three columns for SOP-PIAK-07's three signers; a definition with more shares the width.
  const double col = width / static_cast<double>(std::max<size_t>(3, page.slots.size()));
  for (size_t i = 0; i < page.slots.size(); ++i) {
    const SignatureSlot& s = page.slots[i];
    const double x = kMargin + col * static_cast<double>(i);
    d.content += text_at(centred_x(x, col, 9, s.heading), top, 9, true, s.heading);
    const PdfRect rect{x + 6, top - 8 - kFieldHeight, col - 12, kFieldHeight};
    d.fields.push_back(PdfFieldSlot{s.field_name, rect});
    const double name_y = rect.y - 12;
    d.content += text_at(centred_x(x, col, 9, s.name), name_y, 9, true, s.name);
    d.content += fmt::format("q 0.6 w {:.2f} {:.2f} m {:.2f} {:.2f} l S Q\n", x + 18, name_y - 3,
                             x + col - 18, name_y - 3);
    d.content += text_at(centred_x(x, col, 8.5, s.nip_line), name_y - 14, 8.5, false, s.nip_line);
  }
  double caption_x = kMargin;
  if (!page.qr_text.empty()) {
    auto squares = qr_squares(page.qr_text, kMargin, kQrTop - 100, 100);
    if (!squares) return squares.error();
    d.content += *squares;
    caption_x += 112;
  }
  double caption_y = kQrTop - 12;
  for (const std::string& line : page.qr_caption) {
    for (const std::string& part : wrap(line, 8.5, kMargin + width - caption_x)) {
      d.content += text_at(caption_x, caption_y, 8.5, false, part);
      caption_y -= 11;
    }
  }
  return d;
}

std::string xref_section(const std::map<int, std::pair<size_t, int>>& offsets) {
  std::string out = "xref\n";
  for (const auto& [num, at] : offsets) {
    out += fmt::format("{} 1\n{:010d} {:05d} n\r\n", num, at.first, at.second);
  }
  return out;
}

}  // namespace

Result<AppendedPage> append_approval_page(std::string_view pdf_bytes, const ApprovalPage& page) {
  auto doc = pdf::Document::parse(pdf_bytes);
  if (!doc) return doc.error();
  auto catalog = doc->object(doc->root());
  if (!catalog) return catalog.error();
  const Object* pages_entry = catalog->dict()->get("Pages");
  if (pages_entry == nullptr || !pages_entry->ref()) {
    return Error{"malformed PDF: the catalog has no /Pages reference"};
  }
  const Ref pages_ref = *pages_entry->ref();
  auto pages_obj = doc->object(pages_ref);
  if (!pages_obj) return pages_obj.error();
  if (!pages_obj->dict()) return Error{"malformed PDF: the page tree's root is not a dictionary"};
  Dict pages = *pages_obj->dict();
  const Object* kids = pages.get("Kids");
  const Object* count = pages.get("Count");
  if (kids == nullptr || count == nullptr || !count->integer()) {
    return Error{"malformed PDF: the page tree's root has no /Kids and /Count"};
  }
  auto kids_array = doc->resolve(*kids);
  if (!kids_array) return kids_array.error();
  if (!kids_array->array()) return Error{"malformed PDF: the page tree's /Kids is not an array"};

  auto drawn = draw(page);
  if (!drawn) return drawn.error();

  int next = doc->size();
  const Ref page_ref{next++, 0};
  const Ref content_ref{next++, 0};
  std::map<int, std::pair<size_t, int>> offsets;
  std::string out(pdf_bytes);
  if (out.back() != '\n' && out.back() != '\r') out += '\n';
  auto put = [&](Ref ref, const std::string& body) {
    offsets[ref.num] = {out.size(), ref.gen};
    out += fmt::format("{} {} obj\n{}\nendobj\n", ref.num, ref.gen, body);
  };
  Array new_kids = *kids_array->array();
  new_kids.push_back(pdf::make_ref(page_ref));
  if (kids->ref()) {
    put(*kids->ref(), pdf::serialize(Object{new_kids}));
  } else {
    pages.set("Kids", Object{new_kids});
  }
  pages.set("Count", Object{*count->integer() + 1});
  put(pages_ref, pdf::serialize(Object{pages}));
  put(page_ref,
      fmt::format("<< /Type /Page /Parent {} {} R /MediaBox [0 0 {:.2f} {:.2f}] /Resources << "
                  "/Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding "
                  "/WinAnsiEncoding >> /F2 << /Type /Font /Subtype /Type1 /BaseFont "
                  "/Helvetica-Bold /Encoding /WinAnsiEncoding >> >> >> /Contents {} 0 R >>",
                  pages_ref.num, pages_ref.gen, kPageWidth, kPageHeight, content_ref.num));
  put(content_ref,
      fmt::format("<< /Length {} >>\nstream\n{}endstream", drawn->content.size(), drawn->content));

  Dict trailer;
  trailer.set("Size", Object{int64_t{next}});
  trailer.set("Root", pdf::make_ref(doc->root()));
  for (const char* key : {"Info", "ID"}) {
    if (const Object* value = doc->trailer().get(key)) trailer.set(key, *value);
  }
  trailer.set("Prev", Object{static_cast<int64_t>(doc->newest_xref())});
  const size_t xref_offset = out.size();
  out += xref_section(offsets);
  out += "trailer\n" + pdf::serialize(Object{trailer}) + "\n";
  out += fmt::format("startxref\n{}\n%%EOF\n", xref_offset);
  return AppendedPage{std::move(out), std::move(drawn->fields)};
}

}  // namespace jaga::sign
