// Notifications: status changes to CRIT and back to OK, and reminders other code raises (an
// overdue SOP step), delivered to channels (a JSON webhook) by a worker thread. post() never
// blocks the caller: the queue is bounded (the oldest waiting notification is dropped and
// logged when it is full), and a failing channel is logged and retried with exponential
// backoff. Secrets (a webhook token) are never logged.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "core/status.h"

namespace jaga::notify {

struct Notification {
  std::string kind;  // "status_change", "reminder" or "step_due"
  std::string check;
  std::string host;
  Status status = Status::kOk;
  std::optional<Status> previous;
  std::string subject;  // one line
  std::string text;
  TimePoint at;
  // The e-mail's recipients when it is meant for particular people (the official whose SOP step
  // is due); empty: the configured notify.mail_to. The webhook gets it as "to".
  std::vector<std::string> to;
};

class Channel {
 public:
  virtual ~Channel() = default;
  virtual std::string name() const = 0;
  // Delivers or says why not; bounded by the channel's own timeout.
  virtual Result<void> send(const Notification& notification) = 0;
};

struct Backoff {
  std::chrono::milliseconds first{1000};
  std::chrono::milliseconds max{std::chrono::minutes(5)};
  int attempts = 8;  // then the notification is dropped (logged)
};

class Notifier {
 public:
  Notifier(std::vector<std::unique_ptr<Channel>> channels, size_t capacity = 100,
           Backoff backoff = {});
  ~Notifier();  // stops the worker; waiting notifications are dropped (logged)
  Notifier(const Notifier&) = delete;
  Notifier& operator=(const Notifier&) = delete;

  // Queues `n` for every channel; returns at once.
  void post(Notification n);
  // Delivered so far, per channel name (for tests and logs).
  size_t delivered(const std::string& channel) const;
  size_t dropped() const;

 private:
  struct Pending {
    Notification n;
    size_t channel;
    int attempt = 0;
    std::chrono::steady_clock::time_point due;
  };
  void work();

  std::vector<std::unique_ptr<Channel>> channels_;
  const size_t capacity_;
  const Backoff backoff_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Pending> queue_;
  std::map<std::string, size_t> delivered_;
  size_t dropped_ = 0;
  bool stopping_ = false;
  std::thread worker_;
};

// Decides from consecutive statuses of each (check, host) when to notify: on a change to CRIT,
// and on the change from CRIT (or from WARN/UNKNOWN after a CRIT) back to OK.
class StatusChanges {
 public:
  std::optional<Notification> observe(const std::string& check, const std::string& host,
                                      Status status, const std::string& summary, TimePoint at);

 private:
  std::map<std::pair<std::string, std::string>, Status> last_;
  std::map<std::pair<std::string, std::string>, bool> alerted_;
};

}  // namespace jaga::notify
