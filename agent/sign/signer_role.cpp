#include "sign/signer_role.h"

namespace jaga::sign {

const char* role_name(Role role) {
  switch (role) {
    case Role::kApk:
      return "apk";
    case Role::kSubKoord:
      return "sub_koord";
    case Role::kKabid:
      return "kabid";
  }
  return "apk";
}

const char* role_title(Role role) {
  switch (role) {
    case Role::kApk:
      return "APK";
    case Role::kSubKoord:
      return "Sub Koord";
    case Role::kKabid:
      return "Kabid";
  }
  return "APK";
}

std::optional<Role> parse_role(std::string_view name) {
  for (Role role : {Role::kApk, Role::kSubKoord, Role::kKabid}) {
    if (name == role_name(role)) return role;
  }
  return std::nullopt;
}

}  // namespace jaga::sign
