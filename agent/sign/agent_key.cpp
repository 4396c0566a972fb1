#include "sign/agent_key.h"

#include <fmt/format.h>
#include <openssl/pem.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>

#include "sign/certificate_info.h"
#include "sign/key_files.h"

namespace jaga::sign {
namespace {

Result<EvpPkeyPtr> read_agent_key(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    return Error{fmt::format("cannot read peer.key {}: {}", path, std::strerror(errno))};
  }
  if ((st.st_mode & 077) != 0) {
    return Error{
        fmt::format("peer.key {} may be read by group or others (mode {:04o}); chmod 600 it", path,
                    st.st_mode & 07777)};
  }
  auto pem = read_file(path);
  if (!pem) return pem.error();
  BioPtr bio = memory_bio(*pem);
  EvpPkeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
  if (!key) {
    return Error{fmt::format("peer.key {} is not an unencrypted PEM private key: {}", path,
                             openssl_reason())};
  }
  return key;
}

}  // namespace

bool has_agent_key(const config::PeerConfig& peer) {
  return peer.enabled && !peer.cert.empty() && !peer.key.empty();
}

Result<std::string> sign_as_agent(std::string_view content, const config::PeerConfig& peer,
                                  TimePoint now) {
  auto key = read_agent_key(peer.key);
  if (!key) return key.error();
  auto cert = read_certificate_file(peer.cert);
  if (!cert) return Error{cert.error().message + " (peer.cert)"};
  if (X509_check_private_key(cert->get(), key->get()) != 1) {
    clear_openssl_errors();
    return Error{fmt::format("peer.key {} does not belong to peer.cert {}", peer.key, peer.cert)};
  }
  SigningIdentity identity;
  identity.id = "agent";
  identity.info = describe(cert->get());
  identity.name = identity.info.common_name;
  identity.key = std::move(*key);
  identity.cert = std::move(*cert);
  auto der = cades_sign(content, identity, now);
  if (!der) return Error{"cannot sign with peer.key: " + der.error().message};
  return *der;
}

Result<AgentSignatureChecker> AgentSignatureChecker::load(const config::PeerConfig& peer) {
  auto anchors = read_certificate_bundle(peer.ca);
  if (!anchors) return Error{anchors.error().message + " (peer.ca)"};
  AgentSignatureChecker checker;
  for (auto& anchor : *anchors) checker.trust_.add_anchor(std::move(anchor), false);
  if (auto own = read_certificate_file(peer.cert))
    checker.own_fingerprint_ = fingerprint(own->get());
  return checker;
}

Result<AgentSignature> AgentSignatureChecker::check(std::string_view content, std::string_view der,
                                                    TimePoint now) const {
  auto checked = cades_check(content, der);
  if (!checked) return checked.error();
  AgentSignature out;
  out.signed_at = checked->signing_time.value_or(now);
  out.cms = std::move(*checked);
  if (!out.cms.problem.empty()) {
    out.problem = out.cms.problem;
    return out;
  }
  if (out.cms.signer == nullptr) {
    out.problem = "the signature carries no signer certificate";
    return out;
  }
  if (out.signed_at > now + std::chrono::minutes(5)) {
    out.problem = fmt::format("signed at {}, in the future", format_utc(out.signed_at));
    return out;
  }
  if (auto chain = trust_.verify_chain(out.cms.signer.get(), out.cms.certs, out.signed_at);
      !chain) {
    out.problem = fmt::format("signed by \"{}\" (SHA-256 {}), which peer.ca does not vouch for: {}",
                              describe(out.cms.signer.get()).common_name,
                              fingerprint(out.cms.signer.get()), chain.error().message);
  }
  return out;
}

bool AgentSignatureChecker::is_own(X509* cert) const {
  return cert != nullptr && !own_fingerprint_.empty() && fingerprint(cert) == own_fingerprint_;
}

}  // namespace jaga::sign
