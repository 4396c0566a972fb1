// The listener's own reading of an HTTP/1.x request head (request line and headers), before
// any worker or cpp-httplib sees the request: it finds where the head ends, decides whether the
// request may be served, and how long its body is. Pure functions, no I/O; thread-safe.
//
// Refused (the status the listener answers, then closes the connection):
//   400  a malformed request line or header line, a folded header, a Content-Length that is not
//        one plain number, Transfer-Encoding together with Content-Length, or any body on GET or
//        HEAD (a GET's body has no meaning, and cpp-httplib 0.11 would read it as the next
//        request, without limit)
//   411  a body sent with Transfer-Encoding (chunked): a body must announce its length
//   413  a body longer than the listener's limit
//   415  a Content-Encoding other than identity (a compressed body could inflate without bound)
//   417  an Expect other than 100-continue
//   505  an HTTP version other than 1.0 and 1.1
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace jaga::net {

struct RequestHead {
  int refusal = 0;            // 0: may be served; otherwise the HTTP status to refuse it with
  std::string reason;         // why, one English sentence for the client (no request data in it)
  std::string method;         // as sent, e.g. "GET"
  size_t content_length = 0;  // body bytes that follow the head
  bool expects_continue = false;  // "Expect: 100-continue"
  bool wants_close = false;       // "Connection: close", or HTTP/1.0 without keep-alive
};

// The length of the head at the start of `buffer`, through the empty line that ends it; 0 while
// it is incomplete.
size_t head_length(std::string_view buffer);

// Reads `head` (as delimited by head_length) and judges it against `max_body_bytes`.
RequestHead read_request_head(std::string_view head, size_t max_body_bytes);

// A complete response refusing a request with `status` (400, 408, 411, 413, 415, 417, 431, 503,
// 505) and `reason` as its plain-text body; it asks the client to close the connection.
std::string refusal_response(int status, std::string_view reason);

}  // namespace jaga::net
