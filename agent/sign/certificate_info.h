// What a person needs to know about an X.509 certificate, read once from the certificate.
#pragma once

#include <openssl/x509.h>

#include <optional>
#include <string>

#include "core/clock.h"
#include "core/result.h"
#include "sign/openssl_handles.h"
#include "sign/signer_role.h"

namespace jaga::sign {

struct CertificateInfo {
  std::string subject;      // one line, RFC 2253 ("CN=Budi Santoso,title=kabid,OU=PIAK,...")
  std::string common_name;  // CN, the signer's name
  std::string issuer;       // one line, RFC 2253
  std::string serial;       // hexadecimal, upper case
  std::string fingerprint;  // SHA-256 of the DER, hex upper case with ':' ("AB:CD:...")
  TimePoint not_before;
  TimePoint not_after;
  // The role written in the subject's title attribute by `jaga pki issue`, when it names one.
  std::optional<Role> title_role;
  // The subject's serialNumber attribute, where `jaga pki issue --nip` writes the signer's NIP;
  // empty when absent.
  std::string nip;
};

CertificateInfo describe(X509* cert);

// SHA-256 fingerprint of the certificate's DER, as in CertificateInfo::fingerprint.
std::string fingerprint(X509* cert);

// Reads one PEM certificate from `path`; errors name the file.
Result<X509Ptr> read_certificate_file(const std::string& path);
// Reads every PEM certificate of `path` (a bundle); at least one.
Result<std::vector<X509Ptr>> read_certificate_bundle(const std::string& path);
std::string to_pem(X509* cert);

}  // namespace jaga::sign
