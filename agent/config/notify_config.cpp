// [notify]: the webhook and the mail server notifications go to. Secrets (the webhook token, the
// SMTP password) are never in the configuration, only where to find them.
#include <fmt/format.h>

#include "config/config.h"
#include "config/table_reader.h"

namespace jaga::config {
namespace {

// An addr-spec as it may stand in SMTP commands and headers: local@domain, nothing that could
// end a command or a header (CR, LF, angle brackets, commas, spaces).
bool plain_address(const std::string& address) {
  const size_t at = address.find('@');
  if (at == std::string::npos || at == 0 || at + 1 == address.size()) return false;
  if (address.find('@', at + 1) != std::string::npos) return false;
  for (unsigned char c : address) {
    if (c <= ' ' || c >= 0x7f || c == '<' || c == '>' || c == ',' || c == '"') return false;
  }
  return true;
}

void read_webhook(TableReader& r, NotifyConfig& n) {
  if (n.webhook_url.empty()) {
    if (!n.webhook_token_file.empty() || !n.webhook_token_env.empty()) {
      r.fail_here(
          "'notify.webhook_token_file' and 'notify.webhook_token_env' need "
          "'notify.webhook_url'");
    }
    return;
  }
  if (!n.webhook_url.starts_with("http://") && !n.webhook_url.starts_with("https://")) {
    return r.fail_at("webhook_url",
                     fmt::format("must start with https:// or http://, got \"{}\"", n.webhook_url));
  }
  if (!n.webhook_token_file.empty() && !n.webhook_token_env.empty()) {
    r.fail_here("give at most one of 'notify.webhook_token_file' and 'notify.webhook_token_env'");
  }
}

void read_mail(TableReader& r, NotifyConfig& n) {
  if (n.smtp_url.empty()) {
    if (!n.mail_from.empty() || !n.mail_to.empty() || !n.smtp_user.empty() ||
        !n.smtp_password_file.empty() || !n.smtp_password_env.empty() || !n.smtp_ca_file.empty()) {
      r.fail_here(
          "the e-mail settings of [notify] need 'notify.smtp_url' (e.g. "
          "\"smtp://mail.example.go.id:587\")");
    }
    return;
  }
  if (!n.smtp_url.starts_with("smtp://") && !n.smtp_url.starts_with("smtps://")) {
    return r.fail_at("smtp_url",
                     fmt::format("must start with smtp:// (STARTTLS) or smtps:// (TLS), got \"{}\"",
                                 n.smtp_url));
  }
  if (n.mail_from.empty()) return r.fail_here("missing required key 'notify.mail_from'");
  if (!plain_address(n.mail_from)) {
    return r.fail_at("mail_from",
                     fmt::format("\"{}\" is not an e-mail address (user@domain)", n.mail_from));
  }
  if (n.mail_to.empty()) {
    return r.fail_here("missing required key 'notify.mail_to' (a list of e-mail addresses)");
  }
  for (const std::string& to : n.mail_to) {
    if (!plain_address(to)) {
      return r.fail_at("mail_to", fmt::format("\"{}\" is not an e-mail address (user@domain)", to));
    }
  }
  if (!n.smtp_password_file.empty() && !n.smtp_password_env.empty()) {
    return r.fail_here(
        "give at most one of 'notify.smtp_password_file' and 'notify.smtp_password_env'");
  }
  const bool password = !n.smtp_password_file.empty() || !n.smtp_password_env.empty();
  if (password && n.smtp_user.empty()) {
    return r.fail_here("'notify.smtp_user' is needed with a password");
  }
  if (!password && !n.smtp_user.empty()) {
    return r.fail_here(
        "'notify.smtp_user' needs 'notify.smtp_password_file' or 'notify.smtp_password_env'");
  }
}

}  // namespace

void read_notify(TableReader& r, NotifyConfig& n) {
  r.string("webhook_url", n.webhook_url);
  r.string("webhook_token_file", n.webhook_token_file);
  r.env_name("webhook_token_env", n.webhook_token_env);
  r.integer("timeout_seconds", n.timeout_seconds, 1, 300);
  r.string("smtp_url", n.smtp_url);
  r.string("mail_from", n.mail_from);
  r.strings("mail_to", n.mail_to);
  r.string("smtp_user", n.smtp_user);
  r.string("smtp_password_file", n.smtp_password_file);
  r.env_name("smtp_password_env", n.smtp_password_env);
  r.string("smtp_ca_file", n.smtp_ca_file);
  if (r.error) return;
  if (n.webhook_url.empty() && n.smtp_url.empty()) {
    return r.fail_here("[notify] needs 'notify.webhook_url' or 'notify.smtp_url' (or both)");
  }
  read_webhook(r, n);
  if (!r.error) read_mail(r, n);
}

}  // namespace jaga::config
