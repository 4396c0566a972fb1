// The signer registry file: NIPs recorded with each signer, and registries written before NIPs
// existed still load (their signers are known by name).
#include "sign/signer_registry.h"

#include <catch2/catch.hpp>

#include "tests/unit/sign/sign_fixture.h"

namespace jaga::sign::testing {
namespace {

constexpr const char* kEntry =
    R"({"id": "kabid-budi-santoso", "name": "Budi Santoso", "role": "kabid", "serial": "01",
        "fingerprint": "AB", "issuer": "CN=CA", "not_before": "2026-01-01T00:00:00Z",
        "not_after": "2028-01-01T00:00:00Z", "source": "issued",
        "cert_file": "signers/kabid-budi-santoso.crt",
        "key_file": "signers/kabid-budi-santoso.key")";

TEST_CASE("a registry written before NIPs were recorded loads, its signers known by name",
          "[sign][registry]") {
  jaga::testing::TempDir dir;
  dir.write("signers.json",
            std::string(R"({"format_version": 1, "signers": [)") + kEntry + "}]}\n");
  auto registry = SignerRegistry::load(dir.path());
  if (!registry) FAIL(registry.error().message);
  REQUIRE(registry->signers().size() == 1);
  CHECK(registry->signers()[0].nip.empty());
  CHECK(registry->other_roles({"budi santoso", "198001012005011001"}, Role::kApk).size() == 1);
  CHECK(registry->other_roles({"Budi Santoso", ""}, Role::kKabid).empty());
}

TEST_CASE("a registry entry with a malformed NIP is refused, naming the entry",
          "[sign][registry]") {
  jaga::testing::TempDir dir;
  dir.write("signers.json", std::string(R"({"signers": [)") + kEntry + R"(, "nip": "12"}]})");
  auto registry = SignerRegistry::load(dir.path());
  REQUIRE_FALSE(registry.ok());
  CHECK(registry.error().message == dir.path() +
                                        "/signers.json: signers[0]: a NIP has 18 digits (e.g. "
                                        "198001012005011001), got \"12\"");
}

TEST_CASE("a signer's NIP is kept in the registry and in the certificate's subject",
          "[sign][registry]") {
  TestPki t;
  SignerRequest request{Role::kKabid, "Budi Santoso", 365, "198001012005011001"};
  auto issued = t.issue(request);
  if (!issued) FAIL(issued.error().message);
  CHECK(issued->nip == "198001012005011001");
  auto registry = SignerRegistry::load(t.pki.dir());
  REQUIRE(registry.ok());
  CHECK(registry->signers().at(0).nip == "198001012005011001");
  const SigningIdentity identity = t.load("Budi Santoso");
  CHECK(identity.nip == "198001012005011001");
  CHECK(identity.info.nip == "198001012005011001");
  CHECK_THAT(
      run_tool("openssl x509 -noout -subject -in " + t.pki.dir() + "/" + issued->cert_file).output,
      Catch::Contains("serialNumber = 198001012005011001"));
}

}  // namespace
}  // namespace jaga::sign::testing
