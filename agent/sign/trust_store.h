// What verification trusts: the office CA, the external CAs of [pki] trusted_cas, and the
// signer registry's role bindings.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "core/result.h"
#include "sign/openssl_handles.h"
#include "sign/signer_registry.h"
#include "sign/signer_role.h"

namespace jaga::sign {

class TrustStore {
 public:
  TrustStore() = default;

  // The office CA (PKI_DIR/ca.crt, when present), every certificate of config.trusted_cas and
  // the registry of config.dir. Error when a listed file cannot be read, or when no trust
  // anchor exists at all.
  static Result<TrustStore> load(const config::PkiConfig& config);

  // Adds a trust anchor; `office` marks the office CA, whose certificates' title attribute
  // may state a role.
  void add_anchor(X509Ptr cert, bool office);
  void add_binding(SignerRecord record) { bindings_.push_back(std::move(record)); }

  const std::vector<X509Ptr>& anchors() const { return anchors_; }
  // The role bound to the certificate: the registry entry with its fingerprint; else, for a
  // certificate issued directly by the office CA, its title attribute; else none.
  std::optional<Role> role_of(X509* cert, const std::vector<X509Ptr>& chain) const;
  // The registry entry of the certificate with SHA-256 `fingerprint`; nullptr when none.
  const SignerRecord* binding(std::string_view fingerprint) const;

  // Verifies that `cert` chains (through `untrusted`) to an anchor at time `at` for signing
  // (digitalSignature or nonRepudiation). Error with the reason ("certificate has expired",
  // "not issued by a trusted CA: issuer CN=...").
  Result<void> verify_chain(X509* cert, const std::vector<X509Ptr>& untrusted, TimePoint at) const;

 private:
  std::vector<X509Ptr> anchors_;
  std::vector<X509*> office_anchors_;  // owned by anchors_
  std::vector<SignerRecord> bindings_;
};

}  // namespace jaga::sign
