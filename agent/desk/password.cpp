#include "desk/password.h"

#include <sodium.h>

#include <array>

namespace jaga::desk {
namespace {

// sodium_init is idempotent and thread-safe; every entry point calls it so that no caller must.
bool ready() { return sodium_init() >= 0; }

std::string hex(const unsigned char* bytes, size_t n) {
  std::string out(n * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), bytes, n);
  out.pop_back();
  return out;
}

}  // namespace

Result<std::string> hash_password(const std::string& password) {
  if (password.empty()) return Error{"an empty password is not allowed"};
  if (!ready()) return Error{"libsodium could not be initialized"};
  std::array<char, crypto_pwhash_STRBYTES> out{};
  // INTERACTIVE limits (64 MiB, 2 passes): about 0.1 s per login on the office server, which
  // is what libsodium recommends for an online login.
  if (crypto_pwhash_str(out.data(), password.data(), password.size(),
                        crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    return Error{"hashing the password failed: out of memory"};
  }
  return std::string(out.data());
}

bool password_matches(const std::string& hash, const std::string& password) {
  if (!ready() || hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) return false;
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

std::string random_token() {
  ready();
  std::array<unsigned char, 32> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  return hex(bytes.data(), bytes.size());
}

std::string token_hash(std::string_view token) {
  ready();
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(token.data()),
                     token.size());
  return hex(digest.data(), digest.size());
}

bool same_secret(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace jaga::desk
