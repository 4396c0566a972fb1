// PAdES signatures added one after another, checked by our verifier and by poppler's pdfsig.
#include <catch2/catch.hpp>

#include "sign/signer.h"
#include "sign/verifier.h"
#include "tests/unit/sign/sign_fixture.h"

namespace jaga::sign::testing {
namespace {

PdfSignatureRequest request_at(TimePoint when, std::string reason) {
  PdfSignatureRequest r;
  r.reason = std::move(reason);
  r.location = "Kota Contoh";
  r.signing_time = when;
  return r;
}

// Signs `pdf` with each identity in turn, as the SOP chain does.
std::string sign_chain(std::string pdf, const std::vector<const SigningIdentity*>& signers,
                       TimePoint when) {
  int step = 1;
  for (const SigningIdentity* s : signers) {
    auto signed_pdf = sign_pdf(pdf, *s, request_at(when, "step " + std::to_string(step++)));
    INFO((signed_pdf.ok() ? "" : signed_pdf.error().message));
    REQUIRE(signed_pdf.ok());
    REQUIRE(signed_pdf->substr(0, pdf.size()) == pdf);  // an incremental update
    pdf = std::move(*signed_pdf);
  }
  return pdf;
}

// An NSS database trusting the office CA, so that pdfsig checks certificate trust too; "" when
// certutil (libnss3-tools) is missing.
std::string nss_db_trusting(const TestPki& t) {
  if (run_tool("command -v certutil").exit_code != 0) return "";
  const std::string db = t.dir.file("nssdb");
  REQUIRE(
      run_tool("mkdir -p " + db + " && certutil -N -d sql:" + db + " --empty-password").exit_code ==
      0);
  REQUIRE(
      run_tool("certutil -A -d sql:" + db + " -n office-ca -t CT,C,C -i " + t.pki.ca_cert_path())
          .exit_code == 0);
  return "sql:" + db;
}

}  // namespace

TEST_CASE("one to four incremental signatures are valid for pdfsig and jaga verify",
          "[sign][pdfsig]") {
  TestPki t;
  const SigningIdentity apk = t.load(t.issue(Role::kApk, "Agus Prasetyo").id);
  const SigningIdentity sub = t.load(t.issue(Role::kSubKoord, "Siti Aminah").id);
  const SigningIdentity kabid = t.load(t.issue(Role::kKabid, "Budi Santoso").id);
  // A fourth signature, as after a returned and re-finalized report.
  const SigningIdentity apk2 = t.load(t.issue(Role::kApk, "Rina Wulandari").id);
  const TrustStore trust = t.trust();
  const std::vector<const SigningIdentity*> all = {&apk, &sub, &kabid, &apk2};
  const std::string nss_db = nss_db_trusting(t);

  for (size_t n = 1; n <= 4; ++n) {
    DYNAMIC_SECTION("with " << n << " signatures") {
      const std::string pdf =
          sign_chain(make_pdf(2), {all.begin(), all.begin() + n}, t.clock.now());
      const std::string path = t.dir.write("signed.pdf", pdf);

      const ToolResult pdfsig =
          run_tool("pdfsig " + (nss_db.empty() ? "" : "-nssdir " + nss_db + " ") + path);
      INFO(pdfsig.output);
      CHECK(pdfsig.exit_code == 0);
      CHECK(count(pdfsig.output, "Signature Validation: Signature is Valid.") == n);
      CHECK(count(pdfsig.output, "Signature Type: ETSI.CAdES.detached") == n);
      CHECK(count(pdfsig.output, "Signing Hash Algorithm: SHA-256") == n);
      if (!nss_db.empty()) {
        CHECK(count(pdfsig.output, "Certificate Validation: Certificate is Trusted.") == n);
      } else {
        WARN("certutil (libnss3-tools) missing: pdfsig's certificate trust not checked");
      }

      auto verified = verify_pdf(pdf, trust, t.clock.now());
      REQUIRE(verified.ok());
      REQUIRE(verified->size() == n);
      for (size_t i = 0; i < n; ++i) {
        const VerifiedSignature& s = (*verified)[i];
        INFO(s.problem);
        CHECK(s.valid);
        CHECK(s.index == static_cast<int>(i + 1));
        CHECK(s.signer_name == all[i]->name);
        REQUIRE(s.role.has_value());
        CHECK(*s.role == all[i]->role);
        CHECK(s.serial == all[i]->info.serial);
        CHECK(s.reason == "step " + std::to_string(i + 1));
        CHECK(s.covers_whole_file == (i + 1 == n));
        REQUIRE(s.signing_time.has_value());
      }
    }
  }
}

}  // namespace jaga::sign::testing
