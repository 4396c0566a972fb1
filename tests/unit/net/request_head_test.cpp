// The listener's reading of a request head: where it ends, what is let through, and the status
// of everything refused.
#include "net/request_head.h"

#include <catch2/catch.hpp>

namespace jaga::net {
namespace {

TEST_CASE("the head ends at the first empty line", "[net]") {
  CHECK(head_length("GET / HTTP/1.1\r\nHost: x\r\n\r\nbody") == 27);
  CHECK(head_length("GET / HTTP/1.1\r\nHost: x\r\n") == 0);
  CHECK(head_length("GET / HTTP/1.1\n\n") == 0);  // bare line feeds end nothing
}

TEST_CASE("requests that may be served", "[net]") {
  const RequestHead get = read_request_head("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n", 0);
  CHECK(get.refusal == 0);
  CHECK(get.method == "GET");
  CHECK(get.content_length == 0);
  CHECK_FALSE(get.wants_close);

  const RequestHead post = read_request_head(
      "POST /v1/witness HTTP/1.1\r\nContent-Length:  12 \r\nExpect: 100-Continue\r\n"
      "Connection: close\r\n\r\n",
      100);
  CHECK(post.refusal == 0);
  CHECK(post.content_length == 12);
  CHECK(post.expects_continue);
  CHECK(post.wants_close);

  CHECK(read_request_head("GET / HTTP/1.0\r\n\r\n", 0).wants_close);
  CHECK_FALSE(read_request_head("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n", 0).wants_close);
  // Content-Length: 0 is no body; the same length twice is one length.
  CHECK(read_request_head("GET / HTTP/1.1\r\nContent-Length: 0\r\n\r\n", 0).refusal == 0);
  CHECK(read_request_head("PUT / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\n", 3)
            .refusal == 0);
  CHECK(read_request_head("POST / HTTP/1.1\r\nContent-Length: 3\r\nContent-Encoding: identity\r\n"
                          "\r\n",
                          3)
            .refusal == 0);
}

TEST_CASE("requests refused before any worker sees them, with their status", "[net]") {
  const std::pair<const char*, int> cases[] = {
      {"\r\n", 400},
      {"GET /\r\n\r\n", 400},
      {"GET  / HTTP/1.1\r\n\r\n", 400},
      {"GET / HTTP/1.1 x\r\n\r\n", 400},
      {"G(T / HTTP/1.1\r\n\r\n", 400},
      {"GET / HTTP/2.0\r\n\r\n", 505},
      {"GET / HTTP/1.1\r\nHost x\r\n\r\n", 400},
      {"GET / HTTP/1.1\r\nHost : x\r\n\r\n", 400},
      {"GET / HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n", 400},
      {"GET / HTTP/1.1\r\nX: a\x01z\r\n\r\n", 400},
      {"GET / HTTP/1.1\r\nContent-Length: 104857600\r\n\r\n", 400},
      {"HEAD / HTTP/1.1\r\nContent-Length: 1\r\n\r\n", 400},
      {"GET / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", 400},
      {"POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n", 400},
      {"POST / HTTP/1.1\r\nContent-Length: 1, 1\r\n\r\n", 400},
      {"POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", 400},
      {"POST / HTTP/1.1\r\nContent-Length: 9999999999999999999\r\n\r\n", 400},
      {"POST / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n", 400},
      {"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", 411},
      {"POST / HTTP/1.1\r\nContent-Length: 101\r\n\r\n", 413},
      {"POST / HTTP/1.1\r\nContent-Length: 10\r\nContent-Encoding: gzip\r\n\r\n", 415},
      {"POST / HTTP/1.1\r\nContent-Length: 10\r\nExpect: something\r\n\r\n", 417},
  };
  for (const auto& [head, status] : cases) {
    INFO(head);
    const RequestHead read = read_request_head(head, 100);
    CHECK(read.refusal == status);
    CHECK_FALSE(read.reason.empty());
  }
  CHECK(read_request_head("POST / HTTP/1.1\r\nContent-Length: 1\r\n\r\n", 0).reason ==
        "no request body is accepted here");
}

TEST_CASE("a refusal is a complete response that closes the connection", "[net]") {
  CHECK(refusal_response(413, "too big") ==
        "HTTP/1.1 413 Payload Too Large\r\nContent-Type: text/plain; charset=utf-8\r\n"
        "Content-Length: 8\r\nConnection: close\r\n\r\ntoo big\n");
  CHECK_THAT(refusal_response(503, "busy"), Catch::Contains("Retry-After: 1\r\n"));
}

}  // namespace
}  // namespace jaga::net
