// The report chain and agenda book through the jaga program, with a real PKI, real signatures,
// pdfsig and openssl cms, and the evidence store tampered with by hand. No database server is
// needed: the chain commands only use the evidence store and the PKI.
#include <sqlite3.h>

#include <catch2/catch.hpp>
#include <filesystem>

#include "agenda/agenda_book.h"
#include "core/clock.h"
#include "peer/peer_server.h"
#include "peer/puller.h"
#include "sign/pki.h"
#include "sign/signer.h"
#include "sign/signing_identity.h"
#include "store/evidence_store.h"
#include "tests/integration/one_page_pdf.h"
#include "tests/integration/sandbox.h"
#include "tests/unit/clerk_csv.h"
#include "tests/unit/peer/peer_fixture.h"
#include "tests/unit/run_tool.h"
#include "workflow/definition.h"
#include "workflow/report_store.h"

namespace jaga::test {
namespace {

using Catch::Contains;

constexpr const char* kCaPass = "ca passphrase, integration";
constexpr const char* kPass = "signer passphrase, integration";

struct Office {
  TempDir dir;
  std::string pki_dir = dir.path() + "/pki";
  std::string store = dir.path() + "/evidence.db";
  std::string config;
  std::string pass_file = dir.write("pass", kPass, 0600);

  Office() {
    const SystemClock clock;
    sign::Pki pki(pki_dir);
    REQUIRE(pki.init_ca(sign::CaRequest{}, kCaPass, clock).ok());
    REQUIRE(pki.issue_signer({sign::Role::kApk, "Andi Pratama", 365}, kCaPass, kPass, clock).ok());
    REQUIRE(
        pki.issue_signer({sign::Role::kSubKoord, "Siti Aminah", 365}, kCaPass, kPass, clock).ok());
    REQUIRE(
        pki.issue_signer({sign::Role::kKabid, "Budi Santoso", 365}, kCaPass, kPass, clock).ok());
    config =
        dir.write("jaga.toml", "[agent]\nhost_name = \"disdukcapil\"\nevidence_db = \"" + store +
                                   "\"\n[servers.primary]\nhost = \"127.0.0.1\"\nuser = \"jaga\"\n"
                                   "[servers.backup]\nhost = \"127.0.0.1\"\nuser = \"jaga\"\n"
                                   "[schedule]\ntime_zone = \"+07:00\"\n[pki]\ndir = \"" +
                                   pki_dir +
                                   "\"\n[workflow]\ndefinition = \"" JAGA_SOURCE_DIR
                                   "/config/sop-piak-07.toml\"\n");
  }
  void draft(const std::string& number, double height = 60) {
    auto evidence = store::EvidenceStore::open(store);
    REQUIRE(evidence.ok());
    workflow::ReportStore reports(**evidence);
    auto d = workflow::load_definition(JAGA_SOURCE_DIR "/config/sop-piak-07.toml");
    REQUIRE(d.ok());
    const TimePoint now = std::chrono::system_clock::now();
    auto r = reports.register_draft(
        *d,
        {number, "daily", "2026-11-25", "2026-11-25", one_page_pdf(height), "{\"report\":1}", now},
        now);
    REQUIRE(r.ok());
  }
  ProcessResult jaga(std::vector<std::string> args) {
    args.insert(args.begin(), {"--config", config});
    return run_jaga(args);
  }
  ProcessResult step(const std::string& what, const std::string& number,
                     const std::string& signer) {
    // Finalize takes the administrator's note (required on a TIDAK DAPAT DINILAI verdict or an
    // answer to a return; final_document_test.cpp tests the refusal without one).
    if (what == "finalize") {
      return jaga({"report", what, number, "--signer", signer, "--passphrase-file", pass_file,
                   "--note", "Telah diperiksa."});
    }
    return jaga({"report", what, number, "--signer", signer, "--passphrase-file", pass_file});
  }
  // Finalize, receive, receive: the report is then recorded in the agenda book.
  void sign_all(const std::string& number) {
    REQUIRE(step("finalize", number, "Andi Pratama").exit_code == 0);
    REQUIRE(step("receive", number, "Siti Aminah").exit_code == 0);
    REQUIRE(step("receive", number, "Budi Santoso").exit_code == 0);
  }
  // `report export` into DIR/`name`: the path of the PDF as it stands now. REQUIRES: `number`
  // has no '/'.
  std::string export_pdf(const std::string& number, const std::string& name) {
    const std::string out = dir.path() + "/" + name;
    const auto exported = jaga({"report", "export", number, "--out", out});
    INFO(exported.err);
    REQUIRE(exported.exit_code == 0);
    return out + "/" + number + ".pdf";
  }
  void sql(const std::string& statement) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(store.c_str(), &db) == SQLITE_OK);
    const int rc = sqlite3_exec(db, statement.c_str(), nullptr, nullptr, nullptr);
    sqlite3_close(db);
    REQUIRE(rc == SQLITE_OK);
  }
};

