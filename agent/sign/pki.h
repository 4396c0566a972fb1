// The office's own small PKI, kept in one directory (config [pki] dir, /var/lib/jaga/pki):
//
//   ca.key            the CA's private key, PKCS#8 encrypted with AES-256 (mode 0600)
//   ca.crt            the CA certificate (the trust anchor for reports and agent TLS)
//   signers.json      the signer registry (see signer_registry.h)
//   signers/ID.crt    a person's signing certificate, with ca.crt appended as its chain
//   signers/ID.key    its private key, PKCS#8 encrypted with AES-256 (mode 0600)
//   signers/ID.p12    or: an imported PKCS#12, kept as delivered (encrypted) (mode 0600)
//   agents/HOST.crt   an agent's TLS certificate (serverAuth + clientAuth, SAN)
//   agents/HOST.key   its key, unencrypted so the service can start unattended (mode 0600)
//
// Keys are EC P-256: 128-bit security like RSA-3072 at a fraction of the signature size and
// generation time, accepted by OpenSSL, poppler/NSS (pdfsig), and PAdES validators.
//
// Certificates get a random 128-bit serial. Validity starts at clock.now() minus five minutes
// (so a peer whose clock is slightly behind accepts it) and lasts `days`; tests pass a fake
// clock to make certificates that are expired for real. Nothing is written unless every step
// succeeded; an existing CA or file is never overwritten.
#pragma once

#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "sign/certificate_info.h"
#include "sign/signer_registry.h"
#include "sign/signer_role.h"

namespace jaga::sign {

struct CaRequest {
  std::string name = "Dinas Kependudukan dan Pencatatan Sipil CA";  // the CA's CN
  std::string organization;  // O of every certificate the CA issues; empty: none
  int days = 3650;
};

struct SignerRequest {
  Role role = Role::kApk;
  std::string name;  // the person's full name: CN of the certificate
  int days = 730;
  // Their NIP (18 digits), written to the registry and to the subject's serialNumber; empty:
  // the person is known by name only.
  std::string nip = "";
  // Whether the person may hold a role besides `role` (the workflow definition's
  // allow_multiple_roles). false: refused when the registry has them in another role.
  bool allow_multiple_roles = false;
};

struct AgentRequest {
  std::string host;                      // CN and first SAN; DNS name or IP address
  std::vector<std::string> extra_names;  // more SANs (DNS names or IP addresses)
  int days = 825;
};

struct AgentFiles {
  std::string cert_file;  // absolute
  std::string key_file;   // absolute
  std::string ca_file;    // the office CA to pin as the peer's issuer
  CertificateInfo cert;
};

class Pki {
 public:
  explicit Pki(std::string dir) : dir_(std::move(dir)) {}
  const std::string& dir() const { return dir_; }
  std::string ca_cert_path() const { return dir_ + "/ca.crt"; }

  // Creates the directory (0700) when missing, the CA key and certificate. Refuses when
  // ca.key or ca.crt exists.
  Result<CertificateInfo> init_ca(const CaRequest& request, const std::string& ca_passphrase,
                                  const Clock& clock) const;

  // Issues a personal signing certificate (digitalSignature + nonRepudiation, EKU
  // emailProtection; role in the subject's title attribute, OU "SOP-PIAK-07") and an encrypted
  // key, and records it in the registry. A wrong CA passphrase is an Error saying so. When the
  // registry already has the same person (see same_person) in another role and
  // `request.allow_multiple_roles` is false, nothing is issued: the Error names the person,
  // their roles and the workflow option.
  Result<SignerRecord> issue_signer(const SignerRequest& request, const std::string& ca_passphrase,
                                    const std::string& signer_passphrase, const Clock& clock) const;

  // Imports a PKCS#12 from an external authority: it must open with `p12_passphrase` and hold
  // a key and its certificate; the file is stored as it came and its certificate's fingerprint
  // is bound to `role` in the registry. Its CA must be listed in [pki] trusted_cas to verify.
  // `nip` and `allow_multiple_roles` as for issue_signer.
  Result<SignerRecord> import_p12(Role role, const std::string& name, const std::string& p12_path,
                                  const std::string& p12_passphrase, const std::string& nip = "",
                                  bool allow_multiple_roles = false) const;

  // Issues an agent's TLS certificate (serverAuth + clientAuth) and unencrypted key.
  Result<AgentFiles> issue_agent(const AgentRequest& request, const std::string& ca_passphrase,
                                 const Clock& clock) const;

  Result<std::vector<SignerRecord>> list_signers() const;

 private:
  std::string dir_;
};

}  // namespace jaga::sign
