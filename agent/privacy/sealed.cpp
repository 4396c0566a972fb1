#include "privacy/sealed.h"

#include <fmt/format.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <algorithm>
#include <climits>
#include <memory>

namespace jaga::privacy {
namespace {

struct CipherCtxFree {
  void operator()(EVP_CIPHER_CTX* c) const { EVP_CIPHER_CTX_free(c); }
};
using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, CipherCtxFree>;

std::string hex(const unsigned char* p, size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += fmt::format("{:02x}", p[i]);
  return out;
}

const unsigned char* bytes_of(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

// EVP takes int lengths: anything longer is refused before it reaches OpenSSL.
bool fits_int(size_t n) { return n <= static_cast<size_t>(INT_MAX); }

// The additional authenticated data: the value's header (magic and key id), then its context.
bool add_aad(EVP_CIPHER_CTX* ctx, std::string_view header, std::string_view context, bool encrypt) {
  auto update = encrypt ? EVP_EncryptUpdate : EVP_DecryptUpdate;
  int n = 0;
  if (update(ctx, nullptr, &n, bytes_of(header), static_cast<int>(header.size())) != 1) {
    return false;
  }
  return context.empty() ||
         update(ctx, nullptr, &n, bytes_of(context), static_cast<int>(context.size())) == 1;
}

}  // namespace

SealKey::SealKey(const Bytes& bytes) : bytes_(bytes) {
  static constexpr std::string_view kLabel = "jaga personal key id";
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  std::string input(kLabel);
  input.append(reinterpret_cast<const char*>(bytes_.data()), bytes_.size());
  EVP_Digest(input.data(), input.size(), digest, &length, EVP_sha256(), nullptr);
  OPENSSL_cleanse(input.data(), input.size());
  std::copy(digest, digest + kIdSize, id_.begin());
}

SealKey::~SealKey() { OPENSSL_cleanse(bytes_.data(), bytes_.size()); }

SealKey::SealKey(const SealKey& other) = default;
SealKey& SealKey::operator=(const SealKey& other) = default;

Result<SealKey> SealKey::generate() {
  Bytes bytes{};
  if (RAND_priv_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    return Error{"cannot generate a key for personal data: OpenSSL has no random bytes"};
  }
  SealKey key(bytes);
  OPENSSL_cleanse(bytes.data(), bytes.size());
  return key;
}

std::string SealKey::id_hex() const { return hex(id_.data(), id_.size()); }

bool is_sealed(std::string_view stored) {
  return stored.substr(0, kSealMagic.size()) == kSealMagic;
}

Result<std::string> seal(const SealKey& key, std::string_view plaintext, std::string_view context) {
  if (!fits_int(plaintext.size()) || !fits_int(context.size())) {
    return Error{"cannot seal personal data: the value is larger than 2 GiB"};
  }
  std::string out(kSealMagic);
  out.append(reinterpret_cast<const char*>(key.id().data()), key.id().size());
  const std::string header = out;
  unsigned char nonce[kNonceSize];
  if (RAND_bytes(nonce, sizeof nonce) != 1) {
    return Error{"cannot seal personal data: OpenSSL has no random bytes for a nonce"};
  }
  out.append(reinterpret_cast<const char*>(nonce), sizeof nonce);
  const size_t body = out.size();
  out.resize(body + plaintext.size() + kTagSize);
  auto* cipher = reinterpret_cast<unsigned char*>(out.data() + body);

  CipherCtx ctx(EVP_CIPHER_CTX_new());
  int n = 0, final_n = 0;
  const bool sealed =
      ctx && EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) == 1 &&
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, kNonceSize, nullptr) == 1 &&
      EVP_EncryptInit_ex(ctx.get(), nullptr, nullptr, key.bytes().data(), nonce) == 1 &&
      add_aad(ctx.get(), header, context, /*encrypt=*/true) &&
      EVP_EncryptUpdate(ctx.get(), cipher, &n, bytes_of(plaintext),
                        static_cast<int>(plaintext.size())) == 1 &&
      EVP_EncryptFinal_ex(ctx.get(), cipher + n, &final_n) == 1 &&
      static_cast<size_t>(n + final_n) == plaintext.size() &&
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagSize, cipher + plaintext.size()) ==
          1;
  if (!sealed) return Error{"cannot seal personal data: AES-256-GCM failed in OpenSSL"};
  return out;
}

Result<std::string> unseal(const SealKey& key, std::string_view sealed, std::string_view context) {
  if (!is_sealed(sealed)) return Error{"not a sealed value (no JGS1 header)"};
  if (sealed.size() < kSealOverhead) {
    return Error{fmt::format("the sealed value is truncated ({} bytes, at least {} expected)",
                             sealed.size(), kSealOverhead)};
  }
  if (!fits_int(sealed.size()) || !fits_int(context.size())) {
    return Error{"the sealed value is larger than 2 GiB"};
  }
  const std::string_view header = sealed.substr(0, kSealMagic.size() + SealKey::kIdSize);
  const std::string_view id = header.substr(kSealMagic.size());
  if (id != std::string_view(reinterpret_cast<const char*>(key.id().data()), key.id().size())) {
    return Error{fmt::format("it was sealed under another key (key id {}; this key's id is {})",
                             hex(bytes_of(id), id.size()), key.id_hex())};
  }
  const auto* nonce = bytes_of(sealed.substr(header.size(), kNonceSize));
  const std::string_view cipher =
      sealed.substr(header.size() + kNonceSize, sealed.size() - kSealOverhead);
  std::string tag(sealed.substr(sealed.size() - kTagSize));

  std::string plain(cipher.size(), '\0');
  auto* out = reinterpret_cast<unsigned char*>(plain.data());
  CipherCtx ctx(EVP_CIPHER_CTX_new());
  int n = 0, final_n = 0;
  const bool opened =
      ctx && EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) == 1 &&
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, kNonceSize, nullptr) == 1 &&
      EVP_DecryptInit_ex(ctx.get(), nullptr, nullptr, key.bytes().data(), nonce) == 1 &&
      add_aad(ctx.get(), header, context, /*encrypt=*/false) &&
      EVP_DecryptUpdate(ctx.get(), out, &n, bytes_of(cipher), static_cast<int>(cipher.size())) ==
          1 &&
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagSize, tag.data()) == 1 &&
      EVP_DecryptFinal_ex(ctx.get(), out + n, &final_n) == 1;
  if (!opened) {
    OPENSSL_cleanse(plain.data(), plain.size());
    return Error{
        "it does not authenticate: damaged, altered, or moved from another record (AES-GCM tag "
        "mismatch)"};
  }
  return plain;
}

}  // namespace jaga::privacy
