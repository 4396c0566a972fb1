// Why one mutex over the store: SQLite keeps one transaction per connection, and the desk's
// requests are few (a handful of officials); signing, the slow part, runs with the mutex held
// only for the chain step itself, after the key was unlocked outside it.
#include "desk/desk_server.h"

#include <fmt/format.h>
#include <httplib.h>
#include <spdlog/spdlog.h>

#include <string>
#include <vector>

#include "core/text.h"
#include "desk/desk_state.h"
#include "desk/pages.h"
#include "desk/password.h"
#include "desk/report_views.h"
#include "desk/status_view.h"
#include "net/listener.h"
#include "print/office_words.h"
#include "sign/signer_role.h"
#include "sign/signing_identity.h"

namespace jaga::desk {
namespace {

constexpr const char* kCookie = "jaga_desk";
// Before a session exists, the login form's CSRF token is a cookie of its own that the form
// repeats (double submit): another site can neither read it nor, SameSite=Strict, send it.
constexpr const char* kLoginCookie = "jaga_masuk";

std::string cookie_token(const httplib::Request& req, const char* name = kCookie) {
  const std::string header = req.get_header_value("Cookie");
  const std::string key = std::string(name) + "=";
  for (size_t at = 0; at < header.size();) {
    size_t end = header.find(';', at);
    if (end == std::string::npos) end = header.size();
    std::string part = header.substr(at, end - at);
    while (!part.empty() && part.front() == ' ') part.erase(0, 1);
    if (part.starts_with(key)) return part.substr(key.size());
    at = end + 1;
  }
  return "";
}

void send_page(httplib::Response& res, int status, const std::string& html) {
  res.status = status;
  res.set_header("Cache-Control", "no-store");
  res.set_header("X-Frame-Options", "SAMEORIGIN");
  res.set_header("Content-Security-Policy",
                 "default-src 'self'; style-src 'self' 'unsafe-inline'; script-src 'none'; "
                 "frame-ancestors 'self'");
  res.set_content(html, "text/html; charset=utf-8");
}

void redirect(httplib::Response& res, const std::string& to) {
  res.status = 303;
  res.set_header("Location", to);
}

// A signed-in official: the session and the account behind it.
struct Visitor {
  Session session;
  Account account;
};

class Desk {
 public:
  Desk(std::unique_ptr<DeskState> state, SecurityAlert alert)
      : s_(std::move(state)), alert_(std::move(alert)) {}

  void routes(httplib::Server& r) {
    r.Get("/",
          [](const httplib::Request&, httplib::Response& res) { redirect(res, "/kotak-masuk"); });
    r.Get("/masuk", [](const httplib::Request&, httplib::Response& res) {
      login_form(res, 200, random_token(), "");
    });
    r.Post("/masuk", [this](const httplib::Request& q, httplib::Response& res) { login(q, res); });
    r.Post("/keluar",
           [this](const httplib::Request& q, httplib::Response& res) { logout(q, res); });
    r.Get("/kotak-masuk",
          [this](const httplib::Request& q, httplib::Response& res) { inbox(q, res); });
    r.Get(R"(/laporan/(.+))",
          [this](const httplib::Request& q, httplib::Response& res) { report(q, res); });
    r.Get("/daftar", [this](const httplib::Request& q, httplib::Response& res) {
      listing(q, res, "daftar", "Daftar Laporan");
    });
    r.Get("/agenda", [this](const httplib::Request& q, httplib::Response& res) {
      listing(q, res, "agenda", "Buku Agenda");
    });
    r.Get("/status", [this](const httplib::Request& q, httplib::Response& res) {
      listing(q, res, "status", "Status Server");
    });
    r.Post("/aksi", [this](const httplib::Request& q, httplib::Response& res) { act(q, res); });
    r.Get("/verifikasi",
          [this](const httplib::Request& q, httplib::Response& res) { verify(q, res); });
    r.Post("/verifikasi",
           [this](const httplib::Request& q, httplib::Response& res) { verify(q, res); });
  }

