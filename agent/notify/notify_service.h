// What `jaga serve` runs for [notify]: a Notifier with the configured webhook and mail server,
// fed with every result the service records, notifying on changes to CRIT and back to OK.
#pragma once

#include <memory>
#include <mutex>
#include <vector>

#include "config/config.h"
#include "core/check_result.h"
#include "core/result.h"
#include "notify/notifier.h"

namespace jaga::notify {

class NotifyService {
 public:
  // Null without [notify]. Reads the webhook token and the SMTP password (a file group or others
  // may read is refused, named by its key).
  static Result<std::unique_ptr<NotifyService>> start(const config::NotifyConfig& config);

  // Safe from any thread; never blocks on delivery.
  void observe(const std::string& host, const std::vector<CheckResult>& results);
  // For other code (the workflow's overdue SOP steps).
  void post(Notification n) { notifier_.post(std::move(n)); }

 private:
  explicit NotifyService(std::vector<std::unique_ptr<Channel>> channels)
      : notifier_(std::move(channels)) {}
  std::mutex mutex_;
  StatusChanges changes_;
  Notifier notifier_;
};

// The secret in `file` (trailing newline removed), refused when group or others may read it.
Result<std::string> read_secret_file(const std::string& file, const std::string& key);

}  // namespace jaga::notify
