// Mutual TLS between the two agents. Both sides present a certificate issued by the office's
// own CA and accept only a peer whose certificate (1) chains to that CA, (2) is within its
// validity period, and (3) is pinned in the configuration by SHA-256 fingerprint or subject CN.
// All three are checked inside the TLS handshake by OpenSSL's verification callback, so a
// refused client never reaches an HTTP handler.
#pragma once

#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <string>
#include <vector>

#include "config/config.h"
#include "core/result.h"

namespace jaga::peer {

// The certificates a TLS context accepts; attached to the SSL_CTX, so it must outlive it.
struct PinSet {
  std::vector<config::PeerEntry> peers;
};

// The certificate's SHA-256 fingerprint, "AB:CD:..." as `openssl x509 -fingerprint -sha256`.
std::string fingerprint_of(X509* cert);
// The certificate's subject CN, empty when it has none.
std::string common_name_of(X509* cert);
// The pinned peer `cert` is, or nullptr.
const config::PeerEntry* pinned_peer(const PinSet& pins, X509* cert);

// Loads this agent's certificate and key (a key file group or others may read is refused) and
// the CA into `ctx`, requires TLS 1.2 or later, and requires and verifies the other side's
// certificate against the CA and `pins`.
Result<void> configure_mutual_tls(SSL_CTX& ctx, const config::PeerConfig& config,
                                  const PinSet& pins);

}  // namespace jaga::peer
