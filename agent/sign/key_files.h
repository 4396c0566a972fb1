// Private keys and the files that hold them: generation, PKCS#8 encryption with AES-256, and
// writing files that must not be overwritten or read by others.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"
#include "sign/openssl_handles.h"

namespace jaga::sign {

// A new EC P-256 key.
Result<EvpPkeyPtr> generate_key();

// PEM "ENCRYPTED PRIVATE KEY" (PKCS#8, PBES2 with AES-256-CBC and a PBKDF2 key derivation).
Result<std::string> encrypted_key_pem(EVP_PKEY* key, const std::string& passphrase);
// PEM "PRIVATE KEY", unencrypted (agent TLS keys, for an unattended service).
Result<std::string> plain_key_pem(EVP_PKEY* key);

// Decrypts a PEM key. A wrong passphrase gives the Error
// "wrong passphrase for <who> (file <path>)"; other failures name the file.
Result<EvpPkeyPtr> decrypt_key_pem(std::string_view pem, const std::string& passphrase,
                                   const std::string& who, const std::string& path);

Result<std::string> read_file(const std::string& path);
// Creates a directory with mode 0700 unless it exists.
Result<void> ensure_directory(const std::string& path);

}  // namespace jaga::sign
