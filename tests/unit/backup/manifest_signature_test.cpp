// The manifest's signature with real certificates from a throw-away CA: verified when it is the
// agent's own or a pinned peer's, CRIT when the manifest changed or the signer is not trusted,
// "manifest not signed" when there is no signature.
#include "backup/manifest_signature.h"

#include <catch2/catch.hpp>
#include <chrono>

#include "tests/unit/peer/test_pki.h"
#include "tests/unit/temp_dir.h"

namespace jaga::backup {
namespace {

using Catch::Contains;

struct Signed {
  testing::TempDir dir;
  testing::TempDir pki_dir;
  testing::TestPki pki{pki_dir.path()};
  config::PeerConfig peer;
  const std::string text = "{\"format\": \"jaga-backup\", \"gtid\": \"0-1-26\"}\n";
  TimePoint now = std::chrono::system_clock::now();

  Signed() {
    pki.issue("agent", "jaga-cadangan");
    pki.issue("utama", "jaga-utama");
    pki.issue("intruder", "jaga-intruder");
    pki.make_ca("other-ca", "Other CA");
    pki.issue("foreign", "jaga-utama", "other-ca");
    peer = as("agent");
    now = std::chrono::system_clock::now() + std::chrono::seconds(1);  // after the certificates
  }
  config::PeerConfig as(const std::string& name) const {
    config::PeerConfig p;
    p.enabled = true;
    p.cert = pki.path(name + ".crt");
    p.key = pki.path(name + ".key");
    p.ca = pki.path("ca.crt");
    p.peers = {{"utama", "", "", "jaga-utama", "", false}};
    return p;
  }
  void sign_as(const std::string& name, const std::string& content) const {
    auto der = sign_manifest(content, as(name), now);
    REQUIRE(der.ok());
    dir.write(kManifestSignatureName, *der);
  }
  SignatureVerdict check(const std::string& content) const {
    return check_manifest_signature(dir.path(), content, peer, now);
  }
};

TEST_CASE("a manifest signed by this agent or a pinned peer verifies", "[backup][signature]") {
  Signed s;
  s.sign_as("agent", s.text);
  CHECK(s.check(s.text).status == Status::kOk);
  CHECK_THAT(s.check(s.text).message, Contains("signed by this agent"));
  s.sign_as("utama", s.text);
  CHECK(s.check(s.text).status == Status::kOk);
  CHECK_THAT(s.check(s.text).message, Contains("signed by peer utama"));
}

TEST_CASE("a manifest changed after signing is CRIT", "[backup][signature]") {
  Signed s;
  s.sign_as("agent", s.text);
  std::string changed = s.text;
  changed.replace(changed.find("0-1-26"), 6, "0-1-99");
  const auto v = s.check(changed);
  CHECK(v.status == Status::kCrit);
  CHECK_THAT(v.message, Contains("changed after it was signed"));
}

TEST_CASE("a signer that is not this agent nor pinned, or from another CA, is CRIT",
          "[backup][signature]") {
  Signed s;
  s.sign_as("intruder", s.text);
  auto v = s.check(s.text);
  CHECK(v.status == Status::kCrit);
  CHECK_THAT(v.message, Contains("\"jaga-intruder\"") && Contains("not pinned"));
  s.sign_as("foreign", s.text);  // pinned CN, but not issued by peer.ca
  v = s.check(s.text);
  CHECK(v.status == Status::kCrit);
  CHECK_THAT(v.message, Contains("peer.ca does not vouch for"));
}

TEST_CASE("a missing signature is WARN without a key and CRIT with one", "[backup][signature]") {
  Signed s;
  auto v = check_manifest_signature(s.dir.path(), s.text, config::PeerConfig{}, s.now);
  CHECK(v.status == Status::kWarn);
  CHECK_THAT(v.message, Contains("manifest not signed"));
  v = s.check(s.text);
  CHECK(v.status == Status::kCrit);
  CHECK_THAT(v.message, Contains("manifest.json.p7s is missing"));
}

TEST_CASE("garbage in place of the signature is CRIT naming the file", "[backup][signature]") {
  Signed s;
  s.dir.write(kManifestSignatureName, "not a signature");
  const auto v = s.check(s.text);
  CHECK(v.status == Status::kCrit);
  CHECK_THAT(v.message, Contains(kManifestSignatureName));
}

TEST_CASE("an agent key readable by others is refused for signing", "[backup][signature]") {
  Signed s;
  REQUIRE(chmod(s.pki.path("agent.key").c_str(), 0644) == 0);
  auto der = sign_manifest(s.text, s.peer, s.now);
  REQUIRE_FALSE(der.ok());
  CHECK_THAT(der.error().message, Contains("may be read by group or others"));
}

}  // namespace
}  // namespace jaga::backup