 private:
  TimePoint now() const { return s_->clock.now(); }
  std::chrono::seconds idle() const {
    return std::chrono::minutes(s_->config.desk.session_idle_minutes);
  }

  // The visitor of `q`, or nullopt after answering: a redirect to the login page.
  std::optional<Visitor> visitor(const httplib::Request& q, httplib::Response& res) {
    std::lock_guard lock(s_->mutex);
    auto session = s_->accounts->session(cookie_token(q), idle(), now());
    if (session && *session) {
      auto account = s_->accounts->find((*session)->user);
      if (account && *account && !(*account)->disabled) {
        return Visitor{std::move(**session), std::move(**account)};
      }
    }
    if (!session) spdlog::error("desk: {}", session.error().message);
    redirect(res, "/masuk");
    return std::nullopt;
  }

  PageData base(const Visitor& v) const {
    PageData d;
    d.set("user", v.account.user);
    d.set("csrf", v.session.csrf);
    auto role = sign::parse_role(v.account.role);
    d.set("role", role ? sign::role_title(*role) : v.account.role);
    return d;
  }

  void message(httplib::Response& res, int status, const std::string& title,
               const std::string& text, const Visitor* v, const std::string& back = "") {
    PageData d = v ? base(*v) : PageData();
    d.set("message", text);
    if (!back.empty()) d.set("back", back);
    send_page(res, status, render_page("pesan", title, d));
  }

  // Seconds the subjects of this attempt must still wait; nullopt when it may go ahead.
  // REQUIRES: the mutex is held.
  std::optional<std::chrono::seconds> throttled(const std::string& user, const std::string& ip) {
    std::optional<std::chrono::seconds> wait;
    for (const std::string& subject : {"user:" + user, "addr:" + ip}) {
      auto times = s_->accounts->failures(subject, now() - s_->throttle.window);
      if (!times) {
        spdlog::error("desk: {}", times.error().message);
        continue;
      }
      if (auto w = throttled_for(*times, epoch_seconds(now()), s_->throttle)) {
        if (!wait || *w > *wait) wait = w;
      }
    }
    return wait;
  }

  // A failed login or wrong passphrase: counted for the account and the address, audited and
  // logged for the administrator (never the password). REQUIRES: the mutex is held.
  void failed(const std::string& user, const std::string& ip, const std::string& what) {
    std::vector<std::string> throttling;  // the subjects this failure starts to throttle
    size_t failures = 0;
    for (const std::string& subject : {"user:" + user, "addr:" + ip}) {
      if (auto r = s_->accounts->record_failure(subject, now()); !r) {
        spdlog::error("desk: {}", r.error().message);
        continue;
      }
      auto times = s_->accounts->failures(subject, now() - s_->throttle.window);
      // Reaching the free failures happens once per subject per window: the count only passes
      // this value again after its old failures were forgotten.
      if (times && std::ssize(*times) == s_->throttle.free_failures) {
        throttling.push_back(subject);
        failures = times->size();
      }
    }
    audit(user, ip, what, "", "refused");
    spdlog::warn("desk: {} for user '{}' from {}", what, user, ip);
    if (!throttling.empty()) alert_about(throttling, user, ip, what, failures);
  }

