// OpenSSL server contexts and sessions for net::Listener, each freed by its own OpenSSL function.
#pragma once

#include <openssl/ssl.h>

#include <functional>
#include <memory>

#include "core/result.h"

namespace jaga::net {

struct SslCtxFree {
  void operator()(SSL_CTX* ctx) const { SSL_CTX_free(ctx); }
};
struct SslFree {
  void operator()(SSL* ssl) const { SSL_free(ssl); }
};
using SslCtxPtr = std::unique_ptr<SSL_CTX, SslCtxFree>;
using SslPtr = std::unique_ptr<SSL, SslFree>;

// A server context for a non-blocking event loop: TLS 1.2 or later, no compression, no
// renegotiation, no session resumption (every connection's certificate is verified in full),
// partial writes, buffers released while a connection is idle. `configure` then loads the
// certificate, key and verification (e.g. peer::configure_mutual_tls); its error is returned.
Result<SslCtxPtr> make_server_tls(const std::function<Result<void>(SSL_CTX&)>& configure);

}  // namespace jaga::net
