// E-mail over SMTP with libcurl. smtp:// requires STARTTLS (CURLUSESSL_ALL: a server that does
// not offer it is refused, never used in plain text); smtps:// is TLS from the first byte. The
// server's certificate is verified against the system's CAs or `ca_file` (the office's own CA).
// The password goes to libcurl and nowhere else: errors name the server, never the password.
#pragma once

#include <string>
#include <vector>

#include "notify/notifier.h"

namespace jaga::notify {

struct SmtpSettings {
  std::string url;  // smtp://host:port or smtps://host:port
  std::string from;
  std::vector<std::string> to;
  std::string user;      // empty: no AUTH
  std::string password;  // secret
  std::string ca_file;   // empty: the system's CAs
  long timeout_seconds = 10;
};

class SmtpChannel final : public Channel {
 public:
  explicit SmtpChannel(SmtpSettings settings) : settings_(std::move(settings)) {}
  std::string name() const override { return "e-mail via " + settings_.url; }
  Result<void> send(const Notification& n) override;

 private:
  SmtpSettings settings_;
};

}  // namespace jaga::notify