  // Tells the administrator that `subjects` are now throttled (one message for the account and
  // the address when both are).
  void alert_about(const std::vector<std::string>& subjects, const std::string& user,
                   const std::string& ip, const std::string& what, size_t failures) {
    std::string who;
    for (const std::string& subject : subjects) {
      if (!who.empty()) who += " dan ";
      who += subject.starts_with("addr:") ? fmt::format("dari alamat {}", ip)
                                          : fmt::format("untuk pengguna '{}'", user);
    }
    const auto minutes = [](std::chrono::seconds s) {
      return std::chrono::duration_cast<std::chrono::minutes>(s).count();
    };
    const std::string subject_line =
        fmt::format("jaga: {} percobaan masuk desk gagal {}", failures, who);
    const std::string text = fmt::format(
        "{} percobaan yang gagal dalam {} menit terakhir {} di desk pejabat jaga{}.\n"
        "Terakhir: {} (pengguna '{}', alamat {}), {}.\n\n"
        "Percobaan berikutnya ditahan dengan jeda yang makin panjang (paling lama {} menit); "
        "akun tidak dikunci. Jika ini bukan pejabat yang lupa kata sandi atau passphrase-nya, "
        "periksa jejak audit desk (tabel desk_audit di penyimpanan bukti) dan alamat tersebut.",
        failures, minutes(s_->throttle.window), who,
        s_->config.desk.public_url.empty() ? "" : " (" + s_->config.desk.public_url + ")",
        what == "failed login" ? "kata sandi salah" : "passphrase tanda tangan salah", user, ip,
        print::date_time_text(now(), s_->config.schedule.zone), minutes(s_->throttle.max_delay));
    std::string throttled;
    for (const std::string& subject : subjects) throttled += " " + subject;
    spdlog::warn("desk: {} failures within {} min, now throttled:{}; the administrator is told",
                 failures, minutes(s_->throttle.window), throttled);
    if (alert_) alert_(subject_line, text);
  }

  void audit(const std::string& user, const std::string& ip, const std::string& action,
             const std::string& report, const std::string& outcome, const std::string& note = "") {
    if (auto r = s_->accounts->audit(now(), user, ip, action, report, outcome, note); !r) {
      spdlog::error("desk: {}", r.error().message);
    }
  }

  void refuse_throttled(httplib::Response& res, const std::string& user, const std::string& ip,
                        std::chrono::seconds wait, const Visitor* v) {
    audit(user, ip, "throttled", "", "refused");
    spdlog::warn("desk: attempt for user '{}' from {} refused for {} s after repeated failures",
                 user, ip, wait.count());
    res.set_header("Retry-After", std::to_string(wait.count()));
    message(
        res, 429, "Terlalu banyak percobaan",
        fmt::format("Terlalu banyak percobaan yang gagal. Coba lagi dalam {} detik.", wait.count()),
        v);
  }

  // The login page with `token` in its form and its cookie, and `text` above it when given.
  static void login_form(httplib::Response& res, int status, const std::string& token,
                         const std::string& text) {
    PageData d;
    d.set("login_csrf", token);
    if (!text.empty()) d.set("message", text);
    res.set_header(
        "Set-Cookie",
        fmt::format("{}={}; Path=/masuk; HttpOnly; Secure; SameSite=Strict", kLoginCookie, token));
    send_page(res, status, render_page("masuk", "Masuk", d));
  }

  void login(const httplib::Request& q, httplib::Response& res) {
    const std::string user = q.get_param_value("user");
    const std::string password = q.get_param_value("password");
    const std::string& ip = q.remote_addr;
    const std::string token = cookie_token(q, kLoginCookie);
    if (token.empty() || !same_secret(q.get_param_value("csrf"), token)) {
      return login_form(res, 403, random_token(),
                        "Formulir masuk kedaluwarsa atau tidak sah. Silakan coba lagi.");
    }
    std::lock_guard lock(s_->mutex);
    if (auto wait = throttled(user, ip)) return refuse_throttled(res, user, ip, *wait, nullptr);
    auto account = s_->accounts->find(user);
    if (!account) {
      spdlog::error("desk: {}", account.error().message);
      return message(res, 500, "Masuk", "Penyimpanan tidak dapat dibaca.", nullptr);
    }
    const bool good =
        *account && !(*account)->disabled && password_matches((*account)->password_hash, password);
    if (!good) {
      failed(user, ip, "failed login");
      return login_form(res, 403, token, "Nama pengguna atau kata sandi salah.");
    }
    auto session = s_->accounts->open_session(user, ip, now());
    if (!session) {
      spdlog::error("desk: {}", session.error().message);
      return message(res, 500, "Masuk", "Sesi tidak dapat dibuat.", nullptr);
    }
    audit(user, ip, "login", "", "ok");
    spdlog::info("desk: user '{}' logged in from {}", user, ip);
    res.set_header("Set-Cookie", fmt::format("{}={}; Path=/; HttpOnly; Secure; SameSite=Strict",
                                             kCookie, session->token));
    redirect(res, "/kotak-masuk");
  }

