#include "sign/signing_identity.h"

#include <fmt/format.h>
#include <openssl/pem.h>

#include "sign/key_files.h"
#include "sign/signer_registry.h"

namespace jaga::sign {
namespace {

Result<void> load_pem_files(const std::string& dir, const SignerRecord& record,
                            const std::string& passphrase, SigningIdentity& identity) {
  auto certs = read_certificate_bundle(dir + "/" + record.cert_file);
  if (!certs) return certs.error();
  identity.cert = std::move(certs->front());
  for (size_t i = 1; i < certs->size(); ++i) identity.chain.push_back(std::move((*certs)[i]));
  const std::string key_path = dir + "/" + record.key_file;
  auto pem = read_file(key_path);
  if (!pem) return pem.error();
  auto key = decrypt_key_pem(*pem, passphrase, fmt::format("signer '{}'", record.name), key_path);
  if (!key) return key.error();
  identity.key = std::move(*key);
  return Ok();
}

Result<void> load_p12(const std::string& dir, const SignerRecord& record,
                      const std::string& passphrase, SigningIdentity& identity) {
  const std::string path = dir + "/" + record.key_file;
  auto data = read_file(path);
  if (!data) return data.error();
  BioPtr in = memory_bio(*data);
  Pkcs12Ptr p12(d2i_PKCS12_bio(in.get(), nullptr));
  if (!p12) {
    clear_openssl_errors();
    return Error{fmt::format("{} is not a PKCS#12 file", path)};
  }
  if (PKCS12_verify_mac(p12.get(), passphrase.data(), static_cast<int>(passphrase.size())) != 1) {
    clear_openssl_errors();
    return Error{fmt::format("wrong passphrase for signer '{}' (file {})", record.name, path)};
  }
  EVP_PKEY* key = nullptr;
  X509* cert = nullptr;
  STACK_OF(X509)* chain = nullptr;
  if (PKCS12_parse(p12.get(), passphrase.c_str(), &key, &cert, &chain) != 1) {
    clear_openssl_errors();
    return Error{fmt::format("cannot open PKCS#12 file {} of signer '{}'", path, record.name)};
  }
  identity.key.reset(key);
  identity.cert.reset(cert);
  X509StackPtr owned_chain(chain);
  for (int i = 0; owned_chain && i < sk_X509_num(owned_chain.get()); ++i) {
    identity.chain.push_back(share(sk_X509_value(owned_chain.get(), i)));
  }
  if (!identity.key || !identity.cert) {
    return Error{fmt::format("PKCS#12 file {} holds no private key with its certificate", path)};
  }
  return Ok();
}

}  // namespace

Result<SigningIdentity> load_signing_identity(const std::string& pki_dir,
                                              std::string_view id_or_name,
                                              const std::string& passphrase) {
  auto registry = SignerRegistry::load(pki_dir);
  if (!registry) return registry.error();
  auto record = registry->find(id_or_name);
  if (!record) return record.error();
  SigningIdentity identity;
  identity.id = record->id;
  identity.name = record->name;
  identity.nip = record->nip;
  identity.role = record->role;
  auto loaded = record->source == "imported"
                    ? load_p12(pki_dir, *record, passphrase, identity)
                    : load_pem_files(pki_dir, *record, passphrase, identity);
  if (!loaded) return loaded.error();
  if (X509_check_private_key(identity.cert.get(), identity.key.get()) != 1) {
    clear_openssl_errors();
    return Error{fmt::format("the private key of signer '{}' does not match their certificate",
                             record->name)};
  }
  identity.info = describe(identity.cert.get());
  if (identity.info.fingerprint != record->fingerprint) {
    return Error{fmt::format(
        "the certificate of signer '{}' is not the registered one (fingerprint {} instead of {})",
        record->name, identity.info.fingerprint, record->fingerprint)};
  }
  return identity;
}

}  // namespace jaga::sign
