// [notify]: the webhook notifications go to. The token itself is never in the configuration.
#include <fmt/format.h>

#include "config/config.h"
#include "config/table_reader.h"

namespace jaga::config {

void read_notify(TableReader& r, NotifyConfig& n) {
  r.string("webhook_url", n.webhook_url, true);
  r.string("webhook_token_file", n.webhook_token_file);
  r.env_name("webhook_token_env", n.webhook_token_env);
  r.integer("timeout_seconds", n.timeout_seconds, 1, 300);
  if (r.error) return;
  if (!n.webhook_url.starts_with("http://") && !n.webhook_url.starts_with("https://")) {
    return r.fail_at("webhook_url",
                     fmt::format("must start with https:// or http://, got \"{}\"", n.webhook_url));
  }
  if (!n.webhook_token_file.empty() && !n.webhook_token_env.empty()) {
    r.fail_here("give at most one of 'notify.webhook_token_file' and 'notify.webhook_token_env'");
  }
}

}  // namespace jaga::config
