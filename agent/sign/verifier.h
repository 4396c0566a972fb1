// Verifying report signatures: every signature of a PDF (all revisions) and detached CMS
// signatures over a file. A signature is valid when
//   - its /ByteRange covers the file from the start to the end of its revision, except exactly
//     its own /Contents (PDF);
//   - the SHA-256 message-digest attribute equals the digest of the covered bytes;
//   - the CMS signature over the signed attributes verifies with the signer's certificate;
//   - the certificate chains to a trusted CA and was valid at the signing time, which lies
//     within the certificate's validity and not after `now`;
//   - (PDF) every later revision only adds signatures, signature fields with their widgets
//     and the catalog/page/AcroForm updates they need — anything else is reported as a change
//     after signing;
//   - (PDF) after a certification signature (the catalog's /Perms /DocMDP), later signatures
//     only fill fields that existed when it was made: a signature field added after it breaks
//     the certification (DocMDP P=2 allows form filling and signing, some validators reject
//     new fields) and the signature in the new field is reported as not permitted.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "sign/signer_role.h"
#include "sign/signing_identity.h"
#include "sign/trust_store.h"

namespace jaga::sign {

struct VerifiedSignature {
  int index = 0;             // 1-based, in file order (= signing order for PDFs)
  std::string field_name;    // PDF signature field /T; the .p7s file name for detached
  std::string signer_name;   // the certificate's CN
  std::optional<Role> role;  // from TrustStore::role_of; none when unbound
  // The signer's NIP: the registry's for a registered certificate, else the certificate's
  // subject serialNumber when it is one (18 digits); empty when unknown. With signer_name it
  // names the person (sign/person.h) for the four-eyes check.
  std::string nip;
  std::string serial;                     // hex
  std::string fingerprint;                // SHA-256 of the certificate
  std::string issuer;                     // RFC 2253
  std::optional<TimePoint> signing_time;  // the signing-time attribute
  std::string reason;                     // PDF /Reason
  std::string location;                   // PDF /Location
  // PDF: the byte length the signature covers up to (end of its revision), and whether that
  // is the whole file.
  size_t revision_end = 0;
  bool covers_whole_file = false;
  bool valid = false;
  // Empty when valid; otherwise the first problem found, as a sentence ("the document was
  // changed after signing: digest mismatch", "certificate has expired at signing time ...").
  std::string problem;
  // PDF: the certification signature (the catalog's /Perms /DocMDP refers to it and its
  // /Reference holds a /DocMDP transform), and that transform's /P (1, 2 or 3; ISO 32000-1
  // table 254); none for an approval signature.
  bool certification = false;
  std::optional<int> docmdp_permission = std::nullopt;
};

// Every signature of `pdf`. Error only when the file is not a PDF we can read (with the reason
// and offset); a PDF without signatures gives an empty list.
Result<std::vector<VerifiedSignature>> verify_pdf(std::string_view pdf, const TrustStore& trust,
                                                  TimePoint now);

// A detached CMS signature `cms_der` (DER, or PEM "-----BEGIN CMS-----") over `content`.
// Error only when `cms_der` is not a CMS SignedData at all.
Result<VerifiedSignature> verify_detached(std::string_view content, std::string_view cms_der,
                                          const TrustStore& trust, TimePoint now);

// Before signing: Ok when `identity`'s certificate chains to `trust` and is valid at `at`;
// otherwise an Error naming the signer and the problem. The workflow calls this so that a
// foreign or expired certificate is refused before anything is written.
Result<void> check_identity(const SigningIdentity& identity, const TrustStore& trust, TimePoint at);

}  // namespace jaga::sign
