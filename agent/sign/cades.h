// CMS SignedData with CAdES-BES signed attributes, the signature format shared by PDF (PAdES)
// and detached JSON signatures.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "sign/openssl_handles.h"
#include "sign/signing_identity.h"

namespace jaga::sign {

// Detached SignedData (DER) over `content`: SHA-256, signed attributes content-type,
// message-digest, signing-time = `signing_time`, signing-certificate-v2; the signer's
// certificate and chain included. Refuses a certificate not valid at `signing_time`.
Result<std::string> cades_sign(std::string_view content, const SigningIdentity& identity,
                               TimePoint signing_time);

// What a detached SignedData says about itself after its signature was checked against
// `content` (the chain is not checked here; see TrustStore::verify_chain).
struct CmsCheck {
  X509Ptr signer;              // null when the CMS names no certificate it carries
  std::vector<X509Ptr> certs;  // every certificate it carries (for chain building)
  std::optional<TimePoint> signing_time;
  std::string problem;  // empty when the digest and signature verify
};

// Error only when `der` is not a CMS SignedData with exactly one signer.
Result<CmsCheck> cades_check(std::string_view content, std::string_view der);

}  // namespace jaga::sign
