#include "net/client_address.h"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <netinet/in.h>

#include <cstring>

namespace jaga::net {

ClientAddress client_address(const sockaddr_storage& addr) {
  ClientAddress out;
  char text[INET6_ADDRSTRLEN] = {};
  if (addr.ss_family == AF_INET) {
    const auto& v4 = reinterpret_cast<const sockaddr_in&>(addr);
    inet_ntop(AF_INET, &v4.sin_addr, text, sizeof text);
    out.ip = text;
    out.port = ntohs(v4.sin_port);
    out.cap_key = out.ip;
  } else if (addr.ss_family == AF_INET6) {
    const auto& v6 = reinterpret_cast<const sockaddr_in6&>(addr);
    out.port = ntohs(v6.sin6_port);
    if (IN6_IS_ADDR_V4MAPPED(&v6.sin6_addr)) {
      in_addr v4{};
      std::memcpy(&v4, &v6.sin6_addr.s6_addr[12], sizeof v4);
      inet_ntop(AF_INET, &v4, text, sizeof text);
      out.ip = out.cap_key = text;
    } else {
      inet_ntop(AF_INET6, &v6.sin6_addr, text, sizeof text);
      out.ip = text;
      const uint8_t* b = v6.sin6_addr.s6_addr;
      out.cap_key = fmt::format("{:x}:{:x}:{:x}:{:x}::/64", b[0] << 8 | b[1], b[2] << 8 | b[3],
                                b[4] << 8 | b[5], b[6] << 8 | b[7]);
    }
  } else {
    out.ip = out.cap_key = "unknown";
  }
  return out;
}

}  // namespace jaga::net