// `pdf` without its last incremental update: cut just after the %%EOF line before the last one.
std::string without_last_update(const std::string& pdf) {
  const size_t last = pdf.rfind("%%EOF");
  REQUIRE((last != std::string::npos && last > 0));
  const size_t previous = pdf.rfind("%%EOF", last - 1);
  REQUIRE(previous != std::string::npos);
  size_t end = previous + 5;
  while (end < pdf.size() && (pdf[end] == '\r' || pdf[end] == '\n')) ++end;
  return pdf.substr(0, end);
}

size_t count_of(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

int shell(const std::string& command, std::string* output) {
  const auto r = jaga::testing::run_tool(command);
  output->append(r.output);
  return r.exit_code;
}

TEST_CASE(
    "jaga report: a full chain from draft to agenda book, checked by pdfsig, openssl cms "
    "and jaga verify",
    "[report][chain][cli]") {
  Office o;
  o.draft("LAP-H/2026/11/25");
  // A wrong passphrase is refused and records nothing.
  const std::string wrong = o.dir.write("wrong", "not the passphrase", 0600);
  auto refused = o.jaga({"report", "finalize", "LAP-H/2026/11/25", "--signer", "Andi Pratama",
                         "--passphrase-file", wrong});
  CHECK(refused.exit_code == 1);
  CHECK_THAT(refused.err, Contains("wrong passphrase"));
  CHECK_THAT(refused.err, !Contains("not the passphrase"));
  // Out of order and wrong role are refused.
  auto early = o.step("receive", "LAP-H/2026/11/25", "Siti Aminah");
  CHECK(early.exit_code == 1);
  CHECK_THAT(early.err,
             Contains("refused, nothing recorded") && Contains("the next step is 'finalize'"));
  auto role = o.step("finalize", "LAP-H/2026/11/25", "Budi Santoso");
  CHECK_THAT(role.err, Contains("the signer holds role kabid"));
  CHECK_THAT(o.jaga({"report", "show", "LAP-H/2026/11/25"}).out, Contains("drafted (version 1)"));

  auto fin = o.step("finalize", "LAP-H/2026/11/25", "Andi Pratama");
  INFO(fin.err);
  REQUIRE(fin.exit_code == 0);
  CHECK_THAT(fin.out, Contains("report LAP-H/2026/11/25 is now finalized"));
  REQUIRE(o.step("receive", "LAP-H/2026/11/25", "Siti Aminah").exit_code == 0);
  auto last = o.step("receive", "LAP-H/2026/11/25", "Budi Santoso");
  REQUIRE(last.exit_code == 0);
  CHECK_THAT(last.out,
             Contains("recorded in the agenda book as 0001/PIAK/") && Contains("is now recorded"));

  auto list = o.jaga({"report", "list"});
  CHECK_THAT(list.out, Contains("Daftar Laporan") && Contains("LAP-H/2026/11/25") &&
                           Contains("recorded") && Contains("receive_kabid"));

  const std::string out_dir = o.dir.path() + "/export";
  auto exported = o.jaga({"report", "export", "LAP-H/2026/11/25", "--out", out_dir});
  REQUIRE(exported.exit_code == 0);
  const std::string pdf = out_dir + "/LAP-H-2026-11-25.pdf";
  std::string pdfsig;
  shell("pdfsig " + pdf, &pdfsig);
  INFO(pdfsig);
  size_t valid = 0;
  for (size_t at = pdfsig.find("Signature is Valid."); at != std::string::npos;
       at = pdfsig.find("Signature is Valid.", at + 1)) {
    ++valid;
  }
  CHECK(valid == 3);
  int p7s_count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(out_dir)) {
    if (entry.path().extension() != ".p7s") continue;
    ++p7s_count;
    std::string cms;
    const int rc = shell("openssl cms -verify -binary -inform DER -in " + entry.path().string() +
                             " -content " + out_dir + "/LAP-H-2026-11-25.json -CAfile " +
                             o.pki_dir + "/ca.crt -purpose any -out /dev/null",
                         &cms);
    INFO(entry.path() << ": " << cms);
    CHECK(rc == 0);
  }
  CHECK(p7s_count == 3);
  auto verified = o.jaga({"verify", pdf, "--pki-dir", o.pki_dir});
  INFO(verified.out << verified.err);
  CHECK(verified.exit_code == 0);

  // No witness is configured here: the chain and register agree, but the book is not proven.
  auto agenda = o.jaga({"agenda", "verify"});
  CHECK(agenda.exit_code == 1);
  CHECK_THAT(agenda.out, Contains("hash chain and register agree: 1 entry,") &&
                             Contains("witness: WARN: none configured") &&
                             Contains("Overall: WARN"));
  const std::string book = o.dir.path() + "/book.pdf";
  REQUIRE(o.jaga({"agenda", "export", "--format", "pdf", "--out", book}).exit_code == 0);
  std::string text;
  REQUIRE(shell("pdftotext " + book + " -", &text) == 0);
  CHECK_THAT(text, Contains("Buku Agenda") && Contains("LAP-H/2026/11/25"));
  const std::string csv = o.dir.path() + "/book.csv";
  REQUIRE(o.jaga({"agenda", "export", "--format", "csv", "--out", csv}).exit_code == 0);
  CHECK_THAT(read_file(csv), Contains("0001/PIAK/") && Contains("Budi Santoso"));
}

