#include "sign/key_files.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

namespace jaga::sign {

Result<EvpPkeyPtr> generate_key() {
  EvpPkeyPtr key(EVP_EC_gen("P-256"));
  if (!key) return Error{"cannot generate an EC P-256 key: " + openssl_reason()};
  return key;
}

Result<std::string> encrypted_key_pem(EVP_PKEY* key, const std::string& passphrase) {
  BioPtr out(BIO_new(BIO_s_mem()));
  if (PEM_write_bio_PKCS8PrivateKey(out.get(), key, EVP_aes_256_cbc(), passphrase.data(),
                                    static_cast<int>(passphrase.size()), nullptr, nullptr) != 1) {
    return Error{"cannot encrypt the private key: " + openssl_reason()};
  }
  return bio_contents(out.get());
}

Result<std::string> plain_key_pem(EVP_PKEY* key) {
  BioPtr out(BIO_new(BIO_s_mem()));
  if (PEM_write_bio_PKCS8PrivateKey(out.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    return Error{"cannot write the private key: " + openssl_reason()};
  }
  return bio_contents(out.get());
}

Result<EvpPkeyPtr> decrypt_key_pem(std::string_view pem, const std::string& passphrase,
                                   const std::string& who, const std::string& path) {
  if (pem.find("-----BEGIN ENCRYPTED PRIVATE KEY-----") == std::string_view::npos) {
    return Error{fmt::format("{} is not an encrypted PEM private key (file of {})", path, who)};
  }
  clear_openssl_errors();
  BioPtr in = memory_bio(pem);
  // A non-null passphrase argument makes OpenSSL use it instead of prompting.
  EvpPkeyPtr key(
      PEM_read_bio_PrivateKey(in.get(), nullptr, nullptr, const_cast<char*>(passphrase.c_str())));
  if (!key) {
    // Decrypting with a wrong passphrase fails in the cipher (bad padding) or, rarely, yields
    // garbage the ASN.1 parser refuses; a damaged PEM envelope fails before decryption, in the
    // decoder alone.
    bool decrypted = false;
    for (unsigned long code = ERR_get_error(); code != 0; code = ERR_get_error()) {
      const int lib = ERR_GET_LIB(code);
      if (lib == ERR_LIB_PROV || lib == ERR_LIB_EVP || lib == ERR_LIB_PKCS12 ||
          lib == ERR_LIB_ASN1) {
        decrypted = true;
      }
    }
    if (!decrypted) return Error{fmt::format("the key file of {} is damaged (file {})", who, path)};
    return Error{fmt::format("wrong passphrase for {} (file {})", who, path)};
  }
  return key;
}

Result<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{fmt::format("cannot read {}: {}", path, std::strerror(errno))};
  std::stringstream text;
  text << in.rdbuf();
  if (in.bad()) return Error{fmt::format("cannot read {}: {}", path, std::strerror(errno))};
  return text.str();
}

Result<void> ensure_directory(const std::string& path) {
  if (mkdir(path.c_str(), 0700) == 0) return Ok();
  if (errno == EEXIST) {
    struct stat st {};
    if (stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) return Ok();
    return Error{fmt::format("{} exists and is not a directory", path)};
  }
  return Error{fmt::format("cannot create directory {}: {}", path, std::strerror(errno))};
}

}  // namespace jaga::sign