  // The form's CSRF token matches the session's (constant time); else answers 403.
  bool csrf_ok(const httplib::Request& q, httplib::Response& res, const Visitor& v) {
    if (same_secret(q.get_param_value("csrf"), v.session.csrf)) return true;
    std::lock_guard lock(s_->mutex);
    audit(v.account.user, q.remote_addr, "csrf", q.get_param_value("nomor"), "refused");
    message(res, 403, "Ditolak", "Formulir tidak sah (token CSRF salah). Muat ulang halaman.", &v);
    return false;
  }

  void logout(const httplib::Request& q, httplib::Response& res) {
    auto v = visitor(q, res);
    if (!v || !csrf_ok(q, res, *v)) return;
    std::lock_guard lock(s_->mutex);
    if (auto r = s_->accounts->end_session(cookie_token(q)); !r) {
      spdlog::error("desk: {}", r.error().message);
    }
    audit(v->account.user, q.remote_addr, "logout", "", "ok");
    res.set_header("Set-Cookie", fmt::format("{}=; Path=/; HttpOnly; Secure; SameSite=Strict; "
                                             "Max-Age=0",
                                             kCookie));
    redirect(res, "/masuk");
  }

  void inbox(const httplib::Request& q, httplib::Response& res) {
    auto v = visitor(q, res);
    if (!v) return;
    std::lock_guard lock(s_->mutex);
    auto view = inbox_view(*s_, v->account, now(), base(*v));
    if (!view) {
      spdlog::error("desk: {}", view.error().message);
      return message(res, 500, "Kotak Masuk", "Register laporan tidak dapat dibaca.", &*v);
    }
    send_page(res, 200, render_page("kotak_masuk", "Kotak Masuk", *view));
  }

  // The register or the agenda book: pages of the whole office, read-only.
  void listing(const httplib::Request& q, httplib::Response& res, const std::string& page,
               const std::string& title) {
    auto v = visitor(q, res);
    if (!v) return;
    std::lock_guard lock(s_->mutex);
    auto view = page == "daftar"   ? register_view(*s_, now(), base(*v))
                : page == "agenda" ? agenda_view(*s_, base(*v))
                                   : status_view(*s_, now(), base(*v));
    if (!view) {
      spdlog::error("desk: {}", view.error().message);
      return message(res, 500, title, "Register laporan tidak dapat dibaca.", &*v);
    }
    send_page(res, 200, render_page(page, title, *view));
  }

  void report(const httplib::Request& q, httplib::Response& res) {
    auto v = visitor(q, res);
    if (!v) return;
    const std::string number = q.matches[1];
    const std::string file = q.get_param_value("berkas");
    std::lock_guard lock(s_->mutex);
    if (file == "pdf" || file == "json") return send_file(res, number, file, *v);
    auto view = report_view(*s_, v->account, number, base(*v));
    if (!view) {
      return message(res, 404, "Laporan", "Laporan " + number + " tidak ada di register.", &*v,
                     "/kotak-masuk");
    }
    send_page(res, 200, render_page("laporan", "Laporan " + number, *view));
  }

