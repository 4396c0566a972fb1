// The routes of one listener and the HTTP handling of one request, done by cpp-httplib's own
// request code (parsing, routing, response writing) on a request held in memory: the listener
// reads the request off the network and writes the response back, so no httplib code ever waits
// on a socket. Register routes with httplib::Server's Get/Post/... before the listener starts;
// serve() may then run on several threads at once.
//
// Differences from a plain httplib::Server: Range headers are ignored (the whole representation
// is sent: a request with a thousand ranges cannot multiply a response), and an exception from a
// handler becomes a 500 without its text.
#pragma once

#include <httplib.h>
#include <openssl/ssl.h>

#include <string>

namespace jaga::net {

// Where a request came from, as the handler sees it (httplib::Request's remote_addr,
// remote_port, and `ssl` for the client's certificate).
struct RequestOrigin {
  std::string remote_ip;
  int remote_port = 0;
  std::string local_ip;
  int local_port = 0;
  const SSL* ssl = nullptr;  // set on TLS connections; valid while serve() runs
};

struct RoutedResponse {
  std::string bytes;   // the complete response: status line, headers, body
  bool close = false;  // the connection closes after it
};

class HttpRouter : public httplib::Server {
 public:
  HttpRouter();

  // Serves `request` (one complete request: head and the body its Content-Length announces).
  // `last`: the response says "Connection: close". `continue_sent`: the listener already sent
  // "100 Continue", so httplib's own is left out.
  RoutedResponse serve(const std::string& request, const RequestOrigin& origin, bool last,
                       bool continue_sent);
};

}  // namespace jaga::net
