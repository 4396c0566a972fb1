// [peer] and [metrics]: how the agents on the two servers reach each other, and where the
// Prometheus endpoint listens. Files named here are only read when `jaga serve` starts them.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>

#include "config/config.h"
#include "config/table_reader.h"

namespace jaga::config {
namespace {

// "AB:cd:..." or "abcd..." as 32 upper-case hex bytes joined by colons, or empty when `text`
// is not 64 hex digits.
std::string normalized_fingerprint(const std::string& text) {
  std::string hex;
  for (char c : text) {
    if (c == ':') continue;
    if (!std::isxdigit(static_cast<unsigned char>(c))) return "";
    hex += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  if (hex.size() != 64) return "";
  std::string out;
  for (size_t i = 0; i < hex.size(); i += 2) {
    if (!out.empty()) out += ':';
    out += hex.substr(i, 2);
  }
  return out;
}

bool valid_url(const std::string& url) {
  constexpr std::string_view kScheme = "https://";
  if (!url.starts_with(kScheme)) return false;
  std::string host;
  int port = 0;
  std::string rest = url.substr(kScheme.size());
  if (rest.ends_with("/")) rest.pop_back();
  return split_listen(rest, host, port).ok();
}

void read_peer_entry(TableReader& r, PeerEntry& p) {
  r.string("name", p.name, true);
  r.string("url", p.url);
  std::string fingerprint;
  r.string("fingerprint", fingerprint);
  r.string("cn", p.cn);
  r.string("display_name", p.display_name);
  r.boolean("coordinator", p.coordinator);
  if (r.error) return;
  if (!p.url.empty() && !valid_url(p.url)) {
    return r.fail_at("url", fmt::format("must be https://HOST:PORT, got \"{}\"", p.url));
  }
  if (!fingerprint.empty()) {
    p.fingerprint = normalized_fingerprint(fingerprint);
    if (p.fingerprint.empty()) {
      return r.fail_at("fingerprint",
                       "must be the certificate's SHA-256 fingerprint, 64 hex digits (colons "
                       "allowed), as printed by: openssl x509 -noout -fingerprint -sha256 -in "
                       "CERT");
    }
  }
  if (p.fingerprint.empty() == p.cn.empty()) {
    r.fail_here(
        fmt::format("peer '{}' must be pinned by exactly one of 'fingerprint' or 'cn'", p.name));
  }
}

}  // namespace

Result<void> split_listen(const std::string& text, std::string& host, int& port) {
  const Error wrong{fmt::format("\"{}\" is not HOST:PORT (an IPv6 address as [::1]:PORT)", text)};
  const size_t colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0) return wrong;
  host = text.substr(0, colon);
  if (host.front() == '[') {
    if (host.size() < 3 || host.back() != ']') return wrong;
    host = host.substr(1, host.size() - 2);
  } else if (host.find(':') != std::string::npos) {
    return wrong;
  }
  const std::string digits = text.substr(colon + 1);
  if (digits.empty() || digits.size() > 5) return wrong;
  for (char c : digits) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return wrong;
  }
  port = std::stoi(digits);
  if (port < 1 || port > 65535) return wrong;
  return Ok();
}

void read_peer(TableReader& r, PeerConfig& peer) {
  peer.enabled = true;
  r.one_of("role", peer.role,
           std::map<std::string, PeerRole>{{"agent", PeerRole::kAgent},
                                           {"coordinator", PeerRole::kCoordinator}});
  std::string listen;
  r.string("listen", listen);
  r.string("cert", peer.cert, true);
  r.string("key", peer.key, true);
  r.string("ca", peer.ca, true);
  r.integer("pull_interval_seconds", peer.pull_interval_seconds, 1, 86400);
  r.integer("pull_batch", peer.pull_batch, 1, 100000);
  r.integer("unreachable_warn_after_seconds", peer.unreachable_warn_after_seconds, 0, 604800);
  r.integer("unreachable_crit_after_seconds", peer.unreachable_crit_after_seconds, 0, 604800);
  r.integer("connect_timeout_seconds", peer.connect_timeout_seconds, 1, 300);
  r.integer("read_timeout_seconds", peer.read_timeout_seconds, 1, 3600);
  r.integer("max_sessions", peer.max_sessions, 0, 16);
  r.integer("session_timeout_seconds", peer.session_timeout_seconds, 5, 3600);
  r.tables("peers", [&](TableReader& t) {
    PeerEntry entry;
    read_peer_entry(t, entry);
    peer.peers.push_back(std::move(entry));
  });
  if (r.error) return;
  if (!listen.empty()) {
    if (auto split = split_listen(listen, peer.listen_host, peer.listen_port); !split) {
      return r.fail_at("listen", split.error().message);
    }
  }
  if (peer.unreachable_warn_after_seconds > peer.unreachable_crit_after_seconds) {
    return r.fail_here(
        "'peer.unreachable_warn_after_seconds' must not be greater than "
        "'peer.unreachable_crit_after_seconds'");
  }
  for (size_t i = 0; i < peer.peers.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (peer.peers[i].name == peer.peers[j].name) {
        return r.fail_here(
            fmt::format("peer '{}' is listed twice in [[peer.peers]]", peer.peers[i].name));
      }
    }
  }
  const bool pulls = std::any_of(peer.peers.begin(), peer.peers.end(),
                                 [](const PeerEntry& p) { return !p.url.empty(); });
  if (peer.role == PeerRole::kCoordinator && !pulls) {
    return r.fail_here(
        "peer.role = \"coordinator\" needs at least one [[peer.peers]] entry with a url to pull "
        "from");
  }
  if (peer.role == PeerRole::kAgent && listen.empty()) {
    return r.fail_here(
        "peer.role = \"agent\" needs 'peer.listen' (HOST:PORT) for the coordinator to pull from");
  }
  if (!listen.empty() && peer.peers.empty()) {
    return r.fail_here(
        "'peer.listen' is set but no [[peer.peers]] entry pins who may connect; every client "
        "would be refused");
  }
}

void read_metrics(TableReader& r, MetricsConfig& metrics) {
  std::string listen = "127.0.0.1:9477";
  r.string("listen", listen);
  if (r.error) return;
  if (auto split = split_listen(listen, metrics.listen_host, metrics.listen_port); !split) {
    r.fail_at("listen", split.error().message);
  }
}

}  // namespace jaga::config