TEST_CASE("jaga agenda verify names an entry edited in the SQLite file by hand",
          "[report][agenda][cli]") {
  Office o;
  for (const std::string n : {"R-1", "R-2", "R-3"}) {
    o.draft(n);
    REQUIRE(o.step("finalize", n, "Andi Pratama").exit_code == 0);
    REQUIRE(o.step("receive", n, "Siti Aminah").exit_code == 0);
    REQUIRE(o.step("receive", n, "Budi Santoso").exit_code == 0);
  }
  REQUIRE(o.jaga({"agenda", "verify"}).exit_code == 1);  // not witnessed, see above
  o.sql("UPDATE agenda_entries SET signers = '[\"kabid: Orang Lain\"]' WHERE position = 2");
  auto edited = o.jaga({"agenda", "verify"});
  CHECK(edited.exit_code == 2);
  CHECK_THAT(edited.out, Contains("agenda book TAMPERED") &&
                             Contains("entry 2 (agenda number 0002/PIAK/") &&
                             Contains("report R-2): edited"));
}

// Issue 14, item 10: Budi held apk, sub_koord and kabid and signed every step of one report.
TEST_CASE(
    "jaga report: one person in three roles finalizes, but their receipt is refused and records "
    "nothing, and agenda verify names a chain one person signed twice",
    "[report][chain][cli][four_eyes]") {
  Office o;
  const SystemClock clock;
  const sign::Pki pki(o.pki_dir);
  for (sign::Role role : {sign::Role::kApk, sign::Role::kSubKoord}) {
    REQUIRE(pki.issue_signer({role, "Budi Santoso", 365, "", true}, kCaPass, kPass, clock).ok());
  }
  REQUIRE(
      pki.issue_signer({sign::Role::kKabid, "Rina Wulandari", 365}, kCaPass, kPass, clock).ok());
  o.draft("R-9");
  REQUIRE(o.step("finalize", "R-9", "apk-budi-santoso").exit_code == 0);
  auto twice = o.step("receive", "R-9", "sub_koord-budi-santoso");
  CHECK(twice.exit_code == 1);
  CHECK(twice.out.empty());
  CHECK_THAT(twice.err,
             Contains("jaga: refused, nothing recorded: laporan R-9 versi 1: Budi Santoso sudah "
                      "menandatangani langkah 'finalize' (sebagai apk)") &&
                 Contains("/ report R-9 version 1: Budi Santoso already signed step 'finalize' "
                          "(as apk); one person may not sign two steps of the same report "
                          "version (four-eyes rule)"));
  REQUIRE(o.step("receive", "R-9", "Siti Aminah").exit_code == 0);
  CHECK(o.step("receive", "R-9", "kabid-budi-santoso").exit_code == 1);
  REQUIRE(o.step("receive", "R-9", "Rina Wulandari").exit_code == 0);
  auto intact = o.jaga({"agenda", "verify"});
  INFO(intact.out << intact.err);
  CHECK(intact.exit_code == 1);  // not witnessed
  CHECK_THAT(intact.out, !Contains("four-eyes"));

  // As a register kept before the rule would hold it: Budi's certificate on the receipt too.
  o.sql(
      "UPDATE report_steps SET signer = 'Budi Santoso', cert_fingerprint = (SELECT "
      "cert_fingerprint FROM report_steps WHERE step = 'finalize') WHERE step = "
      "'receive_sub_koord'");
  auto broken = o.jaga({"agenda", "verify"});
  INFO(broken.out << broken.err);
  CHECK(broken.exit_code == 2);
  CHECK_THAT(broken.out,
             Contains("hash chain and register agree: 1 entry") &&
                 Contains("four-eyes rule broken (prinsip empat mata): 1 step(s)") &&
                 Contains("report R-9 version 1: step 'finalize' (as apk) and step "
                          "'receive_sub_koord' (as sub_koord) were both signed by Budi Santoso"));
}

