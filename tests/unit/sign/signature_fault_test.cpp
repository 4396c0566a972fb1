// What must be refused or reported invalid: a changed byte, a wrong passphrase, an expired
// certificate, a certificate from another CA, and changes made after a signature.
#include <catch2/catch.hpp>
#include <filesystem>

#include "sign/pdf_document.h"
#include "sign/signer.h"
#include "sign/verifier.h"
#include "tests/unit/sign/sign_fixture.h"

namespace jaga::sign::testing {
namespace {

PdfSignatureRequest request_at(TimePoint when) {
  PdfSignatureRequest r;
  r.reason = "Finalized (SOP-PIAK-07 step 3)";
  r.location = "Kota Contoh";
  r.signing_time = when;
  return r;
}

size_t file_count(const std::string& dir) {
  size_t n = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    (void)entry;
    ++n;
  }
  return n;
}

}  // namespace

TEST_CASE("a byte changed in a signed PDF makes pdfsig and jaga verify report it invalid",
          "[sign][pdfsig]") {
  TestPki t;
  const SigningIdentity apk = t.load(t.issue(Role::kApk, "Agus Prasetyo").id);
  const SigningIdentity sub = t.load(t.issue(Role::kSubKoord, "Siti Aminah").id);
  auto once = sign_pdf(make_pdf(), apk, request_at(t.clock.now()));
  REQUIRE(once.ok());
  auto twice = sign_pdf(*once, sub, request_at(t.clock.now()));
  REQUIRE(twice.ok());
  std::string tampered = *twice;
  // Byte 10 is inside cairo's binary comment line: the file still parses, only the digest
  // of every signature that covers it changes.
  tampered[10] = static_cast<char>(tampered[10] ^ 0x01);
  const std::string path = t.dir.write("tampered.pdf", tampered);

  const ToolResult pdfsig = run_tool("pdfsig " + path);
  INFO(pdfsig.output);
  CHECK(count(pdfsig.output, "Signature is Valid") == 0);
  CHECK(count(pdfsig.output, "Signature Validation: Digest Mismatch.") == 2);

  auto verified = verify_pdf(tampered, t.trust(), t.clock.now());
  REQUIRE(verified.ok());
  REQUIRE(verified->size() == 2);
  for (const VerifiedSignature& s : *verified) {
    CHECK_FALSE(s.valid);
    CHECK(s.problem == "the signed content was changed after signing (message digest mismatch)");
  }
}

TEST_CASE("a wrong passphrase is named as such, with the signer and the key file", "[sign][pki]") {
  TestPki t;
  const SignerRecord r = t.issue(Role::kKabid, "Budi Santoso");
  auto identity = load_signing_identity(t.pki.dir(), r.id, "not the passphrase");
  REQUIRE_FALSE(identity.ok());
  CHECK(identity.error().message == "wrong passphrase for signer 'Budi Santoso' (file " +
                                        t.pki.dir() + "/signers/kabid-budi-santoso.key)");
  // By name works as well as by id.
  CHECK(load_signing_identity(t.pki.dir(), "budi santoso", kPassphrase).ok());
}

TEST_CASE("a wrong CA passphrase issues nothing", "[sign][pki]") {
  TestPki t;
  const size_t before = file_count(t.pki.dir());
  auto r = t.pki.issue_signer(SignerRequest{Role::kApk, "Agus", 30}, "wrong", kPassphrase, t.clock);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message ==
        "wrong passphrase for the office CA (file " + t.pki.dir() + "/ca.key)");
  CHECK(file_count(t.pki.dir()) == before);
  CHECK(t.pki.list_signers()->empty());
}

