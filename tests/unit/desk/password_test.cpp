#include "desk/password.h"

#include <catch2/catch.hpp>

namespace jaga::desk {

TEST_CASE("an Argon2id hash matches its password and no other", "[unit][desk]") {
  auto hash = hash_password("kata sandi yang panjang");
  REQUIRE(hash);
  CHECK(hash->starts_with("$argon2id$"));
  CHECK(hash->find("kata sandi") == std::string::npos);
  CHECK(password_matches(*hash, "kata sandi yang panjang"));
  CHECK_FALSE(password_matches(*hash, "kata sandi yang panjanG"));
  CHECK_FALSE(password_matches("", "kata sandi yang panjang"));
  CHECK_FALSE(password_matches("$argon2id$rusak", "kata sandi yang panjang"));
}

TEST_CASE("an empty desk password is refused", "[unit][desk]") {
  auto hash = hash_password("");
  REQUIRE_FALSE(hash);
  CHECK(hash.error().message == "an empty password is not allowed");
}

TEST_CASE("tokens are 64 random hex digits and their hash is SHA-256", "[unit][desk]") {
  const std::string a = random_token();
  CHECK(a.size() == 64);
  CHECK(a.find_first_not_of("0123456789abcdef") == std::string::npos);
  CHECK(a != random_token());
  CHECK(token_hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("secrets compare equal only when every byte is the same", "[unit][desk]") {
  CHECK(same_secret("abcdef", "abcdef"));
  CHECK_FALSE(same_secret("abcdef", "abcdeg"));
  CHECK_FALSE(same_secret("abcdef", "abcde"));
  CHECK_FALSE(same_secret("", "a"));
}

}  // namespace jaga::desk
