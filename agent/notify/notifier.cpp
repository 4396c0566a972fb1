#include "notify/notifier.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace jaga::notify {

Notifier::Notifier(std::vector<std::unique_ptr<Channel>> channels, size_t capacity, Backoff backoff)
    : channels_(std::move(channels)), capacity_(capacity), backoff_(backoff) {
  worker_ = std::thread([this] { work(); });
}

Notifier::~Notifier() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    if (!queue_.empty()) {
      spdlog::warn("notifications: stopping with {} undelivered", queue_.size());
    }
  }
  wake_.notify_all();
  worker_.join();
}

void Notifier::post(Notification n) {
  {
    std::lock_guard lock(mutex_);
    for (size_t c = 0; c < channels_.size(); ++c) {
      if (queue_.size() >= capacity_) {
        spdlog::warn("notifications: queue full, dropping \"{}\" for {}", queue_.front().n.subject,
                     channels_[queue_.front().channel]->name());
        queue_.pop_front();
        ++dropped_;
      }
      queue_.push_back(Pending{n, c, 0, std::chrono::steady_clock::now()});
    }
  }
  wake_.notify_all();
}

size_t Notifier::delivered(const std::string& channel) const {
  std::lock_guard lock(mutex_);
  auto it = delivered_.find(channel);
  return it == delivered_.end() ? 0 : it->second;
}

size_t Notifier::dropped() const {
  std::lock_guard lock(mutex_);
  return dropped_;
}

void Notifier::work() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    if (queue_.empty()) {
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      continue;
    }
    // The earliest due notification; FIFO among those due.
    auto next = queue_.begin();
    for (auto it = queue_.begin(); it != queue_.end(); ++it) {
      if (it->due < next->due) next = it;
    }
    if (next->due > std::chrono::steady_clock::now()) {
      // A copy: post() may drop the element while the lock is released during the wait.
      const auto due = next->due;
      wake_.wait_until(lock, due);
      continue;
    }
    Pending p = std::move(*next);
    queue_.erase(next);
    lock.unlock();
    Channel& channel = *channels_[p.channel];
    Result<void> sent = channel.send(p.n);
    lock.lock();
    if (sent) {
      ++delivered_[channel.name()];
      continue;
    }
    ++p.attempt;
    if (p.attempt >= backoff_.attempts) {
      spdlog::error("notification \"{}\" via {} given up after {} attempts: {}", p.n.subject,
                    channel.name(), p.attempt, sent.error().message);
      ++dropped_;
      continue;
    }
    auto delay = backoff_.first * (1 << std::min(p.attempt - 1, 20));
    if (delay > backoff_.max) delay = backoff_.max;
    spdlog::warn("notification \"{}\" via {} failed (attempt {}), retrying in {} ms: {}",
                 p.n.subject, channel.name(), p.attempt, delay.count(), sent.error().message);
    p.due = std::chrono::steady_clock::now() + delay;
    queue_.push_back(std::move(p));
  }
}

std::optional<Notification> StatusChanges::observe(const std::string& check,
                                                   const std::string& host, Status status,
                                                   const std::string& summary, TimePoint at) {
  const auto key = std::make_pair(check, host);
  const auto last = last_.find(key);
  const std::optional<Status> previous =
      last == last_.end() ? std::nullopt : std::optional<Status>(last->second);
  last_[key] = status;
  bool& alerted = alerted_[key];
  Notification n;
  n.kind = "status_change";
  n.check = check;
  n.host = host;
  n.status = status;
  n.previous = previous;
  n.at = at;
  n.text = summary;
  if (status == Status::kCrit && previous != Status::kCrit) {
    alerted = true;
    n.subject = fmt::format("[jaga] CRIT: {} on {}", check, host);
    return n;
  }
  if (status == Status::kOk && alerted) {
    alerted = false;
    n.subject = fmt::format("[jaga] OK again: {} on {}", check, host);
    return n;
  }
  return std::nullopt;
}

}  // namespace jaga::notify
