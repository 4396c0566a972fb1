// The address a connection is counted under for the per-address cap.
#include "net/client_address.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <catch2/catch.hpp>
#include <cstring>

namespace jaga::net {
namespace {

sockaddr_storage v4(const char* ip, int port) {
  sockaddr_storage s{};
  auto& a = reinterpret_cast<sockaddr_in&>(s);
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  REQUIRE(inet_pton(AF_INET, ip, &a.sin_addr) == 1);
  return s;
}

sockaddr_storage v6(const char* ip, int port) {
  sockaddr_storage s{};
  auto& a = reinterpret_cast<sockaddr_in6&>(s);
  a.sin6_family = AF_INET6;
  a.sin6_port = htons(static_cast<uint16_t>(port));
  REQUIRE(inet_pton(AF_INET6, ip, &a.sin6_addr) == 1);
  return s;
}

TEST_CASE("IPv4 counts per address, IPv6 per /64, mapped IPv4 as IPv4", "[net]") {
  const ClientAddress a = client_address(v4("192.0.2.7", 40000));
  CHECK(a.ip == "192.0.2.7");
  CHECK(a.port == 40000);
  CHECK(a.cap_key == "192.0.2.7");

  const ClientAddress b = client_address(v6("2001:db8:1:2:aaaa::1", 443));
  CHECK(b.ip == "2001:db8:1:2:aaaa::1");
  CHECK(b.cap_key == "2001:db8:1:2::/64");
  CHECK(client_address(v6("2001:db8:1:2:ffff::9", 1)).cap_key == b.cap_key);

  const ClientAddress c = client_address(v6("::ffff:198.51.100.4", 5));
  CHECK(c.ip == "198.51.100.4");
  CHECK(c.cap_key == "198.51.100.4");
}

}  // namespace
}  // namespace jaga::net
