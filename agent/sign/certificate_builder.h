// Building and signing X.509 v3 certificates for the office CA: the CA itself, personal
// signing certificates and agent TLS certificates.
#pragma once

#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "sign/openssl_handles.h"

namespace jaga::sign {

enum class CertificateKind { kCa, kSigner, kAgent };

struct CertificateSpec {
  CertificateKind kind = CertificateKind::kSigner;
  // Subject attributes, in order, as (short name, UTF-8 value): {"CN", "Budi"}, {"title", ...}.
  std::vector<std::pair<std::string, std::string>> subject;
  std::vector<std::string> alt_names;  // agents: DNS names or IP addresses
  TimePoint not_before;
  int days = 365;
};

// Signs a certificate for `subject_key` with `issuer_key`; `issuer` null makes it self-signed
// (the CA). Extensions by kind:
//   CA:     basicConstraints critical CA:TRUE pathlen:0, keyUsage critical keyCertSign cRLSign
//   signer: basicConstraints CA:FALSE, keyUsage critical digitalSignature nonRepudiation,
//           extendedKeyUsage emailProtection
//   agent:  basicConstraints CA:FALSE, keyUsage critical digitalSignature keyAgreement,
//           extendedKeyUsage serverAuth clientAuth, subjectAltName
// plus subject and authority key identifiers.
Result<X509Ptr> build_certificate(const CertificateSpec& spec, EVP_PKEY* subject_key, X509* issuer,
                                  EVP_PKEY* issuer_key);

}  // namespace jaga::sign
