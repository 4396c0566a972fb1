#include "schedule/wakeup.h"

#include <fmt/format.h>
#include <poll.h>
#include <pthread.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>

namespace jaga::schedule {

Wakeup::Fd::~Fd() {
  if (fd_ >= 0) close(fd_);
}

Result<std::unique_ptr<Wakeup>> Wakeup::create() {
  sigset_t mask;
  sigemptyset(&mask);
  for (int signal : {SIGTERM, SIGINT, SIGHUP}) sigaddset(&mask, signal);
  sigset_t old_mask;
  if (const int rc = pthread_sigmask(SIG_BLOCK, &mask, &old_mask); rc != 0) {
    return Error{fmt::format("cannot block the service's signals: {}", std::strerror(rc))};
  }
  Fd signal_fd(signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK));
  const int signal_errno = errno;
  Fd event_fd(eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
  const int event_errno = errno;
  Fd timer_fd(timerfd_create(CLOCK_REALTIME, TFD_CLOEXEC | TFD_NONBLOCK));
  const int timer_errno = errno;
  if (signal_fd.get() < 0 || event_fd.get() < 0 || timer_fd.get() < 0) {
    pthread_sigmask(SIG_SETMASK, &old_mask, nullptr);
    const int error = signal_fd.get() < 0  ? signal_errno
                      : event_fd.get() < 0 ? event_errno
                                           : timer_errno;
    return Error{fmt::format("cannot set up the service's wakeups: {}", std::strerror(error))};
  }
  return std::unique_ptr<Wakeup>(
      new Wakeup(std::move(signal_fd), std::move(event_fd), std::move(timer_fd), old_mask));
}

Wakeup::Wakeup(Fd signal_fd, Fd event_fd, Fd timer_fd, const sigset_t& old_mask)
    : signal_fd_(std::move(signal_fd)),
      event_fd_(std::move(event_fd)),
      timer_fd_(std::move(timer_fd)),
      old_mask_(old_mask) {}

Wakeup::~Wakeup() { pthread_sigmask(SIG_SETMASK, &old_mask_, nullptr); }

void Wakeup::notify() {
  const uint64_t one = 1;
  // Only fails when the counter would overflow, and then a wakeup is pending anyway.
  [[maybe_unused]] const ssize_t n = write(event_fd_.get(), &one, sizeof one);
}

std::optional<int> Wakeup::take_signal() {
  signalfd_siginfo info{};
  if (read(signal_fd_.get(), &info, sizeof info) != static_cast<ssize_t>(sizeof info)) {
    return std::nullopt;
  }
  return static_cast<int>(info.ssi_signo);
}

bool Wakeup::take_notification() {
  uint64_t count = 0;
  return read(event_fd_.get(), &count, sizeof count) == static_cast<ssize_t>(sizeof count);
}

// Arms the timer for `deadline`, or disarms it for TimePoint::max(). False when the deadline
// has already passed.
bool Wakeup::arm(TimePoint deadline) {
  itimerspec spec{};
  if (deadline != TimePoint::max()) {
    if (deadline <= std::chrono::system_clock::now()) return false;
    const auto ns =
        std::chrono::duration_cast<std::chrono::nanoseconds>(deadline.time_since_epoch()).count();
    spec.it_value.tv_sec = static_cast<time_t>(ns / 1000000000);
    spec.it_value.tv_nsec = static_cast<long>(ns % 1000000000);
  }
  timerfd_settime(timer_fd_.get(), TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET, &spec, nullptr);
  return true;
}

Wakeup::Event Wakeup::wait(TimePoint deadline) {
  for (;;) {
    if (const auto signal = take_signal()) return {Reason::kSignal, *signal};
    if (take_notification()) return {Reason::kNotified};
    if (!arm(deadline)) return {Reason::kDeadline};
    pollfd fds[] = {
        {signal_fd_.get(), POLLIN, 0}, {event_fd_.get(), POLLIN, 0}, {timer_fd_.get(), POLLIN, 0}};
    if (poll(fds, 3, -1) < 0) continue;  // EINTR: look again
    if (fds[2].revents == 0) continue;   // a signal or a note: reported at the top
    uint64_t expirations = 0;
    if (read(timer_fd_.get(), &expirations, sizeof expirations) < 0) {
      if (errno == ECANCELED) return {Reason::kClockChanged};
      continue;  // EAGAIN: the timer was re-armed meanwhile
    }
    return {Reason::kDeadline};
  }
}

}  // namespace jaga::schedule
