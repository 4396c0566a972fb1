// SHA-256 through OpenSSL's EVP interface, the one implementation jaga has: incremental (RAII
// over EVP_MD_CTX), of bytes in memory, and of a whole file.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"

struct evp_md_ctx_st;

namespace jaga {

class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(Sha256&&) noexcept;
  Sha256& operator=(Sha256&&) noexcept;

  void update(const void* data, size_t size);
  void update(std::string_view data) { update(data.data(), data.size()); }
  // The digest as 64 lower-case hex digits. The object must not be updated afterwards.
  std::string hex();

 private:
  struct Free {
    void operator()(evp_md_ctx_st* ctx) const;
  };
  std::unique_ptr<evp_md_ctx_st, Free> ctx_;
};

// SHA-256 of `data` as 64 lower-case hex digits (document hashes, hash chains).
std::string sha256_hex(std::string_view data);

// SHA-256 of a whole file, read in large blocks.
Result<std::string> sha256_file(const std::string& path);

}  // namespace jaga
