#include "notify/notify_service.h"

#include <fmt/format.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include "notify/webhook_channel.h"

namespace jaga::notify {

Result<std::string> read_secret_file(const std::string& file, const std::string& key) {
  struct stat st {};
  if (stat(file.c_str(), &st) != 0) {
    return Error{fmt::format("cannot read {} {}: {}", key, file, std::strerror(errno))};
  }
  if ((st.st_mode & 077) != 0) {
    return Error{fmt::format("{} {} may be read by group or others (mode {:04o}); chmod 600 it",
                             key, file, st.st_mode & 07777)};
  }
  std::ifstream in(file, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  if (!in) return Error{fmt::format("cannot read {} {}", key, file)};
  std::string secret = text.str();
  while (!secret.empty() && (secret.back() == '\n' || secret.back() == '\r')) secret.pop_back();
  return secret;
}

Result<std::unique_ptr<NotifyService>> NotifyService::start(const config::NotifyConfig& config) {
  if (config.webhook_url.empty()) return std::unique_ptr<NotifyService>();
  std::string token;
  if (!config.webhook_token_file.empty()) {
    auto secret = read_secret_file(config.webhook_token_file, "notify.webhook_token_file");
    if (!secret) return secret.error();
    token = std::move(*secret);
  } else if (!config.webhook_token_env.empty()) {
    const char* value = std::getenv(config.webhook_token_env.c_str());
    if (value == nullptr || *value == '\0') {
      return Error{fmt::format("environment variable {} (notify.webhook_token_env) is not set",
                               config.webhook_token_env)};
    }
    token = value;
  }
  std::vector<std::unique_ptr<Channel>> channels;
  channels.push_back(
      std::make_unique<WebhookChannel>(config.webhook_url, token, config.timeout_seconds));
  return std::unique_ptr<NotifyService>(new NotifyService(std::move(channels)));
}

void NotifyService::observe(const std::string& host,
                            const std::vector<checks::CheckResult>& results) {
  std::lock_guard lock(mutex_);
  for (const checks::CheckResult& r : results) {
    if (auto n = changes_.observe(r.check, host, r.status, r.summary, r.finished)) {
      notifier_.post(std::move(*n));
    }
  }
}

}  // namespace jaga::notify
