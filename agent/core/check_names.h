// The names of jaga's checks, as configuration, schedules, the store and reports spell them. The
// checks themselves (checks/registry.h) answer to these names; a unit test keeps the two lists
// equal, so configuration can validate a name without depending on the checks.
#pragma once

#include <array>
#include <string_view>

namespace jaga::check_names {

inline constexpr std::string_view kServer = "server";
inline constexpr std::string_view kReplication = "replication";
inline constexpr std::string_view kConsistency = "consistency";
inline constexpr std::string_view kSecurity = "security";
inline constexpr std::string_view kBackups = "backups";

// Every check, in the order `jaga check` runs them.
inline constexpr std::array<std::string_view, 5> kAll = {kServer, kReplication, kConsistency,
                                                         kSecurity, kBackups};

}  // namespace jaga::check_names