  // REQUIRES: the mutex is held.
  void send_file(httplib::Response& res, const std::string& number, const std::string& file,
                 const Visitor& v) {
    if (file == "pdf") {
      auto pdf = s_->reports->current_pdf(number);
      if (!pdf) return message(res, 404, "Laporan", "PDF tidak ada.", &v);
      res.set_header("Content-Disposition", "inline");
      res.set_header("Cache-Control", "no-store");
      return res.set_content(*pdf, "application/pdf");
    }
    auto report = s_->reports->find(number);
    auto versions = s_->reports->versions(number, true);
    if (!report || !*report || !versions)
      return message(res, 404, "Laporan", "JSON tidak ada.", &v);
    for (const workflow::VersionRow& row : *versions) {
      if (row.version == (**report).current_version) {
        res.set_header("Cache-Control", "no-store");
        return res.set_content(row.json, "application/json; charset=utf-8");
      }
    }
    message(res, 404, "Laporan", "JSON tidak ada.", &v);
  }

  void act(const httplib::Request& q, httplib::Response& res) {
    auto v = visitor(q, res);
    if (!v || !csrf_ok(q, res, *v)) return;
    const std::string number = q.get_param_value("nomor");
    const std::string action = q.get_param_value("aksi");
    const std::string note = q.get_param_value("catatan");
    const std::string passphrase = q.get_param_value("passphrase");
    const std::string& ip = q.remote_addr;
    const std::string& user = v->account.user;
    const std::string back = "/laporan/" + url_component(number);
    if (action != "finalize" && action != "receive" && action != "return") {
      return message(res, 400, "Ditolak", "Tindakan tidak dikenal.", &*v, back);
    }
    if (action == "return" && note.empty()) {
      return message(res, 400, "Ditolak", "Catatan wajib diisi untuk mengembalikan laporan.", &*v,
                     back);
    }
    {
      std::lock_guard lock(s_->mutex);
      if (auto wait = throttled(user, ip)) return refuse_throttled(res, user, ip, *wait, &*v);
      // What the page can say in Indonesian is said before the key is unlocked.
      if (auto why = step_refusal(*s_, v->account, number, action, note)) {
        audit(user, ip, action, number, "refused");
        return message(res, 409, "Ditolak", "Ditolak, tidak ada yang dicatat. " + *why, &*v, back);
      }
    }
    // The key is unlocked outside the mutex: it reads files and runs the key's KDF.
    auto identity = sign::load_signing_identity(s_->config.pki.dir, v->account.signer, passphrase);
    std::lock_guard lock(s_->mutex);
    if (!identity) {
      if (identity.error().message.starts_with("wrong passphrase")) {
        failed(user, ip, "wrong signing passphrase");
        return message(res, 403, "Ditolak",
                       "Passphrase salah; tidak ada yang ditandatangani atau dicatat.", &*v, back);
      }
      spdlog::error("desk: user '{}': {}", user, identity.error().message);
      audit(user, ip, action, number, "refused: key");
      return message(res, 500, "Ditolak",
                     "Kunci tanda tangan Anda tidak dapat dibuka; hubungi administrator.", &*v,
                     back);
    }
    const workflow::ChainContext context = s_->chain_context(now());
    auto outcome = action == "return"
                       ? workflow::return_report(context, number, note, *identity, now())
                       : workflow::take_step(context, number,
                                             action == "finalize" ? workflow::Action::kFinalize
                                                                  : workflow::Action::kReceive,
                                             *identity, now(), action == "finalize" ? note : "");
    if (!outcome) {
      audit(user, ip, action, number, "refused");
      spdlog::warn("desk: {} of report {} by '{}' from {} refused: {}", action, number, user, ip,
                   outcome.error().message);
      return message(res, 409, "Ditolak",
                     "Ditolak oleh pemeriksaan rantai tanda tangan, tidak ada yang dicatat. "
                     "Rincian untuk administrator: " +
                         outcome.error().message,
                     &*v, back);
    }
    // The APK's Catatan at finalize (the answer to an earlier return) is on the final document's
    // approval page; a return's note is in the signed statement and the step itself. Both are
    // also in the audit trail.
    audit(user, ip, action, number, "ok", note);
    spdlog::info("desk: {} of report {} by '{}' from {}", action, number, user, ip);
    std::string text = fmt::format("Laporan {} kini: {}.", number, outcome->state);
    for (const agenda::AgendaEntry& e : outcome->agenda) {
      text += fmt::format(" Tercatat di Buku Agenda dengan nomor {}.", e.agenda_number);
    }
    message(res, 200, "Berhasil", text, &*v, back);
  }

