// A certification signature (DocMDP P=2) that leaves empty fields, and later signatures that
// fill them: what each update writes, and what sign_pdf refuses (issue 17).
#include <catch2/catch.hpp>

#include "sign/pdf_document.h"
#include "sign/signer.h"
#include "sign/verifier.h"
#include "tests/unit/sign/sign_fixture.h"

namespace jaga::sign::testing {
namespace {

PdfSignatureRequest certifying(TimePoint when) {
  PdfSignatureRequest r;
  r.signing_time = when;
  r.field_name = "finalize-v1";
  r.certify = true;
  r.visible = PdfRect{60, 200, 150, 60};
  r.appearance_lines = {"Ditandatangani secara elektronik", "Andi Pratama"};
  r.empty_fields = {{"receive-v1", PdfRect{220, 200, 150, 60}}};
  return r;
}

PdfSignatureRequest filling(TimePoint when) {
  PdfSignatureRequest r;
  r.signing_time = when;
  r.field_name = "receive-v1";
  r.appearance_lines = {"Ditandatangani secara elektronik", "Siti Aminah"};
  return r;
}

}  // namespace

TEST_CASE("filling an empty field writes only the signature, the field and its appearance",
          "[sign][docmdp]") {
  TestPki t;
  const SigningIdentity apk = t.load(t.issue(Role::kApk, "Andi Pratama").id);
  const SigningIdentity sub = t.load(t.issue(Role::kSubKoord, "Siti Aminah").id);
  auto certified = sign_pdf(make_pdf(1), apk, certifying(t.clock.now()));
  REQUIRE(certified.ok());
  auto filled = sign_pdf(*certified, sub, filling(t.clock.now()));
  INFO((filled.ok() ? "" : filled.error().message));
  REQUIRE(filled.ok());
  auto doc = pdf::Document::parse(*filled);
  REQUIRE(doc.ok());
  CHECK(doc->revisions().back().entries.size() == 3);  // signature, field, appearance
  auto verified = verify_pdf(*filled, t.trust(), t.clock.now());
  REQUIRE(verified.ok());
  REQUIRE(verified->size() == 2);
  CHECK(verified->at(0).certification);
  CHECK(verified->at(0).docmdp_permission == 2);
  CHECK_FALSE(verified->at(1).certification);
  for (const VerifiedSignature& v : *verified) {
    INFO(v.field_name << ": " << v.problem);
    CHECK(v.valid);
  }
  const auto pdfsig = run_tool("pdfsig " + t.dir.write("filled.pdf", *filled));
  CHECK(count(pdfsig.output, "Signature Validation: Signature is Valid.") == 2);
}

TEST_CASE("a signed field is not filled again and a signed document is not certified again",
          "[sign][docmdp]") {
  TestPki t;
  const SigningIdentity apk = t.load(t.issue(Role::kApk, "Andi Pratama").id);
  const SigningIdentity sub = t.load(t.issue(Role::kSubKoord, "Siti Aminah").id);
  auto certified = sign_pdf(make_pdf(1), apk, certifying(t.clock.now()));
  REQUIRE(certified.ok());
  auto filled = sign_pdf(*certified, sub, filling(t.clock.now()));
  REQUIRE(filled.ok());
  auto again = sign_pdf(*filled, sub, filling(t.clock.now()));
  REQUIRE_FALSE(again.ok());
  CHECK(again.error().message == "the PDF has a field named 'receive-v1' already");
  PdfSignatureRequest second = certifying(t.clock.now());
  second.field_name = "another";
  second.empty_fields.clear();
  auto recertified = sign_pdf(*certified, sub, second);
  REQUIRE_FALSE(recertified.ok());
  CHECK(recertified.error().message ==
        "only the first signature of a document can certify it; this one is signed");
}

}  // namespace jaga::sign::testing
