// An office with the web desk: a real PKI (office CA, an APK, a Sub Koord and a Kabid, a desk
// certificate for 127.0.0.1), desk accounts made with `jaga desk user add`, a drafted report in
// the register, and `jaga serve` serving the desk over HTTPS; an HTTPS client that checks the
// desk's certificate against the office CA. No database server is needed.
#pragma once

#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <map>
#include <string>
#include <thread>

#include "core/text.h"
#include "tests/integration/sandbox.h"

namespace jaga::test {

// Distinctive, so a test can search every log, store byte and response for them.
inline constexpr const char* kDeskSignerPass = "frasa-sandi-penanda-7QX";
inline constexpr const char* kDeskPassword = "kata-sandi-masuk-9ZK";
// In 34300-34349, the range kept for the desk engineer's tests.
inline constexpr int kDeskPort = 34311;

struct Reply {
  int status = 0;
  std::string body;
  std::string location;
  std::string set_cookie;
};

class DeskOffice {
 public:
  // `extra_config` is appended to the configuration (a [notify] table, say).
  explicit DeskOffice(const std::string& extra_config = "");
  ~DeskOffice();
  DeskOffice(const DeskOffice&) = delete;
  DeskOffice& operator=(const DeskOffice&) = delete;

  // Drafts report `number` (version 1, or the next after a return) into the register.
  void draft(const std::string& number, double height = 60);

  Reply get(const std::string& path, const std::string& cookie = "");
  Reply post(const std::string& path, const std::multimap<std::string, std::string>& form,
             const std::string& cookie = "");
  // Posts the login form as a browser does (its token from GET /masuk, with its cookie).
  Reply login_attempt(const std::string& user, const std::string& password);
  // Uploads `pdf` to the verification page as a browser's file form does.
  Reply upload(const std::string& pdf);
  // Logs `user` in; the cookie ("jaga_desk=...") to send. Fails the test when refused.
  std::string login(const std::string& user, const std::string& password = kDeskPassword);
  // The CSRF token on the page at `path`.
  std::string csrf(const std::string& path, const std::string& cookie);
  // Takes `action` (finalize, receive, return) on `number` through the report page's form.
  Reply act(const std::string& cookie, const std::string& number, const std::string& action,
            const std::string& note = "", const std::string& passphrase = kDeskSignerPass);

  std::string log() const;  // serve's stderr and stdout
  const std::string& store_path() const { return store_; }
  const std::string& desk_cert() const { return desk_cert_; }
  const TempDir& dir() const { return dir_; }
  std::vector<std::string> responses;  // every body and header received, for secret searches

 private:
  TempDir dir_;
  std::string pki_dir_;
  std::string store_;
  std::string config_;
  std::string desk_cert_;
  pid_t serve_ = -1;
};

}  // namespace jaga::test
