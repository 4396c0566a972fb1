#include "notify/notify_service.h"

#include <fmt/format.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include "notify/smtp_channel.h"
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

namespace {

// A secret from `file` (key `file_key`) or the environment variable `env` (key `env_key`);
// empty when neither is configured.
Result<std::string> read_secret(const std::string& file, const std::string& env,
                                const std::string& file_key, const std::string& env_key) {
  if (!file.empty()) return read_secret_file(file, file_key);
  if (env.empty()) return std::string();
  const char* value = std::getenv(env.c_str());
  if (value == nullptr || *value == '\0') {
    return Error{fmt::format("environment variable {} ({}) is not set", env, env_key)};
  }
  return std::string(value);
}

}  // namespace

Result<std::unique_ptr<NotifyService>> NotifyService::start(const config::NotifyConfig& config) {
  std::vector<std::unique_ptr<Channel>> channels;
  if (!config.webhook_url.empty()) {
    auto token = read_secret(config.webhook_token_file, config.webhook_token_env,
                             "notify.webhook_token_file", "notify.webhook_token_env");
    if (!token) return token.error();
    channels.push_back(
        std::make_unique<WebhookChannel>(config.webhook_url, *token, config.timeout_seconds));
  }
  if (!config.smtp_url.empty()) {
    auto password = read_secret(config.smtp_password_file, config.smtp_password_env,
                                "notify.smtp_password_file", "notify.smtp_password_env");
    if (!password) return password.error();
    channels.push_back(std::make_unique<SmtpChannel>(
        SmtpSettings{config.smtp_url, config.mail_from, config.mail_to, config.smtp_user,
                     std::move(*password), config.smtp_ca_file, config.timeout_seconds}));
  }
  if (channels.empty()) return std::unique_ptr<NotifyService>();
  return std::unique_ptr<NotifyService>(new NotifyService(std::move(channels)));
}

void NotifyService::observe(const std::string& host, const std::vector<CheckResult>& results) {
  std::lock_guard lock(mutex_);
  for (const CheckResult& r : results) {
    if (auto n = changes_.observe(r.check, host, r.status, r.summary, r.finished)) {
      notifier_.post(std::move(*n));
    }
  }
}

}  // namespace jaga::notify
