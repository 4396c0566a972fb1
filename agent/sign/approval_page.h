// The approval page (lembar pengesahan) of a finalized report: one A4 page appended to the
// drafted PDF as an incremental update before the first signature, so every byte of the draft
// stays as the scheduler wrote it and only what finalize adds is new. The page holds lines of
// text (the version, the administrator's note, the return history, the steps' timing), the
// signature block of the chain with a rectangle reserved for each signature, and optionally a
// QR code drawn as filled squares (libqrencode). Text is set in Helvetica (a standard font, so
// nothing is embedded) and stays real text for pdftotext.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "sign/signer.h"

namespace jaga::sign {

struct ApprovalLine {
  std::string text;  // UTF-8; wrapped to the page's width
  double size = 9;   // points
  bool bold = false;
  double space_before = 0;  // points
};

// One official's place in the signature block: the heading above the signature ("Administrator"),
// and the name and NIP line under it. `field_name` is the signature field made for it.
struct SignatureSlot {
  std::string heading;
  std::string name;
  std::string nip_line;
  std::string field_name;
};

struct ApprovalPage {
  std::vector<ApprovalLine> lines;
  std::string place_date;  // the line above the signature block ("Ungaran, 7 Desember 2026")
  std::vector<SignatureSlot> slots;     // left to right, at most 3
  std::string qr_text;                  // empty: no QR code
  std::vector<std::string> qr_caption;  // beside the QR code (or alone without one)
};

struct AppendedPage {
  std::string pdf;                   // the input followed by the update adding the page
  std::vector<PdfFieldSlot> fields;  // each slot's field name and rectangle on the new page
};

// Appends `page` as the new last page of `pdf`. Text that does not fit above the signature
// block is cut with a closing "(...)" line. Error on a PDF the signer cannot read, or a QR text
// too long for a QR code.
Result<AppendedPage> append_approval_page(std::string_view pdf, const ApprovalPage& page);

}  // namespace jaga::sign