TEST_CASE("jaga report return: the report goes back and a revision starts a new version",
          "[report][chain][cli]") {
  Office o;
  o.draft("R-9");
  REQUIRE(o.step("finalize", "R-9", "Andi Pratama").exit_code == 0);
  auto no_note = o.jaga(
      {"report", "return", "R-9", "--signer", "Siti Aminah", "--passphrase-file", o.pass_file});
  CHECK(no_note.exit_code != 0);
  auto ret = o.jaga({"report", "return", "R-9", "--signer", "Siti Aminah", "--passphrase-file",
                     o.pass_file, "--note", "grafik lag tidak ada"});
  INFO(ret.err);
  REQUIRE(ret.exit_code == 0);
  CHECK_THAT(ret.out, Contains("is now returned to apk"));
  CHECK_THAT(o.step("finalize", "R-9", "Andi Pratama").err,
             Contains("must be revised and drafted again"));
  o.draft("R-9");
  // Version 2 answers the return: without --note (and no terminal to ask on) it is refused,
  // saying why, and nothing is recorded (issue 16, "Finalizing renders the final document").
  auto unanswered = o.jaga(
      {"report", "finalize", "R-9", "--signer", "Andi Pratama", "--passphrase-file", o.pass_file});
  CHECK(unanswered.exit_code == 1);
  CHECK_THAT(unanswered.err, Contains("Catatan Administrator wajib diisi") &&
                                 Contains("menjawab pengembalian versi 1") &&
                                 Contains("nothing recorded"));
  CHECK_THAT(o.jaga({"report", "show", "R-9"}).out, Contains("revised (version 2)"));
  REQUIRE(o.step("finalize", "R-9", "Andi Pratama").exit_code == 0);
  auto show = o.jaga({"report", "show", "R-9", "--format", "json"});
  CHECK_THAT(show.out, Contains("\"reason\": \"revised\"") && Contains("grafik lag tidak ada") &&
                           Contains("\"current_version\": 2"));

  // The register printed for the office: the return, its note and the new version, in
  // Indonesian (issue 16).
  const std::string csv = o.dir.path() + "/daftar.csv";
  auto listed = o.jaga({"report", "list", "--format", "csv", "--out", csv});
  INFO(listed.err);
  REQUIRE(listed.exit_code == 0);
  const auto rows = testing::parse_clerk_csv(read_file(csv).substr(3));
  REQUIRE(rows.size() == 6);  // the header; draft, finalize, return (v1); draft, finalize (v2)
  CHECK(rows[0][0] == "Nomor Laporan");
  CHECK(rows[3][6] == "Dikembalikan pada langkah: Menerima laporan dari Administrator");
  CHECK(rows[3][14] == "grafik lag tidak ada");
  CHECK(rows[5][4] == "difinalisasi");
  CHECK(rows[5][5] == "2");
  const std::string pdf = o.dir.path() + "/daftar.pdf";
  REQUIRE(o.jaga({"report", "list", "--format", "pdf", "--out", pdf}).exit_code == 0);
  std::string text;
  REQUIRE(shell("pdftotext " + pdf + " -", &text) == 0);
  CHECK_THAT(text, Contains("Daftar Laporan") && Contains("R-9") &&
                       Contains("Catatan: grafik lag") && Contains("Halaman 1 dari 1"));
  auto no_out = o.jaga({"report", "list", "--format", "pdf"});
  CHECK(no_out.exit_code != 0);
  CHECK_THAT(no_out.err, Contains("needs --out FILE"));
}

