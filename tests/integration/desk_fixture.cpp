#include "tests/integration/desk_fixture.h"

#include <fmt/format.h>

#include "core/clock.h"
#include "sign/pki.h"
#include "store/evidence_store.h"
#include "tests/integration/one_page_pdf.h"
#include "workflow/definition.h"
#include "workflow/report_store.h"

namespace jaga::test {
namespace {

constexpr const char* kCaPass = "ca passphrase, desk";

}  // namespace

DeskOffice::DeskOffice(const std::string& extra_config)
    : pki_dir_(dir_.path() + "/pki"), store_(dir_.path() + "/evidence.db") {
  const SystemClock clock;
  sign::Pki pki(pki_dir_);
  REQUIRE(pki.init_ca(sign::CaRequest{}, kCaPass, clock).ok());
  struct Official {
    sign::Role role;
    const char* name;
    const char* user;
    const char* role_name;
  };
  const Official officials[] = {{sign::Role::kApk, "Andi Pratama", "andi", "apk"},
                                {sign::Role::kSubKoord, "Siti Aminah", "siti", "sub_koord"},
                                {sign::Role::kKabid, "Budi Santoso", "budi", "kabid"}};
  std::vector<std::string> ids;
  for (const Official& o : officials) {
    auto issued = pki.issue_signer({o.role, o.name, 365}, kCaPass, kDeskSignerPass, clock);
    REQUIRE(issued.ok());
    ids.push_back(issued->id);
  }
  auto desk_cert = pki.issue_agent({"127.0.0.1", {}, 30}, kCaPass, clock);
  REQUIRE(desk_cert.ok());
  desk_cert_ = desk_cert->cert_file;
  config_ = dir_.write(
      "jaga.toml", "[agent]\nhost_name = \"disdukcapil\"\nevidence_db = \"" + store_ +
                       "\"\n[servers.primary]\nhost = \"127.0.0.1\"\nport = 9\nuser = \"jaga\"\n"
                       "[servers.backup]\nhost = \"127.0.0.1\"\nport = 9\nuser = \"jaga\"\n"
                       "[schedule]\ntime_zone = \"+07:00\"\n[pki]\ndir = \"" +
                       pki_dir_ +
                       "\"\n[workflow]\ndefinition = \"" JAGA_SOURCE_DIR
                       "/config/sop-piak-07.toml\"\n[desk]\nlisten = \"127.0.0.1:" +
                       std::to_string(kDeskPort) + "\"\ncert = \"" + desk_cert->cert_file +
                       "\"\nkey = \"" + desk_cert->key_file +
                       "\"\npublic_url = \"https://127.0.0.1:" + std::to_string(kDeskPort) +
                       "\"\n" + extra_config);
  const std::string password_file = dir_.write("password", kDeskPassword, 0600);
  for (size_t i = 0; i < ids.size(); ++i) {
    const auto added =
        run_jaga({"--config", config_, "desk", "user", "add", officials[i].user, "--signer", ids[i],
                  "--role", officials[i].role_name, "--password-file", password_file});
    INFO(added.err);
    REQUIRE(added.exit_code == 0);
  }
  serve_ = start_jaga({"--config", config_, "serve"}, dir_.path() + "/serve.out",
                      dir_.path() + "/serve.err");
  for (int i = 0; i < 200; ++i) {
    httplib::SSLClient client("127.0.0.1", kDeskPort);
    client.enable_server_certificate_verification(false);
    if (auto r = client.Get("/masuk"); r && r->status == 200) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  FAIL("the desk did not answer within 10 s:\n" << log());
}

DeskOffice::~DeskOffice() {
  if (serve_ > 0) {
    kill(serve_, SIGTERM);
    wait_exit_code(serve_);
  }
}

void DeskOffice::draft(const std::string& number, double height) {
  auto evidence = store::EvidenceStore::open(store_);
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

namespace {

Reply reply_of(const httplib::Result& r, std::vector<std::string>& seen) {
  REQUIRE(r);
  Reply out{r->status, r->body, r->get_header_value("Location"), r->get_header_value("Set-Cookie")};
  std::string all = r->body;
  for (const auto& [k, v] : r->headers) all += k + ": " + v + "\n";
  seen.push_back(std::move(all));
  return out;
}

std::unique_ptr<httplib::SSLClient> client_for(const std::string& ca) {
  auto client = std::make_unique<httplib::SSLClient>("127.0.0.1", kDeskPort);
  client->set_ca_cert_path(ca.c_str());
  client->enable_server_certificate_verification(true);
  client->set_read_timeout(30, 0);
  return client;
}

}  // namespace

Reply DeskOffice::get(const std::string& path, const std::string& cookie) {
  auto client = client_for(pki_dir_ + "/ca.crt");
  httplib::Headers headers;
  if (!cookie.empty()) headers.emplace("Cookie", cookie);
  return reply_of(client->Get(path.c_str(), headers), responses);
}

Reply DeskOffice::post(const std::string& path, const std::multimap<std::string, std::string>& form,
                       const std::string& cookie) {
  auto client = client_for(pki_dir_ + "/ca.crt");
  httplib::Headers headers;
  if (!cookie.empty()) headers.emplace("Cookie", cookie);
  httplib::Params params(form.begin(), form.end());
  return reply_of(client->Post(path.c_str(), headers, params), responses);
}

Reply DeskOffice::upload(const std::string& pdf) {
  auto client = client_for(pki_dir_ + "/ca.crt");
  const httplib::MultipartFormDataItems items = {{"berkas", pdf, "laporan.pdf", "application/pdf"}};
  return reply_of(client->Post("/verifikasi", items), responses);
}

Reply DeskOffice::login_attempt(const std::string& user, const std::string& password) {
  const Reply form = get("/masuk");
  REQUIRE(form.status == 200);
  const std::string cookie = form.set_cookie.substr(0, form.set_cookie.find(';'));
  REQUIRE(cookie.starts_with("jaga_masuk="));
  return post(
      "/masuk",
      {{"csrf", cookie.substr(cookie.find('=') + 1)}, {"user", user}, {"password", password}},
      cookie);
}

std::string DeskOffice::login(const std::string& user, const std::string& password) {
  const Reply r = login_attempt(user, password);
  INFO(r.body);
  REQUIRE(r.status == 303);
  REQUIRE(r.location == "/kotak-masuk");
  CHECK(r.set_cookie.find("HttpOnly") != std::string::npos);
  CHECK(r.set_cookie.find("Secure") != std::string::npos);
  CHECK(r.set_cookie.find("SameSite=Strict") != std::string::npos);
  return r.set_cookie.substr(0, r.set_cookie.find(';'));
}

std::string DeskOffice::csrf(const std::string& path, const std::string& cookie) {
  const Reply page = get(path, cookie);
  REQUIRE(page.status == 200);
  const std::string marker = "name=\"csrf\" value=\"";
  const size_t at = page.body.find(marker);
  REQUIRE(at != std::string::npos);
  return page.body.substr(at + marker.size(), 64);
}

Reply DeskOffice::act(const std::string& cookie, const std::string& number,
                      const std::string& action, const std::string& note,
                      const std::string& passphrase) {
  const std::string token = csrf("/laporan/" + url_component(number), cookie);
  return post("/aksi",
              {{"csrf", token},
               {"nomor", number},
               {"aksi", action},
               {"catatan", note},
               {"passphrase", passphrase}},
              cookie);
}

std::string DeskOffice::log() const {
  return read_file(dir_.path() + "/serve.err") + read_file(dir_.path() + "/serve.out");
}

}  // namespace jaga::test