TEST_CASE("an expired certificate is refused before signing, and by check_identity",
          "[sign][pki]") {
  TestPki t;
  const TimePoint now = t.clock.now();
  t.clock.set(now - std::chrono::hours(24 * 100));
  const SigningIdentity old = t.load(t.issue(Role::kApk, "Agus Prasetyo", 30).id);
  t.clock.set(now);

  auto signed_pdf = sign_pdf(make_pdf(), old, request_at(now));
  REQUIRE_FALSE(signed_pdf.ok());
  CHECK_THAT(signed_pdf.error().message,
             Catch::StartsWith("the certificate of signer 'Agus Prasetyo' (serial " +
                               old.info.serial + ") expired at "));
  CHECK_THAT(signed_pdf.error().message, Catch::Contains("refusing to sign at"));
  CHECK_FALSE(sign_detached("{}", old, now).ok());

  auto checked = check_identity(old, t.trust(), now);
  REQUIRE_FALSE(checked.ok());
  CHECK_THAT(checked.error().message,
             Catch::StartsWith("signer 'Agus Prasetyo' cannot sign: certificate serial " +
                               old.info.serial + " had expired at "));

  // Signed while it was valid, the signature stays valid after the certificate expired.
  auto earlier = sign_pdf(make_pdf(), old, request_at(now - std::chrono::hours(24 * 90)));
  REQUIRE(earlier.ok());
  auto verified = verify_pdf(*earlier, t.trust(), now);
  REQUIRE(verified.ok());
  REQUIRE(verified->size() == 1);
  INFO(verified->front().problem);
  CHECK(verified->front().valid);
}

TEST_CASE("a certificate from another CA is refused and its signature not trusted", "[sign][pki]") {
  TestPki ours;
  TestPki foreign;
  const SigningIdentity stranger = foreign.load(foreign.issue(Role::kKabid, "Orang Lain").id);

  auto checked = check_identity(stranger, ours.trust(), ours.clock.now());
  REQUIRE_FALSE(checked.ok());
  CHECK_THAT(checked.error().message,
             Catch::StartsWith("signer 'Orang Lain' cannot sign: certificate serial " +
                               stranger.info.serial + " is not issued by a trusted CA (issuer "));

  auto signed_pdf = sign_pdf(make_pdf(), stranger, request_at(ours.clock.now()));
  REQUIRE(signed_pdf.ok());
  auto verified = verify_pdf(*signed_pdf, ours.trust(), ours.clock.now());
  REQUIRE(verified.ok());
  REQUIRE(verified->size() == 1);
  const VerifiedSignature& s = verified->front();
  CHECK_FALSE(s.valid);
  CHECK_THAT(s.problem, Catch::Contains("is not issued by a trusted CA"));
  // Its title says kabid, but only the office CA's word counts for roles.
  CHECK_FALSE(s.role.has_value());
}

TEST_CASE("a change appended after a signature, other than signing, invalidates it", "[sign]") {
  TestPki t;
  const SigningIdentity apk = t.load(t.issue(Role::kApk, "Agus Prasetyo").id);
  auto signed_pdf = sign_pdf(make_pdf(), apk, request_at(t.clock.now()));
  REQUIRE(signed_pdf.ok());

  // An incremental update that rotates the first page, as an editing tool would append it.
  auto doc = pdf::Document::parse(*signed_pdf);
  REQUIRE(doc.ok());
  auto page_ref = doc->last_page();
  REQUIRE(page_ref.ok());
  auto page = doc->object(*page_ref);
  REQUIRE(page.ok());
  page->dict()->set("Rotate", pdf::Object{int64_t{90}});
  std::string edited = *signed_pdf;
  const size_t at = edited.size();
  edited += std::to_string(page_ref->num) + " 0 obj\n" + pdf::serialize(*page) + "\nendobj\n";
  const size_t xref = edited.size();
  char entry[32];
  std::snprintf(entry, sizeof entry, "%010zu 00000 n\r\n", at);
  edited += "xref\n" + std::to_string(page_ref->num) + " 1\n" + entry;
  edited += "trailer\n<< /Size " + std::to_string(doc->size()) + " /Root " +
            std::to_string(doc->root().num) + " 0 R /Prev " + std::to_string(doc->newest_xref()) +
            " >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";

  auto verified = verify_pdf(edited, t.trust(), t.clock.now());
  REQUIRE(verified.ok());
  REQUIRE(verified->size() == 1);
  CHECK_FALSE(verified->front().valid);
  CHECK(verified->front().problem == "the document was changed after this signature: object " +
                                         std::to_string(page_ref->num) + " (a /Page) was changed");
  CHECK_FALSE(verified->front().covers_whole_file);
}

}  // namespace jaga::sign::testing

