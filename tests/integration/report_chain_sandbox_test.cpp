// The whole SOP-PIAK-07 chain on a report drafted from sandbox evidence, through the jaga
// program: every check runs against the real primary and backup (recorded as of yesterday, so
// yesterday's daily report holds their evidence), `jaga report draft` drafts it, steps with an
// expired or a foreign certificate are refused and record nothing, the three officials sign,
// and pdfsig, openssl cms (on the PDF's own signatures and on the JSON's detached ones) and jaga
// verify all agree - and all say invalid once a byte of the PDF or the JSON is changed.
#include <sqlite3.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <regex>

#include "checks/registry.h"
#include "cli/check_runner.h"
#include "sign/pki.h"
#include "tests/integration/sandbox.h"
#include "tests/unit/run_tool.h"

namespace jaga::test {
namespace {

using Catch::Contains;

constexpr const char* kCaPass = "ca passphrase, sandbox chain";
constexpr const char* kPass = "signer passphrase, sandbox chain";

// The system clock moved by a fixed amount: the checks run for real, their results carry the
// moved time.
class ShiftedClock final : public Clock {
 public:
  explicit ShiftedClock(std::chrono::hours shift) : shift_(shift) {}
  TimePoint now() const override { return std::chrono::system_clock::now() + shift_; }

 private:
  std::chrono::hours shift_;
};

int shell(const std::string& command, std::string* output) {
  const auto r = jaga::testing::run_tool(command);
  output->append(r.output);
  return r.exit_code;
}

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

int64_t rows_of(const std::string& db_path, const std::string& table) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, ("SELECT count(*) FROM " + table).c_str(), -1, &st, nullptr) ==
          SQLITE_OK);
  REQUIRE(sqlite3_step(st) == SQLITE_ROW);
  const int64_t n = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  sqlite3_close(db);
  return n;
}

// openssl cms -verify on each of the PDF's own signatures: the CMS between the ByteRange's two
// parts, over the bytes the ByteRange names. Returns each verification's exit code (0: valid).
std::vector<int> openssl_on_pdf(const TempDir& dir, const std::string& pdf, const std::string& ca) {
  std::vector<int> codes;
  for (size_t at = pdf.find("/ByteRange"); at != std::string::npos;
       at = pdf.find("/ByteRange", at + 1)) {
    size_t a = 0, b = 0, c = 0, d = 0;
    const size_t open = pdf.find('[', at);
    REQUIRE(open != std::string::npos);
    REQUIRE(std::sscanf(pdf.c_str() + open + 1, "%zu %zu %zu %zu", &a, &b, &c, &d) == 4);
    REQUIRE(c + d <= pdf.size());
    const std::string hex = pdf.substr(a + b + 1, c - (a + b) - 2);  // between '<' and '>'
    std::string der;
    for (size_t i = 0; i + 1 < hex.size(); i += 2) {
      der.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
    }
    const std::string n = std::to_string(codes.size() + 1);
    const std::string sig = dir.write("pdf-sig" + n + ".der", der);
    const std::string content =
        dir.write("pdf-sig" + n + ".bin", pdf.substr(a, b) + pdf.substr(c, d));
    std::string out;
    codes.push_back(shell("openssl cms -verify -binary -inform DER -in " + sig + " -content " +
                              content + " -CAfile " + ca + " -purpose any -out /dev/null",
                          &out));
    UNSCOPED_INFO("signature " << n << ": " << out);
  }
  return codes;
}

struct SandboxOffice {
  TempDir dir;
  std::string pki_dir = dir.path() + "/pki";
  std::string store = dir.path() + "/evidence.db";
  std::string pass_file = dir.write("pass", kPass, 0600);
  std::string config_path;

