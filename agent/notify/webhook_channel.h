// A generic JSON webhook: each notification is POSTed as
//   {"kind", "check", "host", "status", "previous", "subject", "text", "at"}
// with libcurl, bounded by a timeout. An optional bearer token (from a file or the environment,
// never from the configuration itself) goes into the Authorization header and nowhere else.
#pragma once

#include <string>

#include "notify/notifier.h"

namespace jaga::notify {

std::string notification_json(const Notification& n);

class WebhookChannel final : public Channel {
 public:
  WebhookChannel(std::string url, std::string token, long timeout_seconds = 10);
  std::string name() const override { return "webhook " + url_; }
  Result<void> send(const Notification& n) override;

 private:
  std::string url_;
  std::string token_;  // secret: never logged
  long timeout_seconds_;
};

}  // namespace jaga::notify
