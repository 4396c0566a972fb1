// SHA-256 of bytes as 64 lowercase hex digits (OpenSSL), for document hashes and hash chains.
#pragma once

#include <string>
#include <string_view>

namespace jaga {

std::string sha256_hex(std::string_view data);

}  // namespace jaga
