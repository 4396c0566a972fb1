// Signing a report: a PAdES signature added to the PDF as an incremental update, and a
// detached CMS signature over any bytes (the report's JSON). This is the contract the SOP
// workflow builds on; one call per step and signer.
//
// Both produce CMS SignedData (RFC 5652), SHA-256, with the CAdES-BES signed attributes
// content-type, message-digest, signing-time and signing-certificate-v2 (ESS, RFC 5035), the
// signer's certificate and its chain included.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "sign/signing_identity.h"

namespace jaga::sign {

// A rectangle on a page in PDF points (1/72 inch), origin at the bottom left of the page.
struct PdfRect {
  double x = 0;
  double y = 0;
  double width = 0;
  double height = 0;
};

// An empty signature field to create, for a later signer to fill (`name` is its /T).
struct PdfFieldSlot {
  std::string name;
  PdfRect rect;
};

struct PdfSignatureRequest {
  std::string reason;    // /Reason, e.g. "Finalized (SOP-PIAK-07 step 3)"
  std::string location;  // /Location, e.g. the office's city
  TimePoint signing_time;
  // The signature field's /T; unique in the document. Empty: "Signature N" with the next N.
  std::string field_name;
  std::string contact_info;  // /ContactInfo, optional
  // When set, the signature is visible: a framed box at this place on the last page showing
  // `appearance_lines` (Helvetica; characters outside Latin-1 become '?'). Otherwise the
  // widget is invisible (a zero rectangle), and viewers list the signature in their panel.
  std::optional<PdfRect> visible;
  std::vector<std::string> appearance_lines;  // e.g. {"Ditandatangani secara elektronik", ...}
  // A certification signature (ISO 32000-1, 12.8.2.2): the signature dictionary's /Reference
  // holds a DocMDP transform with /P 2 (only form filling and signing allowed afterwards) and
  // the catalog's /Perms /DocMDP points at it. Only the first signature of a document may be one.
  bool certify = false;
  // Empty signature fields created in this update on the last page, for later signers to fill:
  // after a certification with P=2 a signer may fill a field but not add one.
  std::vector<PdfFieldSlot> empty_fields;
};

// Returns `pdf` with one more signature appended as an incremental update (the input bytes
// are an unchanged prefix of the output, so every earlier signature stays valid): a new
// signature field with a widget on the last page (invisible unless request.visible), the catalog's
// /AcroForm with /SigFlags 3, and a /Sig dictionary (/Filter /Adobe.PPKLite, /SubFilter
// /ETSI.CAdES.detached) whose /ByteRange covers the whole output except /Contents.
//
// When `request.field_name` names an existing empty signature field (one created by
// request.empty_fields), the signature fills it instead: the update then holds only the
// signature, the field with its /V (and, when `appearance_lines` is not empty, its appearance
// drawn in the field's own rectangle), and no new field, page or form change.
//
// Works on PDFs with classic cross-reference tables (cairo's output) and on PDFs that already
// carry incremental updates of ours. A cross-reference stream, an encrypted PDF, or malformed
// structure is an Error naming the problem and its byte offset. Refuses a certificate not
// valid at request.signing_time, a field name that exists and is signed, a certification of a
// document that is signed already, and empty fields whose names exist.
Result<std::string> sign_pdf(std::string_view pdf, const SigningIdentity& identity,
                             const PdfSignatureRequest& request);

// A detached CMS signature (DER) over `content` with the attributes above. It verifies with
// `openssl cms -verify -binary -inform DER -content FILE -CAfile ca.crt -purpose any`.
// Refuses a certificate not valid at `signing_time`.
Result<std::string> sign_detached(std::string_view content, const SigningIdentity& identity,
                                  TimePoint signing_time);

}  // namespace jaga::sign
