// The manifest's signature: manifest.json.p7s beside manifest.json, a detached CMS SignedData
// (DER; SHA-256, CAdES signed attributes, the signer's certificate included) over the manifest's
// exact bytes, made with this agent's own key ([peer] cert and key, from `jaga pki
// issue-agent`). It makes every field of the manifest - GTID, sizes, digests, SHA-256 of each
// file, the file list - tamper-evident: the files are checked against the manifest, and the
// manifest against the signature. Any tool verifies it:
//   openssl cms -verify -binary -inform DER -in manifest.json.p7s -content manifest.json
//           -CAfile ca.crt -purpose any
//
// A signature is accepted when it verifies, its certificate chains to [peer] ca and was valid
// when it signed, and the certificate is this agent's own or pinned in [[peer.peers]] (so the
// other host's agent verifies the backups of this one and the other way round).
#pragma once

#include <string>
#include <string_view>

#include "config/config.h"
#include "core/clock.h"
#include "core/result.h"
#include "core/status.h"

namespace jaga::backup {

inline constexpr const char* kManifestSignatureName = "manifest.json.p7s";

// Whether this agent has a key to sign manifests with ([peer] cert and key configured).
bool can_sign_manifests(const config::PeerConfig& peer);

// The DER signature of `manifest_text` with the agent's key, signed at `now`. Error naming the
// file when the key or certificate cannot be read, the key may be read by others, or the
// certificate is not valid at `now`.
Result<std::string> sign_manifest(std::string_view manifest_text, const config::PeerConfig& peer,
                                  TimePoint now);

struct SignatureVerdict {
  Status status = Status::kOk;  // OK: verified; WARN: not signed or not verifiable; CRIT: wrong
  std::string message;          // a sentence for the administrator, naming the file
};

// Checks BACKUP_DIR/manifest.json.p7s against `manifest_text` (the manifest's bytes as read).
// Not signed is WARN "manifest not signed" when this agent has no key, CRIT when it has one (it
// signs every backup it takes, so a missing signature may have been removed).
SignatureVerdict check_manifest_signature(const std::string& backup_dir,
                                          std::string_view manifest_text,
                                          const config::PeerConfig& peer, TimePoint now);

}  // namespace jaga::backup
