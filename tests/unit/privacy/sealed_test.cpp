#include "privacy/sealed.h"

#include <catch2/catch.hpp>
#include <string>

namespace jaga::privacy {
namespace {

using Catch::Contains;

const std::string kNik = "3322010101900001";
const std::string kContext = "results.personal run=7 check=consistency";

SealKey key_of(unsigned char fill) {
  SealKey::Bytes bytes{};
  bytes.fill(fill);
  return SealKey(bytes);
}

std::string sealed_nik(const SealKey& key) {
  auto sealed = seal(key, R"({"key":")" + kNik + R"("})", kContext);
  REQUIRE(sealed.ok());
  return *sealed;
}

std::string refusal(const Result<std::string>& opened) {
  REQUIRE_FALSE(opened.ok());
  return opened.error().message;
}

TEST_CASE("a sealed value opens to its plaintext with its key and context", "[sealed]") {
  const SealKey key = key_of(1);
  auto opened = unseal(key, sealed_nik(key), kContext);
  REQUIRE(opened.ok());
  CHECK(*opened == R"({"key":")" + kNik + R"("})");
}

TEST_CASE("empty and binary plaintexts survive sealing", "[sealed]") {
  const SealKey key = key_of(2);
  const std::string binary("\0\x01\xff\n3322", 8);
  for (const std::string& plain : {std::string(), binary}) {
    auto sealed = seal(key, plain, kContext);
    REQUIRE(sealed.ok());
    CHECK(sealed->size() == plain.size() + kSealOverhead);
    auto opened = unseal(key, *sealed, kContext);
    REQUIRE(opened.ok());
    CHECK(*opened == plain);
  }
}

TEST_CASE("a sealed value holds no trace of its plaintext", "[sealed]") {
  const std::string sealed = sealed_nik(key_of(3));
  CHECK(is_sealed(sealed));
  CHECK(sealed.find(kNik) == std::string::npos);
  CHECK(sealed.find("3322") == std::string::npos);
}

TEST_CASE("sealing the same value twice gives different bytes (a fresh nonce each time)",
          "[sealed]") {
  const SealKey key = key_of(4);
  CHECK(sealed_nik(key) != sealed_nik(key));
}

TEST_CASE("a value with any byte changed is refused", "[sealed]") {
  const SealKey key = key_of(5);
  const std::string sealed = sealed_nik(key);
  for (size_t i = 0; i < sealed.size(); ++i) {
    std::string tampered = sealed;
    tampered[i] = static_cast<char>(tampered[i] ^ 0x01);
    INFO("byte " << i);
    CHECK_FALSE(unseal(key, tampered, kContext).ok());
  }
}

TEST_CASE("a changed ciphertext or tag is refused as not authenticating", "[sealed]") {
  const SealKey key = key_of(6);
  std::string sealed = sealed_nik(key);
  sealed[sealed.size() - 1] = static_cast<char>(sealed.back() ^ 0x80);
  CHECK_THAT(refusal(unseal(key, sealed, kContext)), Contains("does not authenticate"));
}

TEST_CASE("a value moved to another context is refused", "[sealed]") {
  const SealKey key = key_of(7);
  CHECK_THAT(refusal(unseal(key, sealed_nik(key), "results.personal run=8 check=consistency")),
             Contains("does not authenticate"));
}

TEST_CASE("a value opened with another key is refused naming both key ids", "[sealed]") {
  const SealKey mine = key_of(8), other = key_of(9);
  CHECK_THAT(refusal(unseal(other, sealed_nik(mine), kContext)),
             Contains("another key") && Contains(mine.id_hex()) && Contains(other.id_hex()));
}

TEST_CASE("a value whose key id was forged to another key's still does not open", "[sealed]") {
  const SealKey mine = key_of(10), other = key_of(11);
  std::string sealed = sealed_nik(mine);
  sealed.replace(kSealMagic.size(), SealKey::kIdSize,
                 std::string(reinterpret_cast<const char*>(other.id().data()), SealKey::kIdSize));
  CHECK_THAT(refusal(unseal(other, sealed, kContext)), Contains("does not authenticate"));
}

TEST_CASE("every truncation of a sealed value is refused", "[sealed]") {
  const SealKey key = key_of(12);
  const std::string sealed = sealed_nik(key);
  for (size_t n = 0; n < sealed.size(); ++n) {
    INFO("first " << n << " bytes");
    CHECK_FALSE(unseal(key, sealed.substr(0, n), kContext).ok());
  }
  CHECK_THAT(refusal(unseal(key, sealed.substr(0, kSealOverhead - 1), kContext)),
             Contains("truncated"));
}

TEST_CASE("bytes appended to a sealed value are refused", "[sealed]") {
  const SealKey key = key_of(13);
  CHECK_FALSE(unseal(key, sealed_nik(key) + "x", kContext).ok());
}

TEST_CASE("values of hostile lengths with a valid header are refused without reading past them",
          "[sealed]") {
  const SealKey key = key_of(14);
  const std::string header =
      std::string(kSealMagic) +
      std::string(reinterpret_cast<const char*>(key.id().data()), SealKey::kIdSize);
  for (size_t extra : {size_t{0}, size_t{1}, kNonceSize, kNonceSize + kTagSize - 1,
                       kNonceSize + kTagSize, size_t{4096}}) {
    INFO(extra << " bytes after the header");
    CHECK_FALSE(unseal(key, header + std::string(extra, '\xff'), kContext).ok());
  }
}

TEST_CASE("text that is not a sealed value is refused as such", "[sealed]") {
  const SealKey key = key_of(15);
  CHECK_FALSE(is_sealed(R"({"key":"3322010101900001"})"));
  CHECK_THAT(refusal(unseal(key, R"({"key":"3322010101900001"})", kContext)),
             Contains("not a sealed value"));
  CHECK_THAT(refusal(unseal(key, "", kContext)), Contains("not a sealed value"));
}

TEST_CASE("generated keys differ and have different ids", "[sealed]") {
  auto a = SealKey::generate();
  auto b = SealKey::generate();
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  CHECK(a->bytes() != b->bytes());
  CHECK(a->id() != b->id());
  CHECK(a->id_hex().size() == 2 * SealKey::kIdSize);
}

}  // namespace
}  // namespace jaga::privacy
