#include "net/listener.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <spdlog/spdlog.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

#include "net/client_address.h"
#include "net/connection.h"
#include "net/worker_pool.h"

namespace jaga::net {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr uint64_t kListenTag = 0;
constexpr uint64_t kWakeTag = 1;
constexpr uint64_t kFirstConnection = 2;
// After EMFILE with nothing to drop, accepting pauses this long.
constexpr milliseconds kAcceptPause{100};
// Refusals, drops and timeouts are logged as one summary at most this often.
constexpr std::chrono::seconds kSummaryEvery{60};

struct Counters {
  std::atomic<uint64_t> accepted{0}, refused_over_address_cap{0}, refused_full{0},
      dropped_for_newer{0}, timed_out{0}, closed_idle{0}, handshakes_failed{0}, requests_refused{0},
      requests_served{0};

  ListenerStats snapshot() const {
    return {accepted,    refused_over_address_cap, refused_full,     dropped_for_newer, timed_out,
            closed_idle, handshakes_failed,        requests_refused, requests_served};
  }
};

// A socket bound to host:port and listening; -1 and `error` set when none could be.
int bind_listening(const std::string& host, int port, std::string& error) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  const std::string service = std::to_string(port);
  if (const int rc = getaddrinfo(host.c_str(), service.c_str(), &hints, &found); rc != 0) {
    error = gai_strerror(rc);
    return -1;
  }
  int fd = -1;
  for (addrinfo* ai = found; ai != nullptr && fd < 0; ai = ai->ai_next) {
    fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol);
    if (fd < 0) {
      error = std::strerror(errno);
      continue;
    }
    const int yes = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    if (bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 || listen(fd, SOMAXCONN) != 0) {
      error = std::strerror(errno);
      close(fd);
      fd = -1;
    }
  }
  freeaddrinfo(found);
  return fd;
}

int bound_port(int fd) {
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) return -1;
  return client_address(addr).port;
}

}  // namespace

struct Listener::Impl {
  struct Entry {
    std::unique_ptr<Connection> connection;
    std::string cap_key;
    uint32_t events = 0;  // registered with epoll; 0: not registered
  };

  std::string name;
  ListenLimits limits;
  std::unique_ptr<HttpRouter> router;
  SslCtxPtr tls;
  int listen_fd = -1;
  int epoll_fd = -1;
  int wake_fd = -1;
  int port = 0;

  std::unordered_map<uint64_t, Entry> entries;
  std::unordered_map<std::string, int> per_address;
  uint64_t next_id = kFirstConnection;
  Clock::time_point next_check = Clock::time_point::max();
  Clock::time_point accept_paused_until = Clock::time_point::min();

  std::mutex done_mutex;
  std::vector<std::pair<uint64_t, RoutedResponse>> done;  // from workers
  std::atomic<bool> stopping{false};
  Counters counters;
  ListenerStats logged;  // counters as of the last summary
  Clock::time_point next_summary = Clock::time_point::min();

  std::unique_ptr<WorkerPool> pool;
  std::thread thread;

  ~Impl() {
    for (int fd : {listen_fd, epoll_fd, wake_fd}) {
      if (fd >= 0) close(fd);
    }
  }

  void loop();
  int timeout_ms(Clock::time_point now) const;
  void accept_all(Clock::time_point now);
  void admit(int fd, const sockaddr_storage& addr, Clock::time_point now);
  bool drop_oldest_waiting();
  void step(uint64_t id, Clock::time_point now);
  void serve(uint64_t id, Entry& entry, Clock::time_point now);
  void finish(uint64_t id);
  void take_responses(Clock::time_point now);
  void expire(Clock::time_point now);
  void summarize(Clock::time_point now);
  void watch(int fd, uint64_t tag, uint32_t events, uint32_t& registered);
};

void Listener::Impl::watch(int fd, uint64_t tag, uint32_t events, uint32_t& registered) {
  if (events == registered) return;
  epoll_event ev{};
  ev.events = events;
  ev.data.u64 = tag;
  const int op = events == 0 ? EPOLL_CTL_DEL : registered == 0 ? EPOLL_CTL_ADD : EPOLL_CTL_MOD;
  if (epoll_ctl(epoll_fd, op, fd, &ev) != 0) {
    spdlog::error("{}: epoll_ctl: {}", name, std::strerror(errno));
  }
  registered = events;
}

