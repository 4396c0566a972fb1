#include "sign/certificate_builder.h"

#include <fmt/format.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>

#include <chrono>

namespace jaga::sign {
namespace {

bool add_extension(X509* cert, X509* issuer, int nid, const std::string& value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
  if (ext == nullptr) return false;
  const bool added = X509_add_ext(cert, ext, -1) == 1;
  X509_EXTENSION_free(ext);
  return added;
}

std::string alt_names(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& name : names) {
    const bool ip = !name.empty() && (name.find(':') != std::string::npos ||
                                      name.find_first_not_of("0123456789.") == std::string::npos);
    out += fmt::format("{}{}:{}", out.empty() ? "" : ",", ip ? "IP" : "DNS", name);
  }
  return out;
}

Result<void> set_serial(X509* cert) {
  unsigned char bytes[16];
  if (RAND_bytes(bytes, sizeof bytes) != 1) return Error{"no random bytes for a serial number"};
  bytes[0] &= 0x7F;  // positive
  bytes[0] |= 0x40;  // and exactly 16 bytes long
  BignumPtr bn(BN_bin2bn(bytes, sizeof bytes, nullptr));
  if (!bn || BN_to_ASN1_INTEGER(bn.get(), X509_get_serialNumber(cert)) == nullptr) {
    return Error{"cannot set the serial number: " + openssl_reason()};
  }
  return Ok();
}

}  // namespace

Result<X509Ptr> build_certificate(const CertificateSpec& spec, EVP_PKEY* subject_key, X509* issuer,
                                  EVP_PKEY* issuer_key) {
  X509Ptr cert(X509_new());
  if (!cert) return Error{"cannot allocate a certificate"};
  X509_set_version(cert.get(), 2);
  if (auto serial = set_serial(cert.get()); !serial) return serial.error();

  const time_t start = std::chrono::system_clock::to_time_t(spec.not_before);
  if (ASN1_TIME_set(X509_getm_notBefore(cert.get()), start) == nullptr ||
      ASN1_TIME_adj(X509_getm_notAfter(cert.get()), start, spec.days, 0) == nullptr) {
    return Error{"cannot set the validity period: " + openssl_reason()};
  }
  X509_NAME* name = X509_get_subject_name(cert.get());
  for (const auto& [field, value] : spec.subject) {
    if (X509_NAME_add_entry_by_txt(name, field.c_str(), MBSTRING_UTF8,
                                   reinterpret_cast<const unsigned char*>(value.c_str()), -1, -1,
                                   0) != 1) {
      return Error{fmt::format("cannot put {}=\"{}\" in the certificate's subject: {}", field,
                               value, openssl_reason())};
    }
  }
  X509_set_issuer_name(cert.get(), issuer ? X509_get_subject_name(issuer) : name);
  X509_set_pubkey(cert.get(), subject_key);
  X509* issuer_cert = issuer ? issuer : cert.get();

  std::vector<std::pair<int, std::string>> extensions;
  switch (spec.kind) {
    case CertificateKind::kCa:
      extensions = {{NID_basic_constraints, "critical,CA:TRUE,pathlen:0"},
                    {NID_key_usage, "critical,keyCertSign,cRLSign"}};
      break;
    case CertificateKind::kSigner:
      extensions = {{NID_basic_constraints, "CA:FALSE"},
                    {NID_key_usage, "critical,digitalSignature,nonRepudiation"},
                    {NID_ext_key_usage, "emailProtection"}};
      break;
    case CertificateKind::kAgent:
      extensions = {{NID_basic_constraints, "CA:FALSE"},
                    {NID_key_usage, "critical,digitalSignature,keyAgreement"},
                    {NID_ext_key_usage, "serverAuth,clientAuth"},
                    {NID_subject_alt_name, alt_names(spec.alt_names)}};
      break;
  }
  extensions.emplace_back(NID_subject_key_identifier, "hash");
  extensions.emplace_back(NID_authority_key_identifier, "keyid:always");
  for (const auto& [nid, value] : extensions) {
    if (!add_extension(cert.get(), issuer_cert, nid, value)) {
      return Error{fmt::format("cannot add the {} extension \"{}\": {}", OBJ_nid2sn(nid), value,
                               openssl_reason())};
    }
  }
  if (X509_sign(cert.get(), issuer_key, EVP_sha256()) == 0) {
    return Error{"cannot sign the certificate: " + openssl_reason()};
  }
  return cert;
}

}  // namespace jaga::sign
