// verify_detached and check_identity: detached CMS signatures over a file, and the check a
// signer's identity must pass before anything is signed.
#include <fmt/format.h>
#include <openssl/pem.h>

#include "sign/cades.h"
#include "sign/signature_verdict.h"
#include "sign/verifier.h"

namespace jaga::sign {
namespace {

// PEM ("-----BEGIN CMS-----" or PKCS7) to DER; DER passes through.
Result<std::string> to_der(std::string_view data) {
  if (data.find("-----BEGIN ") == std::string_view::npos) return std::string(data);
  BioPtr in = memory_bio(data);
  CmsPtr cms(PEM_read_bio_CMS(in.get(), nullptr, nullptr, nullptr));
  if (!cms) {
    clear_openssl_errors();
    return Error{"the signature file is PEM but holds no CMS structure"};
  }
  BioPtr out(BIO_new(BIO_s_mem()));
  i2d_CMS_bio(out.get(), cms.get());
  return bio_contents(out.get());
}

}  // namespace

Result<VerifiedSignature> verify_detached(std::string_view content, std::string_view cms_der,
                                          const TrustStore& trust, TimePoint now) {
  auto der = to_der(cms_der);
  if (!der) return der.error();
  auto check = cades_check(content, *der);
  if (!check) return check.error();
  VerifiedSignature out;
  out.index = 1;
  out.revision_end = content.size();
  out.covers_whole_file = true;
  judge(*check, trust, now, out);
  return out;
}

Result<void> check_identity(const SigningIdentity& identity, const TrustStore& trust,
                            TimePoint at) {
  std::vector<X509Ptr> chain;
  for (const X509Ptr& c : identity.chain) chain.push_back(share(c.get()));
  if (auto verified = trust.verify_chain(identity.cert.get(), chain, at); !verified) {
    return Error{
        fmt::format("signer '{}' cannot sign: {}", identity.name, verified.error().message)};
  }
  return Ok();
}

}  // namespace jaga::sign
