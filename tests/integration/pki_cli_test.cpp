// `jaga pki` and `jaga verify` as an administrator runs them: the real binary, real files,
// passphrases from files. Needs no database.
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <nlohmann/json.hpp>

#include "sign/signer.h"
#include "sign/signing_identity.h"
#include "tests/integration/sandbox.h"
#include "tests/unit/run_tool.h"

namespace jaga::test {
namespace {

// A configuration whose [pki] dir is inside `dir`; the servers are never contacted.
std::string pki_config(const TempDir& dir) {
  return dir.write("jaga.toml",
                   "[servers.primary]\nhost = \"127.0.0.1\"\nuser = \"jaga\"\n"
                   "[servers.backup]\nhost = \"127.0.0.2\"\nuser = \"jaga\"\n"
                   "[pki]\ndir = \"" +
                       dir.path() + "/pki\"\n",
                   0644);
}

// A one-page PDF with a classic cross-reference table, built by hand.
std::string tiny_pdf() {
  std::vector<std::string> objects = {
      "<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
      "<< /Length 17 >>\nstream\n0 0 m 100 100 l S\nendstream"};
  std::string pdf = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n";
  std::vector<size_t> offsets;
  for (size_t i = 0; i < objects.size(); ++i) {
    offsets.push_back(pdf.size());
    pdf += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
  }
  const size_t xref = pdf.size();
  pdf += "xref\n0 5\n0000000000 65535 f \n";
  for (size_t offset : offsets) {
    char entry[32];
    std::snprintf(entry, sizeof entry, "%010zu 00000 n \n", offset);
    pdf += entry;
  }
  pdf += "trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
  return pdf;
}

size_t count_of(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

struct Pki {
  TempDir dir;
  std::string config = pki_config(dir);
  std::string ca_pass = dir.write("ca.pass", "office ca secret\n");
  std::string pass = dir.write("signer.pass", "signer secret\n");

  ProcessResult jaga(std::vector<std::string> args) {
    args.insert(args.begin(), {"--config", config});
    return run_jaga(args);
  }
};

}  // namespace

TEST_CASE("jaga pki init creates the CA once and refuses to overwrite it", "[pki_cli]") {
  Pki p;
  auto first = p.jaga({"pki", "init", "--name", "Dinas Dukcapil Kota Contoh CA",
                       "--ca-passphrase-file", p.ca_pass});
  INFO(first.out << first.err);
  REQUIRE(first.exit_code == 0);
  CHECK_THAT(first.out, Catch::Contains("created CA \"Dinas Dukcapil Kota Contoh CA\""));
  const std::string ca = read_file(p.dir.path() + "/pki/ca.crt");

  auto second = p.jaga({"pki", "init", "--ca-passphrase-file", p.ca_pass});
  CHECK(second.exit_code == 1);
  CHECK(second.err == "jaga: a CA exists already in " + p.dir.path() + "/pki (" + p.dir.path() +
                          "/pki/ca.key is there); it is never overwritten\n");
  CHECK(read_file(p.dir.path() + "/pki/ca.crt") == ca);
}

TEST_CASE("jaga pki refuses a passphrase file others can read, and writes nothing", "[pki_cli]") {
  Pki p;
  const std::string open_pass = p.dir.write("open.pass", "office ca secret\n", 0644);
  auto r = p.jaga({"pki", "init", "--ca-passphrase-file", open_pass});
  CHECK(r.exit_code == 1);
  CHECK(r.err == "jaga: passphrase file " + open_pass +
                     " may be read by group or others (mode 0644); make it readable by its "
                     "owner only: chmod 600 " +
                     open_pass + "\n");
  struct stat st {};
  CHECK(stat((p.dir.path() + "/pki").c_str(), &st) != 0);
  // And there is no option to give a passphrase on the command line.
  auto argv = p.jaga({"pki", "init", "--passphrase", "secret"});
  CHECK(argv.exit_code != 0);
  CHECK(stat((p.dir.path() + "/pki").c_str(), &st) != 0);
}

TEST_CASE("jaga pki issues signers and agents, lists them, and jaga verify checks a signed PDF",
          "[pki_cli]") {
  Pki p;
  REQUIRE(p.jaga({"pki", "init", "--ca-passphrase-file", p.ca_pass}).exit_code == 0);
  auto wrong = p.jaga({"pki", "issue", "--role", "kabid", "--name", "Budi Santoso",
                       "--ca-passphrase-file", p.pass, "--passphrase-file", p.pass});
  CHECK(wrong.exit_code == 1);
  CHECK(wrong.err ==
        "jaga: wrong passphrase for the office CA (file " + p.dir.path() + "/pki/ca.key)\n");

  auto issued = p.jaga({"pki", "issue", "--role", "kabid", "--name", "Budi Santoso",
                        "--ca-passphrase-file", p.ca_pass, "--passphrase-file", p.pass});
  INFO(issued.out << issued.err);
  REQUIRE(issued.exit_code == 0);
  CHECK_THAT(issued.out,
             Catch::StartsWith("issued signer kabid-budi-santoso: Budi Santoso (Kabid)"));

  auto agent = p.jaga({"pki", "issue-agent", "--host", "db-cadangan", "--san", "10.0.0.2",
                       "--ca-passphrase-file", p.ca_pass});
  INFO(agent.out << agent.err);
  CHECK(agent.exit_code == 0);
  CHECK_THAT(agent.out, Catch::Contains(p.dir.path() + "/pki/agents/db-cadangan.key"));
  // The fingerprint to pin on the other agent is printed, the same as openssl's.
  const auto openssl = jaga::testing::run_tool("openssl x509 -noout -fingerprint -sha256 -in " +
                                               p.dir.path() + "/pki/agents/db-cadangan.crt");
  REQUIRE(openssl.exit_code == 0);
  const std::string fingerprint = openssl.output.substr(openssl.output.find('=') + 1, 95);
  CHECK_THAT(agent.out, Catch::Contains("fingerprint = \"" + fingerprint + "\""));

  auto list = p.jaga({"pki", "list"});
  CHECK(list.exit_code == 0);
  CHECK_THAT(list.out, Catch::Contains("kabid-budi-santoso"));
  CHECK_THAT(list.out, Catch::Contains("Budi Santoso"));

  auto identity =
      sign::load_signing_identity(p.dir.path() + "/pki", "Budi Santoso", "signer secret");
  REQUIRE(identity.ok());
  sign::PdfSignatureRequest request;
  request.reason = "Received (SOP-PIAK-07 step 5)";
  request.signing_time = std::chrono::system_clock::now();
  auto signed_pdf = sign::sign_pdf(tiny_pdf(), *identity, request);
  REQUIRE(signed_pdf.ok());
  const std::string pdf = p.dir.write("report.pdf", *signed_pdf, 0644);

  auto ok = p.jaga({"verify", pdf});
  INFO(ok.out << ok.err);
  CHECK(ok.exit_code == 0);
  CHECK_THAT(ok.out, Catch::Contains("1. Signature 1 — Budi Santoso (Kabid), signed "));
  CHECK_THAT(ok.out, Catch::Contains("VALID"));
  CHECK_THAT(ok.out, Catch::EndsWith("all signatures are valid\n"));

  auto json_out = p.jaga({"verify", pdf, "--format", "json"});
  CHECK(json_out.exit_code == 0);
  const auto doc = nlohmann::json::parse(json_out.out);
  CHECK(doc["valid"] == true);
  REQUIRE(doc["signatures"].size() == 1);
  CHECK(doc["signatures"][0]["signer"] == "Budi Santoso");
  CHECK(doc["signatures"][0]["role"] == "kabid");
  CHECK(doc["signatures"][0]["reason"] == "Received (SOP-PIAK-07 step 5)");
  CHECK(doc["signatures"][0]["covers_whole_file"] == true);

  const std::string unsigned_pdf = p.dir.write("unsigned.pdf", tiny_pdf(), 0644);
  auto none = p.jaga({"verify", unsigned_pdf});
  CHECK(none.exit_code == 2);
  CHECK(none.out == unsigned_pdf + ": no signatures found\n");

  std::string tampered = *signed_pdf;
  tampered[12] = static_cast<char>(tampered[12] ^ 0x20);
  const std::string bad_pdf = p.dir.write("bad.pdf", tampered, 0644);
  auto bad = p.jaga({"verify", bad_pdf});
  CHECK(bad.exit_code == 2);
  CHECK_THAT(bad.out, Catch::Contains("INVALID: the signed content was changed after signing"));

  const std::string json = p.dir.write("report.json", "{\"report\":1}\n", 0644);
  auto cms = sign::sign_detached("{\"report\":1}\n", *identity, request.signing_time);
  REQUIRE(cms.ok());
  p.dir.write("report.json.p7s", *cms, 0644);
  auto detached = p.jaga({"verify", json});
  INFO(detached.out << detached.err);
  CHECK(detached.exit_code == 0);
  p.dir.write("report.json", "{\"report\":2}\n", 0644);
  CHECK(p.jaga({"verify", json, "--signature", json + ".p7s"}).exit_code == 2);
}

// Issue 14, item 10: `pki issue` gave Budi apk, sub_koord and kabid, and Budi signed every step.
TEST_CASE("jaga pki issue refuses a person a second role unless the workflow allows it",
          "[pki_cli][four_eyes]") {
  Pki p;
  const std::string sop = read_file(std::string(JAGA_SOURCE_DIR) + "/config/sop-piak-07.toml");
  const std::string definition = p.dir.write("sop.toml", sop, 0644);
  p.config = p.dir.write(
      "jaga.toml", read_file(p.config) + "[workflow]\ndefinition = \"" + definition + "\"\n", 0644);
  REQUIRE(p.jaga({"pki", "init", "--ca-passphrase-file", p.ca_pass}).exit_code == 0);
  auto issue = [&](const std::string& role) {
    return p.jaga({"pki", "issue", "--role", role, "--name", "Budi Santoso", "--nip",
                   "198001012005011001", "--ca-passphrase-file", p.ca_pass, "--passphrase-file",
                   p.pass});
  };
  auto apk = issue("apk");
  INFO(apk.out << apk.err);
  REQUIRE(apk.exit_code == 0);
  CHECK_THAT(apk.out, Catch::StartsWith("issued signer apk-budi-santoso: Budi Santoso (NIP "
                                        "198001012005011001) (APK)"));

  auto refused = issue("sub_koord");
  CHECK(refused.exit_code == 1);
  CHECK_THAT(refused.err, Catch::Contains("Budi Santoso (NIP 198001012005011001) already holds "
                                          "role apk (signer apk-budi-santoso)") &&
                              Catch::Contains("(workflow definition " + definition + ")"));
  CHECK_THAT(p.jaga({"pki", "list"}).out, !Catch::Contains("sub_koord-budi-santoso"));

  // An acting official (Plt.): the definition allows it, and the second role comes with a warning.
  p.dir.write("sop.toml",
              replace_all(sop, "allow_multiple_roles = false", "allow_multiple_roles = true"),
              0644);
  auto acting = issue("sub_koord");
  INFO(acting.out << acting.err);
  REQUIRE(acting.exit_code == 0);
  CHECK_THAT(acting.err, Catch::StartsWith("jaga: warning: Budi Santoso (NIP 198001012005011001) "
                                           "now holds role sub_koord besides apk "
                                           "(apk-budi-santoso)"));

  // Another NIP under the same name is another person to the rule, with a warning.
  auto namesake = p.jaga({"pki", "issue", "--role", "kabid", "--name", "Budi Santoso", "--nip",
                          "197505052000031003", "--ca-passphrase-file", p.ca_pass,
                          "--passphrase-file", p.pass});
  CHECK(namesake.exit_code == 0);
  CHECK_THAT(namesake.err,
             Catch::StartsWith("jaga: warning: Budi Santoso is registered with another NIP as "
                               "well (signer apk-budi-santoso, NIP 198001012005011001)"));

  // A PDF Budi signed twice (as one could before the rule): jaga verify lists both signatures
  // as valid and fails.
  std::string pdf = tiny_pdf();
  for (const char* id : {"apk-budi-santoso", "sub_koord-budi-santoso"}) {
    auto identity = sign::load_signing_identity(p.dir.path() + "/pki", id, "signer secret");
    REQUIRE(identity.ok());
    sign::PdfSignatureRequest request;
    request.signing_time = std::chrono::system_clock::now();
    auto signed_pdf = sign::sign_pdf(pdf, *identity, request);
    REQUIRE(signed_pdf.ok());
    pdf = std::move(*signed_pdf);
  }
  auto verified = p.jaga({"verify", p.dir.write("twice.pdf", pdf, 0644)});
  INFO(verified.out << verified.err);
  CHECK(verified.exit_code == 2);
  CHECK(count_of(verified.out, "VALID\n") == 2);
  CHECK_THAT(verified.out,
             Catch::Contains("PROBLEM: signature 1 (apk) and signature 2 (sub_koord) were both "
                             "made by Budi Santoso (NIP 198001012005011001); one person may not "
                             "sign two steps of the same report version (four-eyes rule)"));
}

}  // namespace jaga::test