void Listener::Impl::loop() {
  epoll_event events[64];
  uint32_t listening = EPOLLIN;
  while (!stopping) {
    const int n = epoll_wait(epoll_fd, events, 64, timeout_ms(Clock::now()));
    if (n < 0 && errno != EINTR) {
      spdlog::error("{}: epoll_wait: {}", name, std::strerror(errno));
      std::this_thread::sleep_for(kAcceptPause);
    }
    const auto now = Clock::now();
    for (int i = 0; i < n && !stopping; ++i) {
      const uint64_t tag = events[i].data.u64;
      if (tag == kListenTag) {
        accept_all(now);
      } else if (tag == kWakeTag) {
        uint64_t ignored;
        if (read(wake_fd, &ignored, sizeof ignored) < 0) { /* already drained */
        }
        take_responses(now);
      } else {
        step(tag, now);
      }
    }
    if (now >= next_check) expire(now);
    // EMFILE paused accepting; resume once the pause is over.
    const bool paused = now < accept_paused_until;
    watch(listen_fd, kListenTag, paused ? 0u : static_cast<uint32_t>(EPOLLIN), listening);
    summarize(now);
  }
}

int Listener::Impl::timeout_ms(Clock::time_point now) const {
  Clock::time_point until = next_check;
  if (accept_paused_until > now) until = std::min(until, accept_paused_until);
  const ListenerStats c = counters.snapshot();
  const bool unlogged =
      c.refused_over_address_cap != logged.refused_over_address_cap ||
      c.refused_full != logged.refused_full || c.dropped_for_newer != logged.dropped_for_newer ||
      c.timed_out != logged.timed_out || c.handshakes_failed != logged.handshakes_failed;
  if (unlogged) until = std::min(until, next_summary);
  if (until == Clock::time_point::max()) return -1;  // idle: sleep until something happens
  if (until <= now) return 0;
  return static_cast<int>(std::chrono::ceil<milliseconds>(until - now).count());
}

void Listener::Impl::accept_all(Clock::time_point now) {
  for (;;) {
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    const int fd =
        accept4(listen_fd, reinterpret_cast<sockaddr*>(&addr), &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd >= 0) {
      admit(fd, addr, now);
      continue;
    }
    if (errno == EINTR || errno == ECONNABORTED) continue;
    if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
      if (drop_oldest_waiting()) continue;
      spdlog::warn("{}: cannot accept ({}); pausing for {} ms", name, std::strerror(errno),
                   kAcceptPause.count());
      accept_paused_until = now + kAcceptPause;
    } else if (errno != EAGAIN && errno != EWOULDBLOCK) {
      spdlog::error("{}: accept: {}", name, std::strerror(errno));
    }
    return;
  }
}

void Listener::Impl::admit(int fd, const sockaddr_storage& addr, Clock::time_point now) {
  ClientAddress client = client_address(addr);
  const auto counted = per_address.find(client.cap_key);
  if (counted != per_address.end() && counted->second >= limits.max_connections_per_address) {
    ++counters.refused_over_address_cap;
    close(fd);
    return;
  }
  if (entries.size() >= static_cast<size_t>(limits.max_connections) && !drop_oldest_waiting()) {
    ++counters.refused_full;
    close(fd);
    return;
  }
  const int yes = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
  RequestOrigin origin;
  origin.remote_ip = client.ip;
  origin.remote_port = client.port;
  sockaddr_storage local{};
  socklen_t local_len = sizeof local;
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&local), &local_len) == 0) {
    const ClientAddress here = client_address(local);
    origin.local_ip = here.ip;
    origin.local_port = here.port;
  }
  ++per_address[client.cap_key];
  ++counters.accepted;
  const uint64_t id = next_id++;
  entries[id] = Entry{std::make_unique<Connection>(fd, tls.get(), std::move(origin), limits, now),
                      client.cap_key, 0};
  step(id, now);
}

