// A signer ready to sign: their private key, certificate, chain and SOP role, loaded from the
// PKI directory with their passphrase.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "sign/certificate_info.h"
#include "sign/openssl_handles.h"
#include "sign/person.h"
#include "sign/signer_role.h"

namespace jaga::sign {

struct SigningIdentity {
  std::string id;    // the registry id
  std::string name;  // the person's name as registered
  std::string nip;   // their NIP as registered; empty when the registry has none
  Role role = Role::kApk;
  EvpPkeyPtr key;
  X509Ptr cert;
  std::vector<X509Ptr> chain;  // issuer certificates, nearest first; included in signatures
  CertificateInfo info;        // of `cert`

  Person person() const { return Person{name, nip}; }
};

// Loads signer `id_or_name` (see SignerRegistry::find) from `pki_dir`. A wrong passphrase is
// the Error "wrong passphrase for signer 'NAME' (file PATH)"; a key that does not match its
// certificate, or a certificate whose fingerprint differs from the registry's, is refused.
Result<SigningIdentity> load_signing_identity(const std::string& pki_dir,
                                              std::string_view id_or_name,
                                              const std::string& passphrase);

}  // namespace jaga::sign
