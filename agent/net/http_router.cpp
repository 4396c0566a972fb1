#include "net/http_router.h"

#include <spdlog/spdlog.h>

#include <exception>
#include <string_view>

namespace jaga::net {
namespace {

constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";

// httplib's Stream over a request in memory: reads come from it, writes go to the response.
class MemoryStream final : public httplib::Stream {
 public:
  MemoryStream(const std::string& request, const RequestOrigin& origin, bool continue_sent,
               std::string& out)
      : request_(request), origin_(origin), drop_continue_(continue_sent), out_(out) {}

  bool is_readable() const override { return read_ < request_.size(); }
  bool is_writable() const override { return true; }
  ssize_t read(char* ptr, size_t size) override {
    const size_t n = std::min(size, request_.size() - read_);
    request_.copy(ptr, n, read_);
    read_ += n;
    return static_cast<ssize_t>(n);
  }
  ssize_t write(const char* ptr, size_t size) override {
    const std::string_view data(ptr, size);
    if (drop_continue_ && out_.empty() && data == kContinue) {
      drop_continue_ = false;
      return static_cast<ssize_t>(size);
    }
    out_.append(data);
    return static_cast<ssize_t>(size);
  }
  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    ip = origin_.remote_ip;
    port = origin_.remote_port;
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    ip = origin_.local_ip;
    port = origin_.local_port;
  }
  socket_t socket() const override { return INVALID_SOCKET; }

 private:
  const std::string& request_;
  size_t read_ = 0;
  const RequestOrigin& origin_;
  bool drop_continue_;
  std::string& out_;
};

}  // namespace

HttpRouter::HttpRouter() {
  set_exception_handler(
      [](const httplib::Request& req, httplib::Response& res, std::exception_ptr error) {
        try {
          std::rethrow_exception(error);
        } catch (const std::exception& e) {
          spdlog::error("HTTP {} {}: handler failed: {}", req.method, req.path, e.what());
        } catch (...) {
          spdlog::error("HTTP {} {}: handler failed", req.method, req.path);
        }
        res.status = 500;
        res.set_content("internal error\n", "text/plain");
      });
}

RoutedResponse HttpRouter::serve(const std::string& request, const RequestOrigin& origin, bool last,
                                 bool continue_sent) {
  RoutedResponse response;
  MemoryStream stream(request, origin, continue_sent, response.bytes);
  bool client_closes = false;
  try {
    const bool ok = process_request(stream, last, client_closes, [&](httplib::Request& req) {
      req.ssl = origin.ssl;
      req.ranges.clear();
    });
    response.close = last || client_closes || !ok;
  } catch (const std::exception& e) {
    spdlog::error("HTTP request from {} failed: {}", origin.remote_ip, e.what());
    response.bytes =
        "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    response.close = true;
  }
  if (response.bytes.empty()) response.close = true;  // nothing to answer: a broken request
  return response;
}

}  // namespace jaga::net
