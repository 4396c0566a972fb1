// The two servers jaga watches, connected on first use. A failed connection is remembered for
// the rest of the run so that a down server costs one timeout, not one per check.
#pragma once

#include <memory>
#include <optional>

#include "config/config.h"
#include "core/result.h"
#include "db/connection.h"

namespace jaga::db {

enum class Role { kPrimary, kBackup };

class Servers {
 public:
  Servers(config::ServerConfig primary, config::ServerConfig backup);

  // The connection to `role`'s server, or the Error of the attempt to open it.
  Result<Connection*> get(Role role);

 private:
  struct Slot {
    config::ServerConfig config;
    std::unique_ptr<Connection> connection;
    std::optional<Error> error;
  };
  Slot& slot(Role role) { return role == Role::kPrimary ? primary_ : backup_; }

  Slot primary_;
  Slot backup_;
};

}  // namespace jaga::db
