// Detached CMS signatures over a report's JSON, checked by openssl cms and by jaga.
#include <catch2/catch.hpp>

#include "sign/signer.h"
#include "sign/verifier.h"
#include "tests/unit/sign/sign_fixture.h"

namespace jaga::sign::testing {

TEST_CASE("openssl cms verifies a detached signature and refuses a changed byte",
          "[sign][detached]") {
  TestPki t;
  const SigningIdentity kabid = t.load(t.issue(Role::kKabid, "Budi Santoso").id);
  const std::string json = R"({"report":"LH-2026-11-26","status":"OK"})";
  auto cms = sign_detached(json, kabid, t.clock.now());
  REQUIRE(cms.ok());
  const std::string content = t.dir.write("report.json", json);
  const std::string signature = t.dir.write("report.json.p7s", *cms);
  const std::string verify = "openssl cms -verify -binary -inform DER -in " + signature +
                             " -content " + content + " -CAfile " + t.pki.ca_cert_path() +
                             " -purpose any -out /dev/null";
  const ToolResult good = run_tool(verify);
  INFO(good.output);
  CHECK(good.exit_code == 0);
  CHECK_THAT(good.output, Catch::Contains("Verification successful"));

  // The CAdES attributes are there: signing time and the ESS signing-certificate-v2.
  const ToolResult dump =
      run_tool("openssl cms -cmsout -print -inform DER -in " + signature + " -noout");
  CHECK_THAT(dump.output, Catch::Contains("signingTime"));
  CHECK_THAT(dump.output, Catch::Contains("id-smime-aa-signingCertificateV2"));
  CHECK_THAT(dump.output, Catch::Contains("messageDigest"));

  auto ok = verify_detached(json, *cms, t.trust(), t.clock.now());
  REQUIRE(ok.ok());
  INFO(ok->problem);
  CHECK(ok->valid);
  CHECK(ok->signer_name == "Budi Santoso");
  REQUIRE(ok->role.has_value());
  CHECK(*ok->role == Role::kKabid);

  std::string changed = json;
  changed[12] = 'X';
  t.dir.write("report.json", changed);
  const ToolResult bad = run_tool(verify);
  INFO(bad.output);
  CHECK(bad.exit_code != 0);
  CHECK_THAT(bad.output, Catch::Contains("Verification failure"));
  auto refused = verify_detached(changed, *cms, t.trust(), t.clock.now());
  REQUIRE(refused.ok());
  CHECK_FALSE(refused->valid);
  CHECK(refused->problem ==
        "the signed content was changed after signing (message digest mismatch)");
}

TEST_CASE("a signature file that is not CMS is an error, not a crash", "[sign][detached]") {
  TestPki t;
  auto r = verify_detached("{}", "this is not DER", t.trust(), t.clock.now());
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message == "the signature is not a CMS SignedData structure");
}

}  // namespace jaga::sign::testing