// Issue 14, item 3: someone with the store edits an entry's signers and time and recomputes
// every documented hash down the chain. The chain alone cannot tell; the witness on the other
// host can, and a witness that cannot be asked is never read as "intact".
TEST_CASE(
    "jaga agenda verify reads the witness and the agent's signatures: OK when the witness holds "
    "the head, UNKNOWN when it cannot be asked, CRIT after a rewrite with the hashes recomputed",
    "[report][agenda][cli][witness]") {
  Office o;
  testing::PeerFixture peers;
  config::PeerConfig witness_peer = peers.agent_peer();
  auto server = peer::PeerServer::start(witness_peer, peers.backup_store(), "backup-1");
  REQUIRE(server.ok());
  witness_peer.listen_port = (*server)->port();
  config::Config coordinator;
  coordinator.agent.host_name = "disdukcapil";
  coordinator.agent.evidence_db = o.store;
  coordinator.peer = peers.coordinator_peer((*server)->port());
  const config::PeerConfig& p = coordinator.peer;
  // The office's configuration with this [peer]: entries are now signed with the agent's key.
  o.config = o.dir.write(
      "jaga.toml", read_file(o.config) + "[peer]\nrole = \"coordinator\"\ncert = \"" + p.cert +
                       "\"\nkey = \"" + p.key + "\"\nca = \"" + p.ca +
                       "\"\nconnect_timeout_seconds = 2\nread_timeout_seconds = 2\n"
                       "[[peer.peers]]\nname = \"backup\"\nurl = \"" +
                       p.peers[0].url + "\"\nfingerprint = \"" + p.peers[0].fingerprint + "\"\n");
  o.draft("R-1");
  o.sign_all("R-1");
  o.draft("R-2");
  o.sign_all("R-2");

  auto unwitnessed = o.jaga({"agenda", "verify"});
  INFO(unwitnessed.out << unwitnessed.err);
  CHECK(unwitnessed.exit_code == 1);
  CHECK_THAT(unwitnessed.out, Contains("agent signatures: OK: 2 entries signed by this agent") &&
                                  Contains("entries 1 to 2 are not yet witnessed by backup"));

  const SystemClock clock;
  const auto office_store = testing::PeerFixture::open_store(o.store);
  auto puller = peer::Puller::create(coordinator, *office_store, clock);
  REQUIRE(puller.ok());
  REQUIRE((*puller)->push_agenda(p.peers[0]) == Status::kOk);
  auto witnessed = o.jaga({"agenda", "verify"});
  INFO(witnessed.out << witnessed.err);
  CHECK(witnessed.exit_code == 0);
  CHECK_THAT(witnessed.out, Contains("witness backup holds the book up to position 2") &&
                                Contains("Overall: OK: agenda book intact and witnessed"));

  // Every signature removed: no entry is proven by the agent's key any more, so not OK.
  o.sql("CREATE TABLE kept_signatures AS SELECT position, agent_signature FROM agenda_entries");
  o.sql("UPDATE agenda_entries SET agent_signature = NULL");
  auto stripped = o.jaga({"agenda", "verify"});
  INFO(stripped.out << stripped.err);
  CHECK(stripped.exit_code == 1);
  CHECK_THAT(stripped.out,
             Contains("agent signatures: WARN: the first 2 entries carry no signature") &&
                 !Contains("agent signatures: OK"));
  o.sql(
      "UPDATE agenda_entries SET agent_signature = (SELECT k.agent_signature FROM "
      "kept_signatures k WHERE k.position = agenda_entries.position)");
  o.sql("DROP TABLE kept_signatures");
  REQUIRE(o.jaga({"agenda", "verify"}).exit_code == 0);

  // The witness stopped: the book is not proven, never "intact".
  server->reset();
  auto unreachable = o.jaga({"agenda", "verify"});
  INFO(unreachable.out << unreachable.err);
  CHECK(unreachable.exit_code == 3);
  CHECK_THAT(unreachable.out, Contains("witness backup: UNKNOWN: cannot be asked") &&
                                  Contains("Overall: UNKNOWN: agenda book not proven intact"));
  server = peer::PeerServer::start(witness_peer, peers.backup_store(), "backup-1");
  REQUIRE(server.ok());
  REQUIRE(o.jaga({"agenda", "verify"}).exit_code == 0);

  // The issue's rewrite: signers and time edited, every documented hash recomputed.
  o.sql(
      "UPDATE agenda_entries SET signers = '[\"apk: Orang Lain\"]', recorded_at = "
      "'2026-12-01T01:00:00.000Z' WHERE position = 1");
  {
    auto store = store::EvidenceStore::open(o.store);
    REQUIRE(store.ok());
    auto entries = agenda::list_entries(**store);
    REQUIRE(entries.ok());
    std::string prev = agenda::kGenesisHash;
    for (agenda::AgendaEntry e : *entries) {
      e.prev_hash = prev;
      e.entry_hash = agenda::compute_hash(e);
      prev = e.entry_hash;
      o.sql("UPDATE agenda_entries SET prev_hash = '" + e.prev_hash + "', entry_hash = '" +
            e.entry_hash + "' WHERE position = " + std::to_string(e.position));
    }
  }
  auto rewritten = o.jaga({"agenda", "verify"});
  INFO(rewritten.out << rewritten.err);
  CHECK(rewritten.exit_code == 2);
  CHECK_THAT(rewritten.out,
             Contains("agent signatures: CRIT: entry 1 (agenda number 0001/PIAK/") &&
                 Contains("witness backup: CRIT: the book was rewritten: entry 1 (agenda number "
                          "0001/PIAK/") &&
                 Contains("Overall: CRIT"));

  // A signature removed after a signed entry is named too.
  o.sql("UPDATE agenda_entries SET agent_signature = NULL WHERE position = 2");
  auto removed = o.jaga({"agenda", "verify"});
  INFO(removed.out << removed.err);
  CHECK(removed.exit_code == 2);
  CHECK_THAT(removed.out,
             Contains("entry 2 (agenda number 0002/PIAK/") && Contains("carries no signature"));
}

}  // namespace
}  // namespace jaga::test

