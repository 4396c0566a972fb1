#include "sign/cades.h"

#include <fmt/format.h>
#include <openssl/err.h>

#include <cstring>
#include <ctime>

#include "sign/signer.h"

namespace jaga::sign {
namespace {

Result<void> check_validity(const SigningIdentity& identity, TimePoint at) {
  if (at < identity.info.not_before) {
    return Error{fmt::format(
        "the certificate of signer '{}' (serial {}) is not valid before {}; refusing to sign at {}",
        identity.name, identity.info.serial, format_utc(identity.info.not_before), format_utc(at))};
  }
  if (at > identity.info.not_after) {
    return Error{fmt::format(
        "the certificate of signer '{}' (serial {}) expired at {}; refusing to sign at {}",
        identity.name, identity.info.serial, format_utc(identity.info.not_after), format_utc(at))};
  }
  return Ok();
}

}  // namespace

Result<std::string> cades_sign(std::string_view content, const SigningIdentity& identity,
                               TimePoint signing_time) {
  if (!identity.key || !identity.cert) return Error{"the signing identity has no key"};
  if (auto valid = check_validity(identity, signing_time); !valid) return valid.error();
  clear_openssl_errors();
  X509StackPtr chain(sk_X509_new_null());
  for (const X509Ptr& c : identity.chain) {
    X509_up_ref(c.get());
    sk_X509_push(chain.get(), c.get());
  }
  constexpr unsigned kFlags = CMS_DETACHED | CMS_BINARY | CMS_PARTIAL;
  CmsPtr cms(CMS_sign(nullptr, nullptr, chain.get(), nullptr, kFlags));
  if (!cms) return Error{"cannot create the CMS structure: " + openssl_reason()};
  CMS_SignerInfo* si =
      CMS_add1_signer(cms.get(), identity.cert.get(), identity.key.get(), EVP_sha256(),
                      CMS_BINARY | CMS_PARTIAL | CMS_NOSMIMECAP | CMS_CADES);
  if (si == nullptr) return Error{"cannot add the signer to the CMS: " + openssl_reason()};
  ASN1_TIME* when = ASN1_TIME_set(nullptr, std::chrono::system_clock::to_time_t(signing_time));
  const bool timed = when != nullptr && CMS_signed_add1_attr_by_NID(si, NID_pkcs9_signingTime,
                                                                    when->type, when, -1) == 1;
  ASN1_TIME_free(when);
  if (!timed) return Error{"cannot add the signing-time attribute: " + openssl_reason()};
  BioPtr data = memory_bio(content);
  if (CMS_final(cms.get(), data.get(), nullptr, CMS_DETACHED | CMS_BINARY) != 1) {
    return Error{"cannot compute the CMS signature: " + openssl_reason()};
  }
  BioPtr out(BIO_new(BIO_s_mem()));
  if (i2d_CMS_bio(out.get(), cms.get()) != 1) {
    return Error{"cannot encode the CMS signature: " + openssl_reason()};
  }
  return bio_contents(out.get());
}

namespace {

std::optional<TimePoint> signing_time_of(CMS_SignerInfo* si) {
  const int index = CMS_signed_get_attr_by_NID(si, NID_pkcs9_signingTime, -1);
  if (index < 0) return std::nullopt;
  X509_ATTRIBUTE* attr = CMS_signed_get_attr(si, index);
  ASN1_TYPE* value = X509_ATTRIBUTE_get0_type(attr, 0);
  if (value == nullptr ||
      (value->type != V_ASN1_UTCTIME && value->type != V_ASN1_GENERALIZEDTIME)) {
    return std::nullopt;
  }
  struct tm tm {};
  if (ASN1_TIME_to_tm(reinterpret_cast<ASN1_TIME*>(value->value.asn1_string), &tm) != 1) {
    return std::nullopt;
  }
  return std::chrono::system_clock::from_time_t(timegm(&tm));
}

Result<void> content_digest_matches(CMS_SignerInfo* si, std::string_view content) {
  const ASN1_OCTET_STRING* stated =
      static_cast<const ASN1_OCTET_STRING*>(CMS_signed_get0_data_by_OBJ(
          si, OBJ_nid2obj(NID_pkcs9_messageDigest), -3, V_ASN1_OCTET_STRING));
  if (stated == nullptr) return Error{"the signature has no message-digest attribute"};
  X509_ALGOR* digest_algorithm = nullptr;
  CMS_SignerInfo_get0_algs(si, nullptr, nullptr, &digest_algorithm, nullptr);
  const ASN1_OBJECT* oid = nullptr;
  X509_ALGOR_get0(&oid, nullptr, nullptr, digest_algorithm);
  const EVP_MD* md = oid ? EVP_get_digestbyobj(oid) : nullptr;
  if (md == nullptr) return Error{"the signature uses an unknown digest algorithm"};
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (EVP_Digest(content.data(), content.size(), digest, &size, md, nullptr) != 1) {
    clear_openssl_errors();
    return Error{"cannot compute the content digest"};
  }
  if (static_cast<int>(size) != ASN1_STRING_length(stated) ||
      std::memcmp(digest, ASN1_STRING_get0_data(stated), size) != 0) {
    return Error{"the signed content was changed after signing (message digest mismatch)"};
  }
  return Ok();
}

}  // namespace

Result<CmsCheck> cades_check(std::string_view content, std::string_view der) {
  clear_openssl_errors();
  const unsigned char* p = reinterpret_cast<const unsigned char*>(der.data());
  CmsPtr cms(d2i_CMS_ContentInfo(nullptr, &p, static_cast<long>(der.size())));
  if (!cms || OBJ_obj2nid(CMS_get0_type(cms.get())) != NID_pkcs7_signed) {
    clear_openssl_errors();
    return Error{"the signature is not a CMS SignedData structure"};
  }
  STACK_OF(CMS_SignerInfo)* infos = CMS_get0_SignerInfos(cms.get());
  if (infos == nullptr || sk_CMS_SignerInfo_num(infos) != 1) {
    return Error{fmt::format("the CMS signature must have exactly one signer, it has {}",
                             infos ? sk_CMS_SignerInfo_num(infos) : 0)};
  }
  CMS_SignerInfo* si = sk_CMS_SignerInfo_value(infos, 0);
  CmsCheck check;
  check.signing_time = signing_time_of(si);
  X509StackPtr certs(CMS_get1_certs(cms.get()));
  for (int i = 0; certs && i < sk_X509_num(certs.get()); ++i) {
    X509* c = sk_X509_value(certs.get(), i);
    check.certs.push_back(share(c));
    if (!check.signer && CMS_SignerInfo_cert_cmp(si, c) == 0) check.signer = share(c);
  }
  if (!check.signer) {
    check.problem = "the signature does not carry the signer's certificate";
    return check;
  }
  if (CMS_signed_get_attr_count(si) <= 0) {
    check.problem = "the signature has no signed attributes (not CAdES)";
    return check;
  }
  // The two halves separately, so that the message says which one failed: the signature over
  // the signed attributes, then the content against the message-digest attribute.
  CMS_SignerInfo_set1_signer_cert(si, check.signer.get());
  if (CMS_SignerInfo_verify(si) != 1) {
    clear_openssl_errors();
    check.problem = "the signature value does not verify with the signer's public key";
    return check;
  }
  if (auto digest = content_digest_matches(si, content); !digest) {
    check.problem = digest.error().message;
    return check;
  }
  // And everything else CMS checks (the ESS signing-certificate-v2 binding among them).
  BioPtr data = memory_bio(content);
  if (CMS_verify(cms.get(), nullptr, nullptr, data.get(), nullptr,
                 CMS_NO_SIGNER_CERT_VERIFY | CMS_BINARY | CMS_DETACHED) != 1) {
    check.problem = "the CMS signature does not verify: " + openssl_reason();
  }
  clear_openssl_errors();
  return check;
}

Result<std::string> sign_detached(std::string_view content, const SigningIdentity& identity,
                                  TimePoint signing_time) {
  return cades_sign(content, identity, signing_time);
}

}  // namespace jaga::sign
