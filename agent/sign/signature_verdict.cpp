#include "sign/signature_verdict.h"

#include <fmt/format.h>

#include "sign/certificate_info.h"
#include "sign/person.h"

namespace jaga::sign {
namespace {

// Two hosts' clocks may differ by this much without a signature looking like it came from the
// future.
constexpr auto kClockTolerance = std::chrono::minutes(5);

}  // namespace

void judge(const CmsCheck& check, const TrustStore& trust, TimePoint now, VerifiedSignature& out) {
  if (check.signing_time) out.signing_time = check.signing_time;
  out.valid = false;
  if (check.signer) {
    const CertificateInfo info = describe(check.signer.get());
    out.signer_name = info.common_name;
    out.serial = info.serial;
    out.fingerprint = info.fingerprint;
    out.issuer = info.issuer;
    out.role = trust.role_of(check.signer.get(), check.certs);
    const SignerRecord* bound = trust.binding(info.fingerprint);
    if (bound != nullptr && !bound->nip.empty()) {
      out.nip = bound->nip;
    } else if (check_nip(info.nip)) {
      out.nip = info.nip;
    }
  }
  if (!check.problem.empty()) {
    out.problem = check.problem;
    return;
  }
  const TimePoint at = out.signing_time.value_or(now);
  if (at > now + kClockTolerance) {
    out.problem = fmt::format("the signing time {} lies in the future", format_utc(at));
    return;
  }
  std::vector<X509Ptr> others;
  for (const X509Ptr& c : check.certs) {
    if (X509_cmp(c.get(), check.signer.get()) != 0) others.push_back(share(c.get()));
  }
  if (auto chain = trust.verify_chain(check.signer.get(), others, at); !chain) {
    out.problem = chain.error().message;
    return;
  }
  out.valid = true;
  out.problem.clear();
}

}  // namespace jaga::sign