namespace jaga::test {

// Issue 16: the agenda PDF export aborted in 4 of 29 runs (a cairo hash-table assertion: the
// font caches were freed while pango's font thread still used them) and left the file written.
TEST_CASE("jaga agenda export --format pdf runs 50 times in a row without an abort",
          "[report][agenda][cli]") {
  Office o;
  o.draft("R-1");
  REQUIRE(o.step("finalize", "R-1", "Andi Pratama").exit_code == 0);
  REQUIRE(o.step("receive", "R-1", "Siti Aminah").exit_code == 0);
  REQUIRE(o.step("receive", "R-1", "Budi Santoso").exit_code == 0);
  const std::string book = o.dir.path() + "/book.pdf";
  for (int i = 0; i < 50; ++i) {
    const auto run = o.jaga({"agenda", "export", "--format", "pdf", "--out", book});
    INFO("run " << i << ": " << run.err);
    REQUIRE(run.exit_code == 0);
  }
  std::string text;
  REQUIRE(shell("pdftotext " + book + " -", &text) == 0);
  CHECK_THAT(text, Contains("Buku Agenda") && Contains("Halaman 1 dari 1") &&
                       Contains("Kepala Bidang: Budi Santoso") && !Contains("jaga agenda"));
  // Written whole and renamed into place: no temporary file is left beside it.
  int files = 0;
  for (const auto& e : std::filesystem::directory_iterator(o.dir.path())) {
    if (e.path().filename().string().rfind("book.pdf", 0) == 0) ++files;
  }
  CHECK(files == 1);
}

}  // namespace jaga::test

