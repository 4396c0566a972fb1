#include "backup/manifest_signature.h"

#include <fmt/format.h>
#include <openssl/pem.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>

#include "peer/mutual_tls.h"
#include "sign/cades.h"
#include "sign/certificate_info.h"
#include "sign/key_files.h"
#include "sign/trust_store.h"

namespace jaga::backup {
namespace {

// A signature is a few kilobytes (one certificate); more is not ours.
constexpr off_t kMaxSignatureBytes = 1 << 20;

Result<sign::EvpPkeyPtr> read_agent_key(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    return Error{fmt::format("cannot read peer.key {}: {}", path, std::strerror(errno))};
  }
  if ((st.st_mode & 077) != 0) {
    return Error{
        fmt::format("peer.key {} may be read by group or others (mode {:04o}); chmod 600 it", path,
                    st.st_mode & 07777)};
  }
  auto pem = sign::read_file(path);
  if (!pem) return pem.error();
  sign::BioPtr bio = sign::memory_bio(*pem);
  sign::EvpPkeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
  if (!key) {
    return Error{fmt::format("peer.key {} is not an unencrypted PEM private key: {}", path,
                             sign::openssl_reason())};
  }
  return key;
}

std::string signer_words(X509* cert) {
  return fmt::format("\"{}\" (SHA-256 {})", peer::common_name_of(cert), peer::fingerprint_of(cert));
}

}  // namespace

bool can_sign_manifests(const config::PeerConfig& peer) {
  return peer.enabled && !peer.cert.empty() && !peer.key.empty();
}

Result<std::string> sign_manifest(std::string_view manifest_text, const config::PeerConfig& peer,
                                  TimePoint now) {
  auto key = read_agent_key(peer.key);
  if (!key) return key.error();
  auto cert = sign::read_certificate_file(peer.cert);
  if (!cert) return Error{cert.error().message + " (peer.cert)"};
  if (X509_check_private_key(cert->get(), key->get()) != 1) {
    sign::clear_openssl_errors();
    return Error{fmt::format("peer.key {} does not belong to peer.cert {}", peer.key, peer.cert)};
  }
  sign::SigningIdentity identity;
  identity.id = "agent";
  identity.info = sign::describe(cert->get());
  identity.name = identity.info.common_name;
  identity.key = std::move(*key);
  identity.cert = std::move(*cert);
  auto der = sign::cades_sign(manifest_text, identity, now);
  if (!der) return Error{"cannot sign the manifest with peer.key: " + der.error().message};
  return *der;
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
  auto checked = sign::cades_check(text, *der);
  if (!checked) return {Status::kCrit, fmt::format("{}: {}", path, checked.error().message)};
  if (!checked->problem.empty()) {
    return {Status::kCrit, fmt::format("the manifest was changed after it was signed, or {} is "
                                       "damaged: {}",
                                       path, checked->problem)};
  }
  auto anchors = sign::read_certificate_bundle(peer.ca);
  if (!anchors) return {Status::kCrit, anchors.error().message + " (peer.ca)"};
  sign::TrustStore trust;
  for (auto& anchor : *anchors) trust.add_anchor(std::move(anchor), false);
  X509* signer = checked->signer.get();
  const TimePoint signed_at = checked->signing_time.value_or(now);
  if (signed_at > now + std::chrono::minutes(5)) {
    return {Status::kCrit,
            fmt::format("{}: signed at {}, in the future", path, format_utc(signed_at))};
  }
  if (auto chain = trust.verify_chain(signer, checked->certs, signed_at); !chain) {
    return {Status::kCrit, fmt::format("{}: the manifest is signed by {}, which peer.ca does not "
                                       "vouch for: {}",
                                       path, signer_words(signer), chain.error().message)};
  }
  auto own = sign::read_certificate_file(peer.cert);
  const bool is_own = own && peer::fingerprint_of(own->get()) == peer::fingerprint_of(signer);
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
                      format_utc(signed_at))};
}

}  // namespace jaga::backup
