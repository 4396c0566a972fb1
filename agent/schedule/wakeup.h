// What the service's main thread sleeps on: a signal (SIGTERM, SIGINT, SIGHUP), a note from a
// job thread, or a wall-clock deadline. It sleeps in poll(2) on a signalfd, an eventfd and a
// timerfd, so an idle agent uses no CPU at all, and the deadline is absolute CLOCK_REALTIME
// with TFD_TIMER_CANCEL_ON_SET: when the system clock is set (NTP step, administrator) or the
// machine resumes from suspend, the sleeper wakes and recomputes instead of oversleeping.
#pragma once

#include <signal.h>

#include <memory>
#include <optional>

#include "core/clock.h"
#include "core/result.h"

namespace jaga::schedule {

class Wakeup {
 public:
  // Blocks SIGTERM, SIGINT and SIGHUP in the calling thread and routes them to the signalfd.
  // REQUIRES: called before any other thread starts, so every thread inherits the mask.
  static Result<std::unique_ptr<Wakeup>> create();
  ~Wakeup();  // closes the descriptors and restores the signal mask
  Wakeup(const Wakeup&) = delete;
  Wakeup& operator=(const Wakeup&) = delete;

  enum class Reason { kSignal, kNotified, kDeadline, kClockChanged };
  struct Event {
    Reason reason;
    int signal = 0;  // for kSignal
  };

  // Sleeps until a signal arrives, notify() is called, `deadline` (system clock) passes or the
  // system clock is set. TimePoint::max() means no deadline. Pending signals are reported
  // first, one per call; several notify() calls before a wait collapse into one kNotified.
  Event wait(TimePoint deadline);

  // Wakes wait(). Safe from any thread.
  void notify();

 private:
  // Owns one file descriptor.
  class Fd {
   public:
    explicit Fd(int fd) : fd_(fd) {}
    ~Fd();
    Fd(Fd&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
    Fd& operator=(Fd&&) = delete;
    int get() const { return fd_; }

   private:
    int fd_;
  };

  Wakeup(Fd signal_fd, Fd event_fd, Fd timer_fd, const sigset_t& old_mask);
  std::optional<int> take_signal();
  bool take_notification();
  bool arm(TimePoint deadline);

  Fd signal_fd_;
  Fd event_fd_;
  Fd timer_fd_;
  sigset_t old_mask_;
};

}  // namespace jaga::schedule
