// Signed PDFs with random bytes changed, removed or cut off: signing and verifying them must
// end in a result or an error sentence, never a crash or a hang (ASan+UBSan watch this test).
#include <catch2/catch.hpp>
#include <random>

#include "sign/signer.h"
#include "sign/verifier.h"
#include "tests/unit/sign/sign_fixture.h"

namespace jaga::sign::testing {

TEST_CASE("randomly damaged signed PDFs give results or errors, never a crash", "[sign][pdf]") {
  TestPki t;
  const SigningIdentity apk = t.load(t.issue(Role::kApk, "Agus Prasetyo").id);
  const TrustStore trust = t.trust();
  PdfSignatureRequest request;
  request.signing_time = t.clock.now();
  auto signed_pdf = sign_pdf(make_pdf(1), apk, request);
  REQUIRE(signed_pdf.ok());
  const std::string& good = *signed_pdf;
  // Damage near the structure (the tail: xref, trailer, our update) is the interesting kind.
  const size_t tail = good.size() > 40000 ? good.size() - 40000 : 0;

  std::mt19937 random(20261127);
  const char* kTokens[] = {"<<", ">>", "[", "]", "(", ")", "/", "0", "R", "obj", "xref", "%"};
  int errors = 0;
  int invalid = 0;
  for (int round = 0; round < 300; ++round) {
    std::string damaged = good;
    const size_t at = tail + random() % (good.size() - tail);
    switch (round % 4) {
      case 0:
        damaged[at] = static_cast<char>(random() % 256);
        break;
      case 1:
        damaged.erase(at, 1 + random() % 16);
        break;
      case 2:
        damaged.insert(at, kTokens[random() % std::size(kTokens)]);
        break;
      default:
        damaged.resize(at);
        break;
    }
    auto verified = verify_pdf(damaged, trust, t.clock.now());
    if (!verified) {
      ++errors;
      CHECK_FALSE(verified.error().message.empty());
    } else {
      for (const VerifiedSignature& s : *verified) invalid += s.valid ? 0 : 1;
    }
    auto again = sign_pdf(damaged, apk, request);
    if (!again) CHECK_FALSE(again.error().message.empty());
  }
  // Both outcomes occur: damage the parser notices, and damage only the digest notices.
  CHECK(errors > 0);
  CHECK(invalid > 0);
}

TEST_CASE("a signature field name is unique in the document", "[sign][pdf]") {
  TestPki t;
  const SigningIdentity apk = t.load(t.issue(Role::kApk, "Agus Prasetyo").id);
  PdfSignatureRequest request;
  request.signing_time = t.clock.now();
  request.field_name = "APK finalisasi";
  auto once = sign_pdf(make_pdf(1), apk, request);
  REQUIRE(once.ok());
  auto twice = sign_pdf(*once, apk, request);
  REQUIRE_FALSE(twice.ok());
  CHECK(twice.error().message == "the PDF has a field named 'APK finalisasi' already");
  request.field_name.clear();
  auto named = sign_pdf(*once, apk, request);
  REQUIRE(named.ok());
  auto verified = verify_pdf(*named, t.trust(), t.clock.now());
  REQUIRE(verified.ok());
  REQUIRE(verified->size() == 2);
  CHECK((*verified)[0].field_name == "APK finalisasi");
  CHECK((*verified)[1].field_name == "Signature 1");
  CHECK((*verified)[0].valid);
  CHECK((*verified)[1].valid);
}

}  // namespace jaga::sign::testing

namespace jaga::sign::testing {

TEST_CASE(
    "a trailer /Size below the highest object number does not let new objects replace "
    "old ones",
    "[sign][pdf][pdfsig]") {
  TestPki t;
  const SigningIdentity apk = t.load(t.issue(Role::kApk, "Agus Prasetyo").id);
  std::string pdf = make_pdf(1);
  const size_t size_at = pdf.rfind("/Size ");
  REQUIRE(size_at != std::string::npos);
  const size_t end = pdf.find_first_not_of("0123456789", size_at + 6);
  pdf.replace(size_at + 6, end - size_at - 6,
              std::string(end - size_at - 6, ' ').replace(0, 1, "2"));
  PdfSignatureRequest request;
  request.signing_time = t.clock.now();
  auto signed_pdf = sign_pdf(pdf, apk, request);
  REQUIRE(signed_pdf.ok());
  const ToolResult pdfsig = run_tool("pdfsig " + t.dir.write("small-size.pdf", *signed_pdf));
  INFO(pdfsig.output);
  CHECK(count(pdfsig.output, "Signature is Valid") == 1);
  auto verified = verify_pdf(*signed_pdf, t.trust(), t.clock.now());
  REQUIRE(verified.ok());
  REQUIRE(verified->size() == 1);
  CHECK(verified->front().valid);
}

}  // namespace jaga::sign::testing
