#include "db/servers.h"

namespace jaga::db {

Servers::Servers(config::ServerConfig primary, config::ServerConfig backup)
    : primary_{std::move(primary), nullptr, std::nullopt},
      backup_{std::move(backup), nullptr, std::nullopt} {}

Result<Connection*> Servers::get(Role role) {
  Slot& s = slot(role);
  if (s.connection) return s.connection.get();
  if (s.error) return *s.error;
  auto opened = Connection::open(s.config);
  if (!opened) {
    s.error = opened.error();
    return opened.error();
  }
  s.connection = std::move(*opened);
  return s.connection.get();
}

}  // namespace jaga::db
