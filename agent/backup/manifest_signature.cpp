#include "backup/manifest_signature.h"

#include <fmt/format.h>
#include <sys/stat.h>

#include "peer/mutual_tls.h"
#include "sign/agent_key.h"
#include "sign/key_files.h"

namespace jaga::backup {
namespace {

// A signature is a few kilobytes (one certificate); more is not ours.
constexpr off_t kMaxSignatureBytes = 1 << 20;

std::string signer_words(X509* cert) {
  return fmt::format("\"{}\" (SHA-256 {})", peer::common_name_of(cert), peer::fingerprint_of(cert));
}

}  // namespace

bool can_sign_manifests(const config::PeerConfig& peer) { return sign::has_agent_key(peer); }

Result<std::string> sign_manifest(std::string_view manifest_text, const config::PeerConfig& peer,
                                  TimePoint now) {
  auto der = sign::sign_as_agent(manifest_text, peer, now);
  if (!der) return Error{"the manifest: " + der.error().message};
  return der;
}

SignatureVerdict check_manifest_signature(const std::string& dir, std::string_view text,
                                          const config::PeerConfig& peer, TimePoint now) {
  const std::string path = dir + "/" + kManifestSignatureName;
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) {
    if (can_sign_manifests(peer)) {
      return {Status::kCrit,
              fmt::format("{} is missing: the manifest is not signed although this agent signs "
                          "every backup it takes, so the signature may have been removed and the "
                          "manifest changed",
                          path)};
    }
    return {Status::kWarn,
            "manifest not signed: this agent has no key ([peer] cert and key, from `jaga pki "
            "issue-agent`), so a changed manifest would go unnoticed"};
  }
  if (!S_ISREG(st.st_mode) || st.st_size > kMaxSignatureBytes) {
    return {Status::kCrit, fmt::format("{} is not a signature file (a regular file of at most {} "
                                       "bytes)",
                                       path, kMaxSignatureBytes)};
  }
  if (!peer.enabled || peer.ca.empty()) {
    return {Status::kWarn, fmt::format("manifest signature {} not verified: no [peer] ca to verify "
                                       "it with",
                                       path)};
  }
  auto der = sign::read_file(path);
  if (!der) return {Status::kCrit, der.error().message};
  auto checker = sign::AgentSignatureChecker::load(peer);
  if (!checker) return {Status::kCrit, fmt::format("{}: {}", path, checker.error().message)};
  auto checked = checker->check(text, *der, now);
  if (!checked) return {Status::kCrit, fmt::format("{}: {}", path, checked.error().message)};
  if (!checked->cms.problem.empty()) {
    return {Status::kCrit, fmt::format("the manifest was changed after it was signed, or {} is "
                                       "damaged: {}",
                                       path, checked->problem)};
  }
  if (!checked->problem.empty()) {
    return {Status::kCrit, fmt::format("{}: the manifest is {}", path, checked->problem)};
  }
  X509* signer = checked->cms.signer.get();
  const bool is_own = checker->is_own(signer);
  const peer::PinSet pins{peer.peers};
  const config::PeerEntry* pinned = peer::pinned_peer(pins, signer);
  if (!is_own && pinned == nullptr) {
    return {Status::kCrit,
            fmt::format("{}: the manifest is signed by {}, which is not this agent's "
                        "certificate and not pinned in [[peer.peers]]",
                        path, signer_words(signer))};
  }
  return {Status::kOk,
          fmt::format("manifest signed by {} at {}", is_own ? "this agent" : "peer " + pinned->name,
                      format_utc(checked->signed_at))};
}

}  // namespace jaga::backup
