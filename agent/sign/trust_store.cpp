#include "sign/trust_store.h"

#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>

#include "sign/certificate_info.h"

namespace jaga::sign {

Result<TrustStore> TrustStore::load(const config::PkiConfig& config) {
  TrustStore store;
  const std::string office = config.dir + "/ca.crt";
  struct stat st {};
  if (stat(office.c_str(), &st) == 0) {
    auto cert = read_certificate_file(office);
    if (!cert) return cert.error();
    store.add_anchor(std::move(*cert), true);
  }
  for (const std::string& path : config.trusted_cas) {
    auto certs = read_certificate_bundle(path);
    if (!certs) return Error{certs.error().message + " (listed in [pki] trusted_cas)"};
    for (X509Ptr& cert : *certs) store.add_anchor(std::move(cert), false);
  }
  if (store.anchors_.empty()) {
    return Error{fmt::format(
        "no trusted CA: {} does not exist and [pki] trusted_cas is empty; create the office CA "
        "with: jaga pki init",
        office)};
  }
  auto registry = SignerRegistry::load(config.dir);
  if (!registry) return registry.error();
  for (const SignerRecord& record : registry->signers()) store.add_binding(record);
  return store;
}

void TrustStore::add_anchor(X509Ptr cert, bool office) {
  if (office) office_anchors_.push_back(cert.get());
  anchors_.push_back(std::move(cert));
}

std::optional<Role> TrustStore::role_of(X509* cert, const std::vector<X509Ptr>& chain) const {
  (void)chain;
  const std::string print = fingerprint(cert);
  for (const SignerRecord& record : bindings_) {
    if (record.fingerprint == print) return record.role;
  }
  for (X509* anchor : office_anchors_) {
    if (X509_check_issued(anchor, cert) == X509_V_OK) {
      EVP_PKEY* anchor_key = X509_get0_pubkey(anchor);
      if (anchor_key != nullptr && X509_verify(cert, anchor_key) == 1) {
        return describe(cert).title_role;
      }
    }
  }
  return std::nullopt;
}

const SignerRecord* TrustStore::binding(std::string_view fingerprint) const {
  for (const SignerRecord& record : bindings_) {
    if (record.fingerprint == fingerprint) return &record;
  }
  return nullptr;
}

Result<void> TrustStore::verify_chain(X509* cert, const std::vector<X509Ptr>& untrusted,
                                      TimePoint at) const {
  X509StorePtr store(X509_STORE_new());
  for (const X509Ptr& anchor : anchors_) X509_STORE_add_cert(store.get(), anchor.get());
  X509StackPtr others(sk_X509_new_null());
  for (const X509Ptr& c : untrusted) {
    X509_up_ref(c.get());
    sk_X509_push(others.get(), c.get());
  }
  X509StoreCtxPtr ctx(X509_STORE_CTX_new());
  if (!ctx || X509_STORE_CTX_init(ctx.get(), store.get(), cert, others.get()) != 1) {
    return Error{"cannot set up certificate verification: " + openssl_reason()};
  }
  X509_VERIFY_PARAM* param = X509_STORE_CTX_get0_param(ctx.get());
  X509_VERIFY_PARAM_set_time(param, std::chrono::system_clock::to_time_t(at));
  X509_VERIFY_PARAM_set_purpose(param, X509_PURPOSE_ANY);
  if (X509_verify_cert(ctx.get()) == 1) {
    clear_openssl_errors();
    // The key usage must allow signing documents.
    const uint32_t usage = X509_get_key_usage(cert);
    if ((usage & (KU_DIGITAL_SIGNATURE | KU_NON_REPUDIATION)) == 0) {
      return Error{"the certificate's key usage does not allow signatures"};
    }
    return Ok();
  }
  const int code = X509_STORE_CTX_get_error(ctx.get());
  clear_openssl_errors();
  const CertificateInfo info = describe(cert);
  switch (code) {
    case X509_V_ERR_CERT_HAS_EXPIRED:
      return Error{fmt::format("certificate serial {} had expired at {} (valid until {})",
                               info.serial, format_utc(at), format_utc(info.not_after))};
    case X509_V_ERR_CERT_NOT_YET_VALID:
      return Error{fmt::format("certificate serial {} was not yet valid at {} (valid from {})",
                               info.serial, format_utc(at), format_utc(info.not_before))};
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
    case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
      return Error{fmt::format("certificate serial {} is not issued by a trusted CA (issuer {})",
                               info.serial, info.issuer)};
    default:
      return Error{fmt::format("certificate serial {} does not verify: {}", info.serial,
                               X509_verify_cert_error_string(code))};
  }
}

}  // namespace jaga::sign
