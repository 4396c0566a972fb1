// Sealing personal data at rest: AES-256-GCM (OpenSSL EVP) with a fresh random 96-bit nonce for
// every value, bound to the value's context (which table, row, run) as additional authenticated
// data. A sealed value that was altered, truncated, copied into another context or is opened with
// another key is refused, never misread. The key lives in a file of its own
// (privacy/personal_key.h); whoever cannot read that file cannot open what is sealed.
//
// A sealed value is bytes, never text:
//   "JGS1" | key id (8 bytes) | nonce (12 bytes) | ciphertext (as long as the plaintext) | tag (16)
// The key id is the first 8 bytes of SHA-256("jaga personal key id" | key): it tells a value
// sealed under another key from a damaged one and reveals nothing usable about the key. The
// magic and key id are authenticated with the context.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

#include "core/result.h"

namespace jaga::privacy {

// A 256-bit AES key, wiped from memory when destroyed.
class SealKey {
 public:
  static constexpr size_t kSize = 32;
  static constexpr size_t kIdSize = 8;
  using Bytes = std::array<unsigned char, kSize>;

  explicit SealKey(const Bytes& bytes);
  ~SealKey();
  SealKey(const SealKey& other);
  SealKey& operator=(const SealKey& other);

  // A new key from OpenSSL's CSPRNG.
  static Result<SealKey> generate();

  const Bytes& bytes() const { return bytes_; }
  const std::array<unsigned char, kIdSize>& id() const { return id_; }
  // The key id in hex, for messages (never the key).
  std::string id_hex() const;

 private:
  Bytes bytes_;
  std::array<unsigned char, kIdSize> id_{};
};

inline constexpr std::string_view kSealMagic = "JGS1";
inline constexpr size_t kNonceSize = 12;
inline constexpr size_t kTagSize = 16;
inline constexpr size_t kSealOverhead =
    kSealMagic.size() + SealKey::kIdSize + kNonceSize + kTagSize;

// Whether `stored` is a sealed value (by its magic; says nothing about whether it opens).
bool is_sealed(std::string_view stored);

// `plaintext` sealed under `key` for `context`. Fails only when OpenSSL does (no randomness).
Result<std::string> seal(const SealKey& key, std::string_view plaintext, std::string_view context);

// The plaintext of `sealed`, or an Error saying why not: not a sealed value, too short, sealed
// under another key (naming both key ids), or damaged, altered or moved from another context.
Result<std::string> unseal(const SealKey& key, std::string_view sealed, std::string_view context);

}  // namespace jaga::privacy