  SandboxOffice() {
    const std::string sandbox = Sandbox::get().dir();
    std::string text = read_file(private_config(dir));
    text = replace_all(text, sandbox + "/pki", pki_dir);
    text = replace_all(text, sandbox + "/reports", dir.path() + "/reports");
    config_path = dir.write("jaga.toml", text, 0644);
    const SystemClock clock;
    sign::Pki pki(pki_dir);
    REQUIRE(pki.init_ca(sign::CaRequest{}, kCaPass, clock).ok());
    for (const auto& [role, name] : std::vector<std::pair<sign::Role, std::string>>{
             {sign::Role::kApk, "Administrator Contoh"},
             {sign::Role::kSubKoord, "Sub Koordinator Contoh"},
             {sign::Role::kKabid, "Kepala Bidang Contoh"}}) {
      REQUIRE(pki.issue_signer({role, name, 365}, kCaPass, kPass, clock).ok());
    }
  }
  ProcessResult jaga(std::vector<std::string> args) const {
    args.insert(args.begin(), {"--config", config_path});
    return run_jaga(args);
  }
  ProcessResult step(const std::string& what, const std::string& number,
                     const std::string& signer) const {
    // Finalize takes the administrator's note (required on a TIDAK DAPAT DINILAI verdict or an
    // answer to a return; final_document_test.cpp tests the refusal without one).
    if (what == "finalize") {
      return jaga({"report", what, number, "--signer", signer, "--passphrase-file", pass_file,
                   "--note", "Telah diperiksa."});
    }
    return jaga({"report", what, number, "--signer", signer, "--passphrase-file", pass_file});
  }
  // Every enabled check, once, against the sandbox pair, as `jaga check` runs them.
  void run_checks(const Clock& clock) const {
    auto config = config::load_config(config_path);
    REQUIRE(config.ok());
    const auto all = checks::all_checks();
    auto chosen = cli::select_checks(all, *config, {});
    REQUIRE(chosen.ok());
    SystemEnv env;
    REQUIRE_FALSE(cli::run_and_record(*config, *chosen, "check", false, clock, env).store_failed);
  }
  // A step refused: a clear message, and the register and the agenda book unchanged.
  std::string refused(const std::string& action, const std::string& number,
                      const std::string& signer, const std::string& passphrase_file) const {
    const int64_t steps = rows_of(store, "report_steps");
    const int64_t versions = rows_of(store, "report_versions");
    auto r =
        jaga({"report", action, number, "--signer", signer, "--passphrase-file", passphrase_file});
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Contains("nothing recorded") || Contains("not changed"));
    CHECK(rows_of(store, "report_steps") == steps);
    CHECK(rows_of(store, "report_versions") == versions);
    CHECK(rows_of(store, "agenda_entries") == 0);
    CHECK_THAT(jaga({"report", "show", number}).out, Contains("drafted (version 1)"));
    return r.err;
  }
};