  void verify(const httplib::Request& q, httplib::Response& res) {
    const std::string number = q.get_param_value("nomor");
    const std::string version_text = q.get_param_value("versi");
    std::string pdf;
    if (q.has_file("berkas")) pdf = q.get_file_value("berkas").content;
    PageData d;
    d.set("number", number);
    d.set("version", version_text);
    if (!number.empty() || !pdf.empty()) {
      int version = 0;
      try {
        version = version_text.empty() ? 0 : std::stoi(version_text);
      } catch (const std::exception&) {
        version = 0;
      }
      std::lock_guard lock(s_->mutex);
      if (!number.empty() && version <= 0) {
        auto report = s_->reports->find(number);
        if (report && *report) version = (**report).current_version;
      }
      d = verification_view(*s_, pdf.empty() ? number : "", version, pdf, now(), d);
    }
    send_page(res, 200, render_page("verifikasi", "Verifikasi Dokumen", d));
  }

  std::unique_ptr<DeskState> s_;
  SecurityAlert alert_;
};

net::ListenLimits desk_limits() {
  net::ListenLimits limits;
  limits.max_body_bytes = 32 * 1024 * 1024;  // an uploaded signed report
  limits.workers = 2;
  return limits;
}

Result<void> load_certificate(SSL_CTX& ctx, const config::DeskConfig& desk) {
  if (SSL_CTX_use_certificate_chain_file(&ctx, desk.cert.c_str()) != 1) {
    return Error{fmt::format("desk.cert: cannot load the certificate {}", desk.cert)};
  }
  if (SSL_CTX_use_PrivateKey_file(&ctx, desk.key.c_str(), SSL_FILETYPE_PEM) != 1) {
    return Error{fmt::format("desk.key: cannot load the key {}", desk.key)};
  }
  if (SSL_CTX_check_private_key(&ctx) != 1) {
    return Error{fmt::format("desk.key: {} does not match desk.cert {}", desk.key, desk.cert)};
  }
  return Ok();
}

}  // namespace

struct DeskServer::Impl {
  std::unique_ptr<Desk> desk;
  std::unique_ptr<net::Listener> listener;  // stopped first: handlers use desk
  ~Impl() { listener.reset(); }
};

DeskServer::DeskServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
DeskServer::~DeskServer() = default;
int DeskServer::port() const { return impl_->listener->port(); }

Result<std::unique_ptr<DeskServer>> DeskServer::start(const config::Config& config,
                                                      store::EvidenceStore& store,
                                                      const Clock& clock, SecurityAlert alert) {
  if (!config.desk.enabled) return std::unique_ptr<DeskServer>();
  auto state = open_desk_state(config, store, clock);
  if (!state) return Error{"desk: " + state.error().message};
  auto tls = net::make_server_tls([&](SSL_CTX& ctx) { return load_certificate(ctx, config.desk); });
  if (!tls) return tls.error();
  auto impl = std::make_unique<Impl>();
  impl->desk = std::make_unique<Desk>(std::move(*state), std::move(alert));
  auto router = std::make_unique<net::HttpRouter>();
  impl->desk->routes(*router);
  auto listener = net::Listener::start("desk", config.desk.listen_host, config.desk.listen_port,
                                       desk_limits(), std::move(router), std::move(*tls));
  if (!listener) return Error{"desk.listen: " + listener.error().message};
  impl->listener = std::move(*listener);
  spdlog::info("the officials' desk on https://{}:{}/ ({})", config.desk.listen_host,
               impl->listener->port(), config.desk.public_url);
  return std::unique_ptr<DeskServer>(new DeskServer(std::move(impl)));
}

}  // namespace jaga::desk
