// The roles of SOP-PIAK-07 that sign reports: the administrator (APK) finalizes, the
// sub-coordinator (Sub Koord) and the head of division (Kabid) receive.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace jaga::sign {

enum class Role { kApk, kSubKoord, kKabid };

// "apk", "sub_koord", "kabid": the names used on the command line, in the signer registry and
// in the certificate's title attribute.
const char* role_name(Role role);
// "APK", "Sub Koord", "Kabid": for people.
const char* role_title(Role role);
std::optional<Role> parse_role(std::string_view name);

}  // namespace jaga::sign