TEST_CASE(
    "a report drafted from sandbox evidence: refused steps record nothing, the signed chain "
    "verifies with pdfsig, openssl cms and jaga verify, and a changed byte fails all three",
    "[report][chain][integration]") {
  SandboxOffice o;
  o.run_checks(ShiftedClock(std::chrono::hours(-24)));

  auto drafted = o.jaga({"report", "draft", "--period", "daily"});
  INFO(drafted.out << drafted.err);
  REQUIRE(drafted.exit_code == 0);
  std::smatch match;
  REQUIRE(std::regex_search(drafted.out, match, std::regex("drafted report (\\S+) version 1")));
  const std::string number = match[1];

  // The draft holds the sandbox's evidence: both servers reached, consistency compared rows.
  const auto json = nlohmann::json::parse(read_file(
      o.dir.path() + "/reports/" + std::regex_replace(number, std::regex("/"), "-") + ".json"));
  INFO(json["summary"]["availability"].dump());
  REQUIRE(json["summary"]["availability"].size() == 2);
  for (const auto& a : json["summary"]["availability"]) CHECK(a["reached"] == 1);
  CHECK_FALSE(json["summary"]["consistency"].empty());

  // Out of order, by the wrong role, with a wrong passphrase: refused, nothing recorded.
  CHECK_THAT(o.refused("receive", number, "Sub Koordinator Contoh", o.pass_file),
             Contains("the next step is 'finalize'"));
  CHECK_THAT(o.refused("finalize", number, "Kepala Bidang Contoh", o.pass_file),
             Contains("the signer holds role kabid"));
  const std::string wrong = o.dir.write("wrong", "not the passphrase", 0600);
  const std::string wrong_pass = o.refused("finalize", number, "Administrator Contoh", wrong);
  CHECK_THAT(wrong_pass, Contains("wrong passphrase"));
  CHECK_THAT(wrong_pass, !Contains("not the passphrase"));
  // An expired certificate: issued 100 days ago for 30 days.
  const sign::Pki pki(o.pki_dir);
  REQUIRE(pki.issue_signer({sign::Role::kApk, "Kedaluwarsa Apk", 30}, kCaPass, kPass,
                           ShiftedClock(std::chrono::hours(-24 * 100)))
              .ok());
  CHECK_THAT(o.refused("finalize", number, "Kedaluwarsa Apk", o.pass_file),
             Contains("signer 'Kedaluwarsa Apk'") && Contains("expired"));
  // A foreign certificate: another authority's PKCS#12 imported for the apk role.
  TempDir elsewhere;
  const sign::Pki foreign(elsewhere.path() + "/pki");
  sign::CaRequest another;
  another.name = "Another Office CA";
  REQUIRE(foreign.init_ca(another, kCaPass, SystemClock()).ok());
  auto stranger =
      foreign.issue_signer({sign::Role::kApk, "Orang Asing", 365}, kCaPass, kPass, SystemClock());
  REQUIRE(stranger.ok());
  const std::string p12 = elsewhere.path() + "/stranger.p12";
  // openssl reads one file given to both -passin and -passout line by line: two files.
  const std::string p12_pass = o.dir.write("p12.pass", kPass, 0600);
  std::string out;
  REQUIRE(shell("openssl pkcs12 -export -in " + foreign.dir() + "/" + stranger->cert_file +
                    " -inkey " + foreign.dir() + "/" + stranger->key_file +
                    " -passin file:" + o.pass_file + " -passout file:" + p12_pass + " -out " + p12,
                &out) == 0);
  INFO(out);
  auto imported = o.jaga({"pki", "import", "--role", "apk", "--name", "Orang Asing", p12,
                          "--passphrase-file", p12_pass});
  INFO(imported.err);
  REQUIRE(imported.exit_code == 0);
  CHECK_THAT(o.refused("finalize", number, "Orang Asing", o.pass_file),
             Contains("signer 'Orang Asing'") && Contains("is not issued by a trusted CA"));

  REQUIRE(o.step("finalize", number, "Administrator Contoh").exit_code == 0);
  REQUIRE(o.step("receive", number, "Sub Koordinator Contoh").exit_code == 0);
  auto last = o.step("receive", number, "Kepala Bidang Contoh");
  REQUIRE(last.exit_code == 0);
  CHECK_THAT(last.out, Contains("recorded in the agenda book as 0001/"));
  CHECK(rows_of(o.store, "agenda_entries") == 1);

  const std::string out_dir = o.dir.path() + "/signed";
  REQUIRE(o.jaga({"report", "export", number, "--out", out_dir}).exit_code == 0);
  // `report export` names its files as `report draft` does.
  const std::string stem = out_dir + "/" + std::regex_replace(number, std::regex("/"), "-");
  const std::string pdf = read_file(stem + ".pdf");
  const std::string ca = o.pki_dir + "/ca.crt";
  std::vector<std::string> p7s;
  for (const auto& entry : std::filesystem::directory_iterator(out_dir)) {
    if (entry.path().extension() == ".p7s") p7s.push_back(entry.path().string());
  }
  REQUIRE(p7s.size() == 3);
  auto json_verifies = [&](const std::string& content) {
    int ok = 0;
    for (const std::string& sig : p7s) {
      std::string r;
      if (shell("openssl cms -verify -binary -inform DER -in " + sig + " -content " + content +
                    " -CAfile " + ca + " -purpose any -out /dev/null",
                &r) == 0) {
        ++ok;
      }
    }
    return ok;
  };

  std::string pdfsig;
  shell("pdfsig " + stem + ".pdf", &pdfsig);
  INFO(pdfsig);
  CHECK(count(pdfsig, "Signature is Valid.") == 3);
  CHECK_THAT(pdfsig, Contains("Administrator Contoh") && Contains("Kepala Bidang Contoh"));
  CHECK(openssl_on_pdf(o.dir, pdf, ca) == std::vector<int>{0, 0, 0});
  CHECK(json_verifies(stem + ".json") == 3);
  auto verified = o.jaga({"verify", stem + ".pdf"});
  INFO(verified.out << verified.err);
  CHECK(verified.exit_code == 0);
  CHECK(o.jaga({"agenda", "verify"}).exit_code == 1);  // intact, but no witness configured

  // One byte changed in the PDF (in cairo's binary comment, so it still parses) and one in the
  // JSON: every tool says invalid.
  std::string changed = pdf;
  changed[10] = static_cast<char>(changed[10] ^ 0x01);
  const std::string changed_pdf = o.dir.write("changed.pdf", changed);
  std::string changed_sig;
  shell("pdfsig " + changed_pdf, &changed_sig);
  INFO(changed_sig);
  CHECK(count(changed_sig, "Signature is Valid.") == 0);
  CHECK(count(changed_sig, "Digest Mismatch") == 3);
  const std::vector<int> changed_codes = openssl_on_pdf(o.dir, changed, ca);
  CHECK(changed_codes.size() == 3);
  CHECK(std::count(changed_codes.begin(), changed_codes.end(), 0) == 0);
  auto broken = o.jaga({"verify", changed_pdf});
  INFO(broken.out << broken.err);
  CHECK(broken.exit_code == 2);
  CHECK_THAT(broken.out, Contains("INVALID"));
  std::string text = read_file(stem + ".json");
  text[text.size() / 2] = text[text.size() / 2] == '1' ? '2' : '1';
  CHECK(json_verifies(o.dir.write("changed.json", text)) == 0);
}

}  // namespace
}  // namespace jaga::test
