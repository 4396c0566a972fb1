// The agent's own key ([peer] cert and key, from `jaga pki issue-agent`) as a signer of what the
// agent itself vouches for: backup manifests (backup/manifest_signature.h) and agenda book
// entries (agenda/agenda_book.h). A signature is a detached CMS SignedData (DER; SHA-256, CAdES
// signed attributes, the certificate included), which `openssl cms -verify` also checks.
#pragma once

#include <string>
#include <string_view>

#include "config/config.h"
#include "core/clock.h"
#include "core/result.h"
#include "sign/cades.h"
#include "sign/trust_store.h"

namespace jaga::sign {

// Whether [peer] names a key to sign with (cert and key configured).
bool has_agent_key(const config::PeerConfig& peer);

// The DER signature of `content` with peer.key, signed at `now`. Error naming the file when the
// key or certificate cannot be read, the key may be read by others (mode wider than 0600), does
// not belong to the certificate, or the certificate is not valid at `now`.
Result<std::string> sign_as_agent(std::string_view content, const config::PeerConfig& peer,
                                  TimePoint now);

// A signature checked: over `content`, and by a certificate that chains to peer.ca at the time
// it says it signed (not after `now` + 5 minutes).
struct AgentSignature {
  CmsCheck cms;         // the signer and its certificates
  TimePoint signed_at;  // the signing time it carries (`now` when it carries none)
  std::string problem;  // empty: it verifies and chains; else a sentence
};

// Checks signatures made with agent keys against peer.ca, which it reads once (as it does this
// agent's own certificate), so that a whole agenda book is checked without reading them again.
class AgentSignatureChecker {
 public:
  // Error naming the file when peer.ca cannot be read.
  static Result<AgentSignatureChecker> load(const config::PeerConfig& peer);
  // Error only when `der` is not a SignedData.
  Result<AgentSignature> check(std::string_view content, std::string_view der, TimePoint now) const;
  // Whether `cert` is this agent's own certificate (peer.cert).
  bool is_own(X509* cert) const;

 private:
  TrustStore trust_;
  std::string own_fingerprint_;  // empty when peer.cert cannot be read
};

}  // namespace jaga::sign
