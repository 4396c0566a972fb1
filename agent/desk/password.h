// Secrets of the web desk: Argon2id password hashes (libsodium's crypto_pwhash_str), random
// tokens for sessions and CSRF, the SHA-256 under which a session token is kept, and a
// constant-time comparison. Thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace jaga::desk {

// An Argon2id hash in libsodium's self-describing string form ("$argon2id$v=19$m=...").
// Refuses an empty password.
Result<std::string> hash_password(const std::string& password);

// Whether `password` matches `hash` (made by hash_password). Takes the same time whether or not
// it matches; a malformed hash never matches.
bool password_matches(const std::string& hash, const std::string& password);

// 32 random bytes from the kernel's generator, as 64 lower-case hex digits.
std::string random_token();

// SHA-256 of `token` as hex: what the store keeps of a session token, so that reading the store
// does not give a live session.
std::string token_hash(std::string_view token);

// Whether a and b hold the same bytes, in time that depends only on their lengths.
bool same_secret(std::string_view a, std::string_view b);

}  // namespace jaga::desk