namespace jaga::test {

// Issue 14, item 4: a signed PDF with its last signature cut off (truncated at the previous
// %%EOF) was accepted by `jaga verify` although the register recorded a different document.
TEST_CASE(
    "jaga verify accepts the recorded final PDF and refuses it with its last signature cut off",
    "[report][chain][cli][register]") {
  Office o;
  o.draft("R-1");
  o.sign_all("R-1");
  const std::string pdf = o.export_pdf("R-1", "export");
  auto recorded = o.jaga({"verify", pdf});
  INFO(recorded.out << recorded.err);
  CHECK(recorded.exit_code == 0);
  CHECK_THAT(recorded.out,
             Contains("register (daftar laporan): RECORDED") &&
                 Contains("berkas ini adalah dokumen akhir yang tercatat di buku agenda") &&
                 Contains("report R-1 version 1: this file is the recorded final document, "
                          "agenda number 0001/PIAK/") &&
                 Contains("this is the recorded final document of report R-1\n"));

  const std::string cut = o.dir.write("cut.pdf", without_last_update(read_file(pdf)));
  auto truncated = o.jaga({"verify", cut});
  INFO(truncated.out << truncated.err);
  CHECK(truncated.exit_code == 2);
  CHECK(count_of(truncated.out, "VALID\n") == 2);
  CHECK_THAT(truncated.out,
             Contains("register (daftar laporan): NOT THE RECORDED DOCUMENT") &&
                 Contains("report R-1 version 1: this file is not the recorded final document; "
                          "it has 2 of the 3 signatures, the last signature(s) are missing: "
                          "'receive_kabid' (kabid, Budi Santoso)") &&
                 !Contains("all signatures are valid"));
  auto as_json = o.jaga({"verify", cut, "--format", "json"});
  CHECK(as_json.exit_code == 2);
  CHECK_THAT(as_json.out, Contains("\"status\": \"not_final\"") && Contains("\"valid\": false"));
}

TEST_CASE("jaga verify without a register says it was not consulted and judges the signatures",
          "[report][chain][cli][register]") {
  Office o;
  o.draft("R-1");
  o.sign_all("R-1");
  const std::string cut =
      o.dir.write("cut.pdf", without_last_update(read_file(o.export_pdf("R-1", "export"))));
  // No configuration at all (none at /etc/jaga/jaga.toml on a test host), and --no-register.
  auto no_config = run_jaga({"verify", cut, "--pki-dir", o.pki_dir});
  INFO(no_config.out << no_config.err);
  CHECK(no_config.exit_code == 0);
  CHECK_THAT(no_config.out, Contains("register (daftar laporan): not consulted") &&
                                Contains("the report register was not consulted (no "
                                         "configuration; give --config)") &&
                                !Contains("this is the recorded final document"));
  auto skipped = o.jaga({"verify", cut, "--no-register"});
  CHECK(skipped.exit_code == 0);
  CHECK_THAT(skipped.out, Contains("not consulted (--no-register)"));
}

TEST_CASE("jaga verify refuses version 1 after a return and a report not recorded yet",
          "[report][chain][cli][register]") {
  Office o;
  o.draft("R-9");
  REQUIRE(o.step("finalize", "R-9", "Andi Pratama").exit_code == 0);
  const std::string version1 = o.export_pdf("R-9", "v1");
  REQUIRE(o.jaga({"report", "return", "R-9", "--signer", "Siti Aminah", "--passphrase-file",
                  o.pass_file, "--note", "grafik lag tidak ada"})
              .exit_code == 0);
  o.draft("R-9", 80);
  REQUIRE(o.step("finalize", "R-9", "Andi Pratama").exit_code == 0);
  auto unrecorded = o.jaga({"verify", o.export_pdf("R-9", "v2")});
  INFO(unrecorded.out << unrecorded.err);
  CHECK(unrecorded.exit_code == 2);
  CHECK_THAT(unrecorded.out, Contains("report R-9 version 2 is not recorded in the agenda book "
                                      "yet; it is at: finalized; last step: 'finalize' (apk, "
                                      "Andi Pratama)"));
  REQUIRE(o.step("receive", "R-9", "Siti Aminah").exit_code == 0);
  REQUIRE(o.step("receive", "R-9", "Budi Santoso").exit_code == 0);
  auto earlier = o.jaga({"verify", version1});
  INFO(earlier.out << earlier.err);
  CHECK(earlier.exit_code == 2);
  CHECK_THAT(earlier.out, Contains("VALID\n") &&
                              Contains("report R-9: this file is version 1, an earlier version "
                                       "superseded by version 2, which is recorded as agenda "
                                       "number 0001/PIAK/"));
}

TEST_CASE("jaga verify refuses a PDF the officials signed outside the register",
          "[report][chain][cli][register]") {
  Office o;
  o.draft("R-1");
  // The same three officials sign a PDF jaga never drafted: every signature valid, the SOP's
  // order, and still no report of this office.
  std::string pdf = one_page_pdf(120);
  for (const char* name : {"Andi Pratama", "Siti Aminah", "Budi Santoso"}) {
    auto identity = sign::load_signing_identity(o.pki_dir, name, kPass);
    REQUIRE(identity.ok());
    sign::PdfSignatureRequest request;
    request.signing_time = std::chrono::system_clock::now();
    auto signed_pdf = sign::sign_pdf(pdf, *identity, request);
    REQUIRE(signed_pdf.ok());
    pdf = std::move(*signed_pdf);
  }
  auto unknown = o.jaga({"verify", o.dir.write("foreign.pdf", pdf)});
  INFO(unknown.out << unknown.err);
  CHECK(unknown.exit_code == 2);
  CHECK(count_of(unknown.out, "VALID\n") == 3);
  CHECK_THAT(unknown.out,
             Contains("register (daftar laporan): UNKNOWN DOCUMENT") &&
                 Contains("this document is unknown to the report register " + o.store));
}

}  // namespace jaga::test