// Under pressure the connection that has waited longest in its phase without being served goes
// first: a client that completes its request in time is never the one dropped.
bool Listener::Impl::drop_oldest_waiting() {
  uint64_t oldest = 0;
  Clock::time_point since = Clock::time_point::max();
  for (const auto& [id, entry] : entries) {
    const Connection& c = *entry.connection;
    if (c.phase() != Connection::Phase::kServing && c.phase_started() < since) {
      since = c.phase_started();
      oldest = id;
    }
  }
  if (oldest == 0) return false;
  ++counters.dropped_for_newer;
  finish(oldest);
  return true;
}

void Listener::Impl::step(uint64_t id, Clock::time_point now) {
  const auto found = entries.find(id);
  if (found == entries.end()) return;  // closed earlier in this round
  Entry& entry = found->second;
  if (entry.connection->phase() == Connection::Phase::kServing) return;  // a worker has it
  const bool refused_before = entry.connection->refused_with() != 0;
  const Connection::Next next = entry.connection->advance(now);
  if (!refused_before && entry.connection->refused_with() != 0) ++counters.requests_refused;
  switch (next) {
    case Connection::Next::kRead:
      watch(entry.connection->fd(), id, EPOLLIN, entry.events);
      break;
    case Connection::Next::kWrite:
      watch(entry.connection->fd(), id, EPOLLOUT, entry.events);
      break;
    case Connection::Next::kServe:
      serve(id, entry, now);
      return;
    case Connection::Next::kClose:
      finish(id);
      return;
  }
  next_check = std::min(next_check, entry.connection->deadline());
}

void Listener::Impl::serve(uint64_t id, Entry& entry, Clock::time_point now) {
  Connection& c = *entry.connection;
  // While a worker has it, the socket is not watched: nothing is read, nothing can time out.
  watch(c.fd(), id, 0, entry.events);
  auto job = [this, id, request = c.take_request(), origin = c.origin(), last = c.last_request(),
              continued = c.continue_sent()] {
    RoutedResponse response = router->serve(request, origin, last, continued);
    {
      std::lock_guard lock(done_mutex);
      done.emplace_back(id, std::move(response));
    }
    const uint64_t one = 1;
    if (write(wake_fd, &one, sizeof one) < 0) { /* the counter is full: a wake is pending */
    }
  };
  if (!pool->try_submit(std::move(job))) {
    c.refuse(503, "the server is busy; try again", now);
    ++counters.requests_refused;
    step(id, now);
  }
}

void Listener::Impl::take_responses(Clock::time_point now) {
  std::vector<std::pair<uint64_t, RoutedResponse>> ready;
  {
    std::lock_guard lock(done_mutex);
    ready.swap(done);
  }
  for (auto& [id, response] : ready) {
    const auto found = entries.find(id);
    if (found == entries.end()) continue;
    ++counters.requests_served;
    found->second.connection->respond(std::move(response), now);
    step(id, now);
  }
}

void Listener::Impl::finish(uint64_t id) {
  const auto found = entries.find(id);
  if (found == entries.end()) return;
  Entry& entry = found->second;
  const Connection& c = *entry.connection;
  if (c.end() == Connection::End::kTimedOut) ++counters.timed_out;
  if (c.end() == Connection::End::kIdle) ++counters.closed_idle;
  if (c.end() == Connection::End::kHandshakeFailed) ++counters.handshakes_failed;
  watch(c.fd(), id, 0, entry.events);
  if (--per_address[entry.cap_key] <= 0) per_address.erase(entry.cap_key);
  entries.erase(found);
}

void Listener::Impl::expire(Clock::time_point now) {
  std::vector<uint64_t> due;
  next_check = Clock::time_point::max();
  for (const auto& [id, entry] : entries) {
    const Clock::time_point deadline = entry.connection->deadline();
    if (deadline <= now) {
      due.push_back(id);
    } else {
      next_check = std::min(next_check, deadline);
    }
  }
  for (uint64_t id : due) {
    entries.at(id).connection->expire();
    finish(id);
  }
}

