// The officials' web desk over real HTTPS against a running `jaga serve` with a real store and
// real signatures (issue 17's security tests).
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "store/evidence_store.h"
#include "tests/integration/desk_fixture.h"
#include "tests/unit/notify/smtp_test_server.h"
#include "tests/unit/peer/test_pki.h"

namespace jaga::test {
namespace {

constexpr const char* kNumber = "LAP/H/20261125";

std::string link() { return "/laporan/" + url_component(kNumber); }

std::string file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("the desk shows no page but login and verification without a session",
          "[integration][desk]") {
  DeskOffice o;
  o.draft(kNumber);
  for (const std::string& path : {std::string("/"), std::string("/kotak-masuk"), link(),
                                  link() + "?berkas=pdf", link() + "?berkas=json"}) {
    const Reply r = o.get(path);
    INFO(path);
    CHECK(r.status == 303);
    CHECK(r.location == (path == "/" ? "/kotak-masuk" : "/masuk"));
    CHECK(r.body.find("%PDF") == std::string::npos);
  }
  const Reply act = o.post("/aksi", {{"nomor", kNumber}, {"aksi", "finalize"}});
  CHECK(act.status == 303);
  CHECK(act.location == "/masuk");
  CHECK(o.get("/masuk").status == 200);
  CHECK(o.get("/verifikasi").status == 200);
}

TEST_CASE("a signed-in official sees the report waiting and opens its PDF", "[integration][desk]") {
  DeskOffice o;
  o.draft(kNumber);
  const std::string andi = o.login("andi");
  const Reply inbox = o.get("/kotak-masuk", andi);
  REQUIRE(inbox.status == 200);
  CHECK(inbox.body.find("Menunggu tindakan Anda") != std::string::npos);
  CHECK(inbox.body.find(kNumber) != std::string::npos);
  // The SOP time left is counted in the office's working hours and says so; the report's times
  // read in WIB, in words.
  INFO(inbox.body);
  CHECK((inbox.body.find("(jam kerja)</td>") != std::string::npos));
  CHECK((inbox.body.find("sisa ") != std::string::npos ||
         inbox.body.find("terlambat ") != std::string::npos));
  const Reply page = o.get(link(), andi);
  CHECK(page.body.find(" WIB</td>") != std::string::npos);
  CHECK(page.body.find("+07:00") == std::string::npos);
  CHECK(page.body.find("Z</td>") == std::string::npos);
  const Reply pdf = o.get(link() + "?berkas=pdf", andi);
  CHECK(pdf.status == 200);
  CHECK(pdf.body.starts_with("%PDF-"));
  const std::string budi = o.login("budi");
  const Reply other = o.get("/kotak-masuk", budi);
  CHECK(other.body.find("Tidak ada laporan yang menunggu tindakan Anda") != std::string::npos);
}

TEST_CASE("one official cannot act as another or out of turn", "[integration][desk]") {
  DeskOffice o;
  o.draft(kNumber);
  const std::string budi = o.login("budi");
  // The Kabid's session signs as the Kabid whatever the form says: the finalize is the APK's.
  Reply r = o.act(budi, kNumber, "finalize");
  CHECK(r.status == 409);
  // Why, in Indonesian, before the Kabid's key is unlocked.
  CHECK(r.body.find("tidak menunggu tindakan ini dari Anda: langkah berikutnya adalah") !=
        std::string::npos);
  r = o.act(budi, kNumber, "receive");
  CHECK(r.status == 409);
  const Reply page = o.get(link(), budi);
  CHECK(page.body.find("Draf, menunggu finalisasi") != std::string::npos);
  CHECK(page.body.find("name=\"aksi\"") == std::string::npos);  // no form for the Kabid now
}

TEST_CASE("a form without its CSRF token is refused", "[integration][desk]") {
  DeskOffice o;
  o.draft(kNumber);
  const std::string andi = o.login("andi");
  for (const std::string& token : {std::string(""), std::string(64, 'a')}) {
    const Reply r = o.post("/aksi",
                           {{"csrf", token},
                            {"nomor", kNumber},
                            {"aksi", "finalize"},
                            {"passphrase", kDeskSignerPass}},
                           andi);
    CHECK(r.status == 403);
  }
  CHECK(o.get(link(), andi).body.find("Draf, menunggu finalisasi") != std::string::npos);
  const Reply logout = o.post("/keluar", {}, andi);
  CHECK(logout.status == 403);
  CHECK(o.get("/kotak-masuk", andi).status == 200);  // still signed in
}

TEST_CASE("a login form without its token is refused", "[integration][desk]") {
  DeskOffice o;
  const Reply bare = o.post("/masuk", {{"user", "budi"}, {"password", kDeskPassword}});
  CHECK(bare.status == 403);
  CHECK(bare.set_cookie.find("jaga_desk=") == std::string::npos);
  const Reply form = o.get("/masuk");
  const std::string cookie = form.set_cookie.substr(0, form.set_cookie.find(';'));
  const Reply other = o.post(
      "/masuk", {{"csrf", std::string(64, 'b')}, {"user", "budi"}, {"password", kDeskPassword}},
      cookie);
  CHECK(other.status == 403);
  CHECK(other.set_cookie.find("jaga_desk=") == std::string::npos);
}

TEST_CASE("a session cookie is refused after logout", "[integration][desk]") {
  DeskOffice o;
  const std::string siti = o.login("siti");
  const std::string other_browser = siti;
  REQUIRE(o.get("/kotak-masuk", siti).status == 200);
  const Reply out = o.post("/keluar", {{"csrf", o.csrf("/kotak-masuk", siti)}}, siti);
  CHECK(out.status == 303);
  CHECK(out.set_cookie.find("Max-Age=0") != std::string::npos);
  const Reply again = o.get("/kotak-masuk", other_browser);
  CHECK(again.status == 303);
  CHECK(again.location == "/masuk");
}

TEST_CASE("the eleventh wrong password is throttled, and reported without the password",
          "[integration][desk]") {
  // The administrator is told by e-mail (notify.mail_to), through a real SMTP server.
  TempDir mail_dir;
  testing::TestPki mail_pki(mail_dir.path());
  mail_pki.issue("smtp", "127.0.0.1");
  testing::SmtpTestServer smtp(mail_pki.path("smtp.crt"), mail_pki.path("smtp.key"), "", "");
  DeskOffice o("[notify]\nsmtp_url = \"" + smtp.url() +
               "\"\nmail_from = \"jaga@dukcapil.test\"\nmail_to = [\"admin@dukcapil.test\"]\n"
               "smtp_ca_file = \"" +
               mail_pki.path("ca.crt") + "\"\n");
  for (int i = 0; i < 10; ++i) {
    CHECK(o.login_attempt("budi", "salah-salah-123").status == 403);
  }
  const Reply eleventh = o.login_attempt("budi", kDeskPassword);
  CHECK(eleventh.status == 429);
  CHECK(eleventh.set_cookie.empty());
  CHECK(eleventh.body.find("Coba lagi dalam") != std::string::npos);
  // Only the desk's messages: a scheduled check that runs meanwhile (every minute, against
  // servers that do not exist here) mails its own status changes.
  const auto desk_mails = [&smtp] {
    std::vector<testing::ReceivedMail> out;
    for (auto& m : smtp.mails()) {
      if (m.data.find("percobaan masuk desk gagal") != std::string::npos) out.push_back(m);
    }
    return out;
  };
  for (int i = 0; i < 300 && desk_mails().empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  // The throttled attempt and more failures tell nothing new: still one message.
  CHECK(o.login_attempt("budi", "salah-lagi-456").status == 429);
  std::this_thread::sleep_for(std::chrono::seconds(2));
  const std::string log = o.log();
  INFO(log);
  CHECK(log.find("failed login for user 'budi'") != std::string::npos);
  CHECK(log.find("refused for") != std::string::npos);
  CHECK(log.find("salah-salah-123") == std::string::npos);
  const auto mails = desk_mails();
  REQUIRE(mails.size() == 1);
  CHECK(mails[0].to == std::vector<std::string>{"<admin@dukcapil.test>"});
  CHECK_THAT(mails[0].data, Catch::Contains("Subject: jaga: 10 percobaan masuk desk gagal untuk "
                                            "pengguna 'budi' dan dari alamat 127.0.0.1\r\n") &&
                                Catch::Contains("Terakhir: kata sandi salah") &&
                                Catch::Contains("akun tidak dikunci") && Catch::Contains("WIB"));
  CHECK(mails[0].data.find("salah-salah-123") == std::string::npos);
  CHECK(mails[0].data.find(kDeskPassword) == std::string::npos);
}

TEST_CASE("a return note with <script> is shown as text", "[integration][desk]") {
  DeskOffice o;
  o.draft(kNumber);
  const std::string andi = o.login("andi");
  REQUIRE(o.act(andi, kNumber, "finalize").status == 200);
  const std::string siti = o.login("siti");
  const Reply returned = o.act(siti, kNumber, "return", "<script>alert('x')</script> periksa lagi");
  INFO(returned.body);
  REQUIRE(returned.status == 200);
  const Reply page = o.get(link(), andi);
  CHECK(page.body.find("<script>alert") == std::string::npos);
  CHECK(page.body.find("&lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt; periksa lagi") !=
        std::string::npos);
}

TEST_CASE("a wrong signing passphrase signs nothing and counts like a failed login",
          "[integration][desk]") {
  DeskOffice o;
  o.draft(kNumber);
  const std::string andi = o.login("andi");
  const Reply wrong = o.act(andi, kNumber, "finalize", "", "bukan-frasa-ini");
  CHECK(wrong.status == 403);
  CHECK(o.get(link(), andi).body.find("Draf, menunggu finalisasi") != std::string::npos);
  CHECK(o.log().find("wrong signing passphrase for user 'andi'") != std::string::npos);
}

TEST_CASE("the register, agenda book and status pages read the evidence store",
          "[integration][desk]") {
  DeskOffice o;
  o.draft(kNumber);
  {
    auto evidence = store::EvidenceStore::open(o.store_path());
    REQUIRE(evidence.ok());
    CheckResult r;
    r.check = "replication";
    r.status = Status::kCrit;
    r.summary = "backup 127.0.0.1:3306 is 412 s behind the primary";
    r.metrics.push_back(Metric{"replication_lag", 412, "s", 60, 300});
    r.started = r.finished = std::chrono::system_clock::now();
    REQUIRE((*evidence)->record_run("disdukcapil", "check", "disdukcapil", r).ok());
  }
  const std::string andi = o.login("andi");
  const Reply status = o.get("/status", andi);
  CHECK(status.status == 200);
  INFO(status.body);
  // In the officials' words: the check's name, the status and what it means, built from the
  // metrics as the reports do, never the check's English message; times in WIB.
  CHECK(status.body.find("<tr class=\"st-crit\"><td>Replikasi</td><td>disdukcapil</td>"
                         "<td><strong>Kritis</strong></td>") != std::string::npos);
  CHECK(status.body.find("Server Cadangan tertinggal 6 menit dari Server Utama") !=
        std::string::npos);
  CHECK(status.body.find("behind the primary") == std::string::npos);
  CHECK(status.body.find(" WIB</td>") != std::string::npos);
  CHECK(status.body.find("+07:00") == std::string::npos);
  const Reply daftar = o.get("/daftar", andi);
  CHECK(daftar.body.find(kNumber) != std::string::npos);
  CHECK(daftar.body.find("Draf, menunggu finalisasi") != std::string::npos);
  const Reply agenda = o.get("/agenda", andi);
  CHECK(agenda.body.find("Rantai hash Buku Agenda utuh: 0 entri") != std::string::npos);
  CHECK(agenda.body.find("@media print") != std::string::npos);
}

TEST_CASE("the chain signed through the desk is recorded and verifies by its QR link",
          "[integration][desk]") {
  DeskOffice o;
  o.draft(kNumber);
  REQUIRE(o.act(o.login("andi"), kNumber, "finalize", "sudah diperiksa").status == 200);
  REQUIRE(o.act(o.login("siti"), kNumber, "receive").status == 200);
  const Reply last = o.act(o.login("budi"), kNumber, "receive");
  INFO(last.body);
  REQUIRE(last.status == 200);
  CHECK(last.body.find("Tercatat di Buku Agenda dengan nomor") != std::string::npos);
  const Reply verified = o.get("/verifikasi?nomor=" + url_component(kNumber) + "&versi=1");
  INFO(verified.body);
  CHECK(verified.body.find("SAH: dokumen ini adalah dokumen final") != std::string::npos);
  CHECK(verified.body.find("Budi Santoso") != std::string::npos);
  const Reply unknown = o.get("/verifikasi?nomor=LAP%2FX%2F1&versi=1");
  CHECK(unknown.body.find("Dokumen tidak dikenal") != std::string::npos);
  const std::string pdf = o.get(link() + "?berkas=pdf", o.login("siti")).body;
  const Reply uploaded = o.upload(pdf);
  CHECK(uploaded.body.find("SAH: dokumen ini adalah dokumen final") != std::string::npos);
  std::string tampered = pdf;
  tampered[tampered.size() / 3] ^= 0x01;
  const Reply changed = o.upload(tampered);
  CHECK(changed.body.find("SAH: dokumen ini") == std::string::npos);
  CHECK(changed.body.find("TIDAK SAH") != std::string::npos);

  SECTION("and the signing passphrase appears in no log, store or response") {
    CHECK(o.log().find(kDeskSignerPass) == std::string::npos);
    for (const char* suffix : {"", "-wal", "-shm"}) {
      CHECK(file_bytes(o.store_path() + suffix).find(kDeskSignerPass) == std::string::npos);
    }
    for (const std::string& response : o.responses) {
      CHECK(response.find(kDeskSignerPass) == std::string::npos);
      CHECK(response.find(kDeskPassword) == std::string::npos);
    }
  }
}

}  // namespace jaga::test
