// The office PKI on disk: what `jaga pki` creates, checked with the openssl tool.
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <filesystem>

#include "sign/signer.h"
#include "sign/verifier.h"
#include "tests/unit/sign/sign_fixture.h"

namespace jaga::sign::testing {
namespace {

unsigned mode_of(const std::string& path) {
  struct stat st {};
  REQUIRE(stat(path.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

}  // namespace

TEST_CASE("pki init refuses to overwrite an existing CA", "[sign][pki]") {
  TestPki t;
  const std::string before = *read_test_file(t.pki.ca_cert_path());
  auto again = t.pki.init_ca(CaRequest{}, "another", t.clock);
  REQUIRE_FALSE(again.ok());
  CHECK(again.error().message == "a CA exists already in " + t.pki.dir() + " (" + t.pki.dir() +
                                     "/ca.key is there); it is never overwritten");
  CHECK(*read_test_file(t.pki.ca_cert_path()) == before);
  CHECK(mode_of(t.pki.dir() + "/ca.key") == 0600);
  CHECK(mode_of(t.pki.dir()) == 0700);
}

TEST_CASE("a signer gets an AES-256 encrypted key and a signing certificate naming the role",
          "[sign][pki]") {
  TestPki t;
  const SignerRecord r = t.issue(Role::kSubKoord, "Siti Aminah");
  CHECK(r.id == "sub_koord-siti-aminah");
  const std::string key = t.pki.dir() + "/" + r.key_file;
  const std::string cert = t.pki.dir() + "/" + r.cert_file;
  CHECK(mode_of(key) == 0600);
  CHECK_THAT(*read_test_file(key), Catch::StartsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
  CHECK_THAT(run_tool("openssl asn1parse -in " + key).output, Catch::Contains("aes-256-cbc"));

  const ToolResult text = run_tool("openssl x509 -noout -text -in " + cert);
  CHECK_THAT(text.output, Catch::Contains("Digital Signature, Non Repudiation"));
  CHECK_THAT(text.output, Catch::Contains("E-mail Protection"));
  CHECK_THAT(text.output, Catch::Contains("title = sub_koord"));
  CHECK_THAT(text.output, Catch::Contains("ASN1 OID: prime256v1"));
  CHECK(run_tool("openssl verify -CAfile " + t.pki.ca_cert_path() + " " + cert).exit_code == 0);

  // The same name again gets a new id; the registry lists both.
  const SignerRecord second = t.issue(Role::kSubKoord, "Siti Aminah");
  CHECK(second.id == "sub_koord-siti-aminah-2");
  auto list = t.pki.list_signers();
  REQUIRE(list.ok());
  REQUIRE(list->size() == 2);
  CHECK((*list)[0].fingerprint == r.fingerprint);
  CHECK((*list)[1].serial == second.serial);
}

TEST_CASE("an agent certificate serves mutual TLS with its host names", "[sign][pki]") {
  TestPki t;
  auto files =
      t.pki.issue_agent(AgentRequest{"db-utama", {"10.0.0.2"}, 825}, kCaPassphrase, t.clock);
  REQUIRE(files.ok());
  CHECK(mode_of(files->key_file) == 0600);
  CHECK_THAT(*read_test_file(files->key_file), Catch::StartsWith("-----BEGIN PRIVATE KEY-----"));
  const ToolResult text = run_tool("openssl x509 -noout -text -in " + files->cert_file);
  CHECK_THAT(text.output,
             Catch::Contains("TLS Web Server Authentication, TLS Web Client Authentication"));
  CHECK_THAT(text.output, Catch::Contains("DNS:db-utama, IP Address:10.0.0.2"));
  CHECK(run_tool("openssl verify -purpose sslserver -CAfile " + files->ca_file + " " +
                 files->cert_file)
            .exit_code == 0);
  CHECK(run_tool("openssl verify -purpose sslclient -CAfile " + files->ca_file + " " +
                 files->cert_file)
            .exit_code == 0);
  auto again = t.pki.issue_agent(AgentRequest{"db-utama", {}, 825}, kCaPassphrase, t.clock);
  REQUIRE_FALSE(again.ok());
  CHECK_THAT(again.error().message, Catch::EndsWith("exists already; it is never overwritten"));
}

TEST_CASE("a PKCS#12 from an external authority is imported and verifies once its CA is trusted",
          "[sign][pki]") {
  TestPki office;
  TestPki provider;  // stands in for a government e-signature provider
  const SignerRecord external = provider.issue(Role::kApk, "Dewi Lestari");
  const std::string pass_file = provider.dir.write("p12.pass", "p12 secret\n");
  const std::string key_pass = provider.dir.write("key.pass", std::string(kPassphrase) + "\n");
  const std::string p12 = provider.dir.file("dewi.p12");
  const ToolResult exported =
      run_tool("openssl pkcs12 -export -in " + provider.pki.dir() + "/" + external.cert_file +
               " -inkey " + provider.pki.dir() + "/" + external.key_file +
               " -passin file:" + key_pass + " -passout file:" + pass_file + " -out " + p12);
  INFO(exported.output);
  REQUIRE(exported.exit_code == 0);

  auto wrong = office.pki.import_p12(Role::kKabid, "Dewi Lestari", p12, "nope");
  REQUIRE_FALSE(wrong.ok());
  CHECK(wrong.error().message == "wrong passphrase for signer 'Dewi Lestari' (file " + p12 + ")");

  auto imported = office.pki.import_p12(Role::kKabid, "Dewi Lestari", p12, "p12 secret");
  INFO((imported.ok() ? "" : imported.error().message));
  REQUIRE(imported.ok());
  CHECK(imported->source == "imported");
  CHECK(imported->fingerprint == external.fingerprint);
  CHECK(mode_of(office.pki.dir() + "/" + imported->key_file) == 0600);
  CHECK(office.pki.import_p12(Role::kKabid, "Dewi Lestari", p12, "p12 secret").error().message ==
        "the certificate of " + p12 + " (fingerprint " + external.fingerprint +
            ") is registered already");

  auto identity = load_signing_identity(office.pki.dir(), imported->id, "p12 secret");
  REQUIRE(identity.ok());
  CHECK(identity->role == Role::kKabid);
  PdfSignatureRequest request;
  request.signing_time = office.clock.now();
  auto signed_pdf = sign_pdf(make_pdf(), *identity, request);
  REQUIRE(signed_pdf.ok());

  auto untrusted = verify_pdf(*signed_pdf, office.trust(), office.clock.now());
  REQUIRE(untrusted.ok());
  CHECK_FALSE(untrusted->front().valid);

  config::PkiConfig config;
  config.dir = office.pki.dir();
  config.trusted_cas = {provider.pki.ca_cert_path()};
  auto trust = TrustStore::load(config);
  REQUIRE(trust.ok());
  auto trusted = verify_pdf(*signed_pdf, *trust, office.clock.now());
  REQUIRE(trusted.ok());
  INFO(trusted->front().problem);
  CHECK(trusted->front().valid);
  // The role comes from the registry binding, not from the provider's title attribute.
  REQUIRE(trusted->front().role.has_value());
  CHECK(*trusted->front().role == Role::kKabid);
}

}  // namespace jaga::sign::testing

namespace jaga::sign::testing {

TEST_CASE("a damaged key file is not mistaken for a wrong passphrase", "[sign][pki]") {
  TestPki t;
  const SignerRecord r = t.issue(Role::kApk, "Agus Prasetyo");
  const std::string key = t.pki.dir() + "/" + r.key_file;
  std::string pem = *read_test_file(key);
  pem[pem.find('\n') + 5] = '*';  // not base64
  t.dir.write("pki/" + r.key_file, pem);
  auto identity = load_signing_identity(t.pki.dir(), r.id, kPassphrase);
  REQUIRE_FALSE(identity.ok());
  CHECK(identity.error().message ==
        "the key file of signer 'Agus Prasetyo' is damaged (file " + key + ")");
}

}  // namespace jaga::sign::testing

namespace jaga::sign::testing {

TEST_CASE("issuing from a directory without a CA says how to create one", "[sign][pki]") {
  jaga::testing::TempDir dir;
  FakeClock clock{std::chrono::system_clock::now()};
  Pki missing(dir.file("nothing"));
  auto r = missing.issue_signer(SignerRequest{Role::kApk, "Agus", 30}, "x", "y", clock);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message ==
        "no PKI in " + dir.file("nothing") + "; create it with: jaga pki init");
  Pki empty(dir.path());
  auto e = empty.issue_agent(AgentRequest{"db-utama", {}, 30}, "x", clock);
  REQUIRE_FALSE(e.ok());
  CHECK(e.error().message ==
        "no CA in " + dir.path() + " (ca.crt is missing); create it with: jaga pki init");
}

}  // namespace jaga::sign::testing

namespace jaga::sign::testing {
namespace {

constexpr const char* kBudiNip = "198001012005011001";
constexpr const char* kSitiNip = "198505052010012003";

size_t files_in(const std::string& dir) {
  size_t n = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir)) ++n;
  return n;
}

}  // namespace

// Issue 14, item 10: `pki issue` gave Budi apk, sub_koord and kabid.
TEST_CASE("pki issue refuses a person a second role unless the workflow allows it",
          "[sign][pki][four_eyes]") {
  TestPki t;
  REQUIRE(t.issue(SignerRequest{Role::kApk, "Budi Santoso", 365, kBudiNip}).ok());
  const size_t files = files_in(t.pki.dir() + "/signers");

  auto second = t.issue(SignerRequest{Role::kSubKoord, "Budi Santoso", 365, kBudiNip});
  REQUIRE_FALSE(second.ok());
  CHECK(second.error().message ==
        "Budi Santoso (NIP 198001012005011001) sudah memegang peran apk (signer "
        "apk-budi-santoso); satu orang boleh memegang peran lain hanya bila definisi workflow "
        "mengizinkannya / Budi Santoso (NIP 198001012005011001) already holds role apk (signer "
        "apk-budi-santoso); one person may also hold role sub_koord only when the workflow "
        "definition allows it explicitly (allow_multiple_roles = true in its [workflow] table, "
        "for an acting official, Plt.)");
  // Without a NIP the same name is the same person.
  CHECK_FALSE(t.issue(SignerRequest{Role::kKabid, "budi santoso", 365, ""}).ok());
  CHECK(t.pki.list_signers()->size() == 1);
  CHECK(files_in(t.pki.dir() + "/signers") == files);

  // A renewal in the same role, and another official of the same name (another NIP), are fine.
  CHECK(t.issue(SignerRequest{Role::kApk, "Budi Santoso", 365, kBudiNip}).ok());
  CHECK(t.issue(SignerRequest{Role::kKabid, "Budi Santoso", 365, "197505052000031003"}).ok());
}

TEST_CASE("pki issue gives a person a second role when the workflow allows it (Plt.)",
          "[sign][pki][four_eyes]") {
  TestPki t;
  REQUIRE(t.issue(SignerRequest{Role::kSubKoord, "Siti Aminah", 365, kSitiNip}).ok());
  auto acting = t.issue(SignerRequest{Role::kKabid, "Siti Aminah", 365, kSitiNip, true});
  if (!acting) FAIL(acting.error().message);
  CHECK(acting->role == Role::kKabid);
  auto registry = SignerRegistry::load(t.pki.dir());
  REQUIRE(registry.ok());
  CHECK(registry->other_roles({"Siti Aminah", kSitiNip}, Role::kKabid).size() == 1);
}

TEST_CASE("pki import refuses a second role for a person, as issue does",
          "[sign][pki][four_eyes]") {
  TestPki t;
  t.issue(Role::kApk, "Budi Santoso");
  TestPki other;
  const SignerRecord foreign = other.issue(Role::kKabid, "Budi Santoso");
  const std::string p12 = t.dir.file("budi.p12");
  const ToolResult made =
      run_tool("openssl pkcs12 -export -passin pass:'" + std::string(kPassphrase) +
               "' -passout pass:p12 " + "-inkey " + other.pki.dir() + "/" + foreign.key_file +
               " -in " + other.pki.dir() + "/" + foreign.cert_file + " -out " + p12);
  INFO(made.output);
  REQUIRE(made.exit_code == 0);
  auto imported = t.pki.import_p12(Role::kKabid, "Budi Santoso", p12, "p12");
  REQUIRE_FALSE(imported.ok());
  CHECK_THAT(imported.error().message, Catch::Contains("Budi Santoso already holds role apk"));
  CHECK(t.pki.import_p12(Role::kKabid, "Budi Santoso", p12, "p12", "", true).ok());
}

}  // namespace jaga::sign::testing