namespace jaga::sign::testing {

TEST_CASE("a changed signed attribute breaks the signature value, for pdfsig and jaga verify",
          "[sign][pdfsig]") {
  TestPki t;
  const SigningIdentity apk = t.load(t.issue(Role::kApk, "Agus Prasetyo").id);
  auto signed_pdf = sign_pdf(make_pdf(1), apk, request_at(t.clock.now()));
  REQUIRE(signed_pdf.ok());
  // The signing-time attribute is an ASCII UTCTime ("YYMMDDhhmmssZ") inside the hex /Contents;
  // move its last second digit. /Contents is outside the byte range, so only the signature
  // over the signed attributes can notice.
  const time_t now = std::chrono::system_clock::to_time_t(t.clock.now());
  struct tm tm {};
  gmtime_r(&now, &tm);
  char utc[16];
  std::strftime(utc, sizeof utc, "%y%m%d%H%M%SZ", &tm);
  std::string hex;
  for (const char* c = utc; *c; ++c) {
    char byte[3];
    std::snprintf(byte, sizeof byte, "%02X", static_cast<unsigned char>(*c));
    hex += byte;
  }
  std::string tampered = *signed_pdf;
  const size_t at = tampered.find(hex, tampered.rfind("/Contents <"));
  REQUIRE(at != std::string::npos);
  REQUIRE(at < tampered.find('>', tampered.rfind("/Contents <")));
  // The second digit of the seconds is byte 11 of the UTCTime: hex digits 22 and 23.
  tampered[at + 23] = tampered[at + 23] == '0' ? '1' : '0';
  const std::string path = t.dir.write("resigned.pdf", tampered);

  const ToolResult pdfsig = run_tool("pdfsig " + path);
  INFO(pdfsig.output);
  CHECK(count(pdfsig.output, "Signature is Valid") == 0);
  auto verified = verify_pdf(tampered, t.trust(), t.clock.now());
  REQUIRE(verified.ok());
  REQUIRE(verified->size() == 1);
  CHECK_FALSE(verified->front().valid);
  CHECK(verified->front().problem ==
        "the signature value does not verify with the signer's public key");
}

}  // namespace jaga::sign::testing

namespace jaga::sign::testing {

TEST_CASE("an annotation added after a signature invalidates it, a later signature does not",
          "[sign]") {
  TestPki t;
  const SigningIdentity apk = t.load(t.issue(Role::kApk, "Agus Prasetyo").id);
  auto signed_pdf = sign_pdf(make_pdf(1), apk, request_at(t.clock.now()));
  REQUIRE(signed_pdf.ok());
  auto doc = pdf::Document::parse(*signed_pdf);
  REQUIRE(doc.ok());
  auto page_ref = doc->last_page();
  REQUIRE(page_ref.ok());
  auto page = doc->object(*page_ref);
  REQUIRE(page.ok());
  // A FreeText annotation would print new words on the signed page.
  const int note = doc->size();
  pdf::Array annots = *page->dict()->get("Annots")->array();
  annots.push_back(pdf::make_ref(pdf::Ref{note, 0}));
  page->dict()->set("Annots", pdf::Object{annots});
  std::string edited = *signed_pdf;
  const size_t note_at = edited.size();
  edited +=
      std::to_string(note) +
      " 0 obj\n<< /Type /Annot /Subtype /FreeText /Rect [72 72 300 100] /Contents (Disetujui) "
      ">>\nendobj\n";
  const size_t page_at = edited.size();
  edited += std::to_string(page_ref->num) + " 0 obj\n" + pdf::serialize(*page) + "\nendobj\n";
  const size_t xref = edited.size();
  char entry[64];
  edited += "xref\n" + std::to_string(page_ref->num) + " 1\n";
  std::snprintf(entry, sizeof entry, "%010zu 00000 n\r\n", page_at);
  edited += entry;
  edited += std::to_string(note) + " 1\n";
  std::snprintf(entry, sizeof entry, "%010zu 00000 n\r\n", note_at);
  edited += entry;
  edited += "trailer\n<< /Size " + std::to_string(note + 1) + " /Root " +
            std::to_string(doc->root().num) + " 0 R /Prev " + std::to_string(doc->newest_xref()) +
            " >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";

  auto verified = verify_pdf(edited, t.trust(), t.clock.now());
  REQUIRE(verified.ok());
  REQUIRE(verified->size() == 1);
  CHECK_FALSE(verified->front().valid);
  CHECK(verified->front().problem == "the document was changed after this signature: object " +
                                         std::to_string(note) + " (a /Annot) was added");
}

}  // namespace jaga::sign::testing
