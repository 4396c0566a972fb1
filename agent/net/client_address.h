// A socket address as the listener counts it: its IP as text, its port, and the key of the
// per-address cap: the IPv4 address, or the /64 prefix of an IPv6 one (a single host commonly
// holds a whole /64, so counting single IPv6 addresses would cap nothing). An IPv4-mapped IPv6
// address counts as its IPv4 address. Pure; thread-safe.
#pragma once

#include <sys/socket.h>

#include <string>

namespace jaga::net {

struct ClientAddress {
  std::string ip;  // "192.0.2.7", "2001:db8::1"
  int port = 0;
  std::string cap_key;  // "192.0.2.7", "2001:db8:0:0::/64"
};

ClientAddress client_address(const sockaddr_storage& addr);

}  // namespace jaga::net