void Listener::Impl::summarize(Clock::time_point now) {
  if (now < next_summary) return;
  const ListenerStats c = counters.snapshot();
  std::vector<std::string> parts;
  auto add = [&](uint64_t now_count, uint64_t then, const char* what) {
    if (now_count > then) parts.push_back(fmt::format("{} {}", now_count - then, what));
  };
  add(c.refused_over_address_cap, logged.refused_over_address_cap,
      "connection(s) refused over the per-address cap");
  add(c.refused_full, logged.refused_full, "refused at the connection cap");
  add(c.dropped_for_newer, logged.dropped_for_newer, "dropped at the connection cap");
  add(c.timed_out, logged.timed_out, "closed for being too slow or idle too long");
  add(c.handshakes_failed, logged.handshakes_failed, "TLS handshake(s) failed");
  if (parts.empty()) return;
  spdlog::warn("{}: {} (limits: {} per address, {} in all)", name, fmt::join(parts, ", "),
               limits.max_connections_per_address, limits.max_connections);
  logged = c;
  next_summary = now + kSummaryEvery;
}

Listener::Listener(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Listener::~Listener() {
  impl_->stopping = true;
  const uint64_t one = 1;
  if (write(impl_->wake_fd, &one, sizeof one) < 0) { /* a wake is pending anyway */
  }
  if (impl_->thread.joinable()) impl_->thread.join();
  impl_->pool.reset();  // waits for running handlers, which may still read a connection's SSL
  impl_->entries.clear();
}

int Listener::port() const { return impl_->port; }
ListenerStats Listener::stats() const { return impl_->counters.snapshot(); }

Result<std::unique_ptr<Listener>> Listener::start(const std::string& name, const std::string& host,
                                                  int port, const ListenLimits& limits,
                                                  std::unique_ptr<HttpRouter> router,
                                                  SslCtxPtr tls) {
  auto impl = std::make_unique<Impl>();
  impl->name = name;
  impl->limits = limits;
  // The checks need file descriptors too (database connections, the store): the listeners of
  // one process together never take more than three quarters of them.
  rlimit files{};
  if (getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur != RLIM_INFINITY) {
    const int share = std::max(16, static_cast<int>(files.rlim_cur / 4));
    if (impl->limits.max_connections > share) {
      spdlog::warn(
          "{}: at most {} connections at once (a quarter of the {} open files allowed; "
          "LimitNOFILE= raises it)",
          name, share, files.rlim_cur);
      impl->limits.max_connections = share;
    }
  }
  impl->router = std::move(router);
  impl->tls = std::move(tls);
  // What httplib writes into each response's Keep-Alive header, and its own body cap.
  impl->router->set_keep_alive_timeout(
      std::max<time_t>(1, std::chrono::ceil<std::chrono::seconds>(limits.idle_timeout).count()));
  impl->router->set_keep_alive_max_count(static_cast<size_t>(limits.max_requests_per_connection));
  impl->router->set_payload_max_length(limits.max_body_bytes);

  std::string error;
  impl->listen_fd = bind_listening(host, port, error);
  if (impl->listen_fd < 0)
    return Error{fmt::format("cannot listen on {}:{}: {}", host, port, error)};
  impl->port = bound_port(impl->listen_fd);
  impl->epoll_fd = epoll_create1(EPOLL_CLOEXEC);
  impl->wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (impl->epoll_fd < 0 || impl->wake_fd < 0 || impl->port <= 0) {
    return Error{fmt::format("{}: cannot set up the listener: {}", name, std::strerror(errno))};
  }
  uint32_t listening = 0;
  uint32_t waking = 0;
  impl->watch(impl->listen_fd, kListenTag, EPOLLIN, listening);
  impl->watch(impl->wake_fd, kWakeTag, EPOLLIN, waking);
  impl->pool = std::make_unique<WorkerPool>(limits.workers, limits.max_queued);
  Impl* self = impl.get();
  impl->thread = std::thread([self] { self->loop(); });
  return std::unique_ptr<Listener>(new Listener(std::move(impl)));
}

}  // namespace jaga::net
